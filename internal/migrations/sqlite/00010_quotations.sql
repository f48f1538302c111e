-- Quotations, estimates and products: parent-scoped (related_id: a lead, deal
-- or project), quotations and estimates priced by line items and numbered
-- per company (QUO#n, EST#n; internal/platform/docnum).
-- +goose Up
CREATE TABLE "quotations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "related_id" TEXT NOT NULL,
    "quotation_number" TEXT NOT NULL,
    "valid_till" INTEGER NOT NULL,
    "lead" TEXT,
    "client" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "items" TEXT,
    "discount_rate" TEXT NOT NULL,
    "subtotal" TEXT NOT NULL,
    "discount" TEXT NOT NULL,
    "tax" TEXT NOT NULL,
    "calculated_tax" TEXT NOT NULL,
    "total" TEXT NOT NULL
);
CREATE INDEX "idx_quotations_company" ON "quotations" ("company_id", "created_at");
CREATE INDEX "idx_quotations_related" ON "quotations" ("company_id", "related_id", "created_at");
CREATE UNIQUE INDEX "uq_quotations_number" ON "quotations" ("company_id", "quotation_number");

CREATE TABLE "estimates" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "related_id" TEXT NOT NULL,
    "estimate_number" TEXT NOT NULL,
    "valid_till" INTEGER NOT NULL,
    "project" TEXT,
    "client" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "items" TEXT,
    "discount_rate" TEXT NOT NULL,
    "subtotal" TEXT NOT NULL,
    "discount" TEXT NOT NULL,
    "tax" TEXT NOT NULL,
    "calculated_tax" TEXT NOT NULL,
    "total" TEXT NOT NULL
);
CREATE INDEX "idx_estimates_company" ON "estimates" ("company_id", "created_at");
CREATE INDEX "idx_estimates_related" ON "estimates" ("company_id", "related_id", "created_at");
CREATE UNIQUE INDEX "uq_estimates_number" ON "estimates" ("company_id", "estimate_number");

CREATE TABLE "products" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "related_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "price" INTEGER NOT NULL,
    "currency" TEXT,
    "sku" TEXT,
    "tax" TEXT,
    "hsn_sac" TEXT,
    "description" TEXT,
    "files" TEXT
);
CREATE INDEX "idx_products_company" ON "products" ("company_id", "created_at");
CREATE INDEX "idx_products_related" ON "products" ("company_id", "related_id", "created_at");

-- +goose Down
DROP TABLE "products";
DROP TABLE "estimates";
DROP TABLE "quotations";
