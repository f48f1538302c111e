-- Sales: customers, contracts, proposals, and the per-company document-number
-- counters (one row per company and document kind holding the last number
-- allocated; internal/platform/docnum).
-- +goose Up
CREATE TABLE "document_counters" (
    "company_id" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "last_number" BIGINT NOT NULL,
    PRIMARY KEY ("company_id", "kind")
);

CREATE TABLE "customers" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "customer_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "tax_number" TEXT,
    "alternate_number" TEXT,
    "billing_address" TEXT,
    "shipping_address" TEXT
);
CREATE INDEX "idx_customers_company" ON "customers" ("company_id", "created_at");

CREATE TABLE "contracts" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "contract_number" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "project" TEXT,
    "type" TEXT NOT NULL,
    "value" BIGINT NOT NULL,
    "currency" TEXT,
    "start_date" BIGINT NOT NULL,
    "end_date" BIGINT NOT NULL,
    "description" TEXT,
    "phone" TEXT,
    "city" TEXT,
    "state" TEXT,
    "country" TEXT,
    "zipcode" TEXT,
    "address" TEXT,
    "notes" TEXT
);
CREATE INDEX "idx_contracts_company" ON "contracts" ("company_id", "created_at");

CREATE TABLE "proposals" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "lead_title" TEXT NOT NULL,
    "deal_title" TEXT NOT NULL,
    "valid_till" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT,
    "items" TEXT,
    "discount_rate" TEXT NOT NULL,
    "subtotal" TEXT NOT NULL,
    "discount" TEXT NOT NULL,
    "tax" TEXT NOT NULL,
    "calculated_tax" TEXT NOT NULL,
    "total" TEXT NOT NULL
);
CREATE INDEX "idx_proposals_company" ON "proposals" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_customers_number" ON "customers" ("company_id", "customer_number");
CREATE UNIQUE INDEX "uq_contracts_number" ON "contracts" ("company_id", "contract_number");

-- +goose Down
DROP TABLE "proposals";
DROP TABLE "contracts";
DROP TABLE "customers";
DROP TABLE "document_counters";
