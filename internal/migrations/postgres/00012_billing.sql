-- Billing: project invoices, payments and expenses; sales quotations, sales
-- invoices, sales revenue and credit notes. Amounts are exact decimal strings
-- with the currency's digits, as in the priced documents of 00008.
-- +goose Up
CREATE TABLE "invoices" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "invoice_number" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "issue_date" BIGINT NOT NULL,
    "due_date" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "items" TEXT,
    "discount_rate" TEXT NOT NULL,
    "subtotal" TEXT NOT NULL,
    "discount" TEXT NOT NULL,
    "tax" TEXT NOT NULL,
    "calculated_tax" TEXT NOT NULL,
    "total" TEXT NOT NULL,
    "paid_amount" TEXT NOT NULL,
    "credited_amount" TEXT NOT NULL,
    "amount_due" TEXT NOT NULL,
    "status" TEXT NOT NULL
);
CREATE INDEX "idx_invoices_company" ON "invoices" ("company_id", "created_at");
CREATE INDEX "idx_invoices_parent" ON "invoices" ("company_id", "related_id", "created_at");

CREATE TABLE "payments" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "invoice" TEXT NOT NULL,
    "paid_on" BIGINT NOT NULL,
    "amount" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "transaction_id" TEXT,
    "payment_method" TEXT NOT NULL,
    "receipt" TEXT,
    "remark" TEXT
);
CREATE INDEX "idx_payments_company" ON "payments" ("company_id", "created_at");
CREATE INDEX "idx_payments_parent" ON "payments" ("company_id", "related_id", "created_at");

CREATE TABLE "expenses" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "price" TEXT NOT NULL,
    "purchase_date" BIGINT NOT NULL,
    "employee" TEXT,
    "description" TEXT,
    "bill" TEXT
);
CREATE INDEX "idx_expenses_company" ON "expenses" ("company_id", "created_at");
CREATE INDEX "idx_expenses_parent" ON "expenses" ("company_id", "related_id", "created_at");

CREATE TABLE "sales_quotations" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "sales_quotation_number" TEXT NOT NULL,
    "customer" TEXT NOT NULL,
    "issue_date" BIGINT NOT NULL,
    "category" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "items" TEXT,
    "discount_rate" TEXT NOT NULL,
    "subtotal" TEXT NOT NULL,
    "discount" TEXT NOT NULL,
    "tax" TEXT NOT NULL,
    "calculated_tax" TEXT NOT NULL,
    "total" TEXT NOT NULL
);
CREATE INDEX "idx_sales_quotations_company" ON "sales_quotations" ("company_id", "created_at");

CREATE TABLE "sales_invoices" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "sales_invoice_number" TEXT NOT NULL,
    "customer" TEXT NOT NULL,
    "issue_date" BIGINT NOT NULL,
    "due_date" BIGINT NOT NULL,
    "category" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "items" TEXT,
    "discount_rate" TEXT NOT NULL,
    "subtotal" TEXT NOT NULL,
    "discount" TEXT NOT NULL,
    "tax" TEXT NOT NULL,
    "calculated_tax" TEXT NOT NULL,
    "total" TEXT NOT NULL,
    "paid_amount" TEXT NOT NULL,
    "credited_amount" TEXT NOT NULL,
    "amount_due" TEXT NOT NULL,
    "status" TEXT NOT NULL
);
CREATE INDEX "idx_sales_invoices_company" ON "sales_invoices" ("company_id", "created_at");

CREATE TABLE "sales_revenues" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "date" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "customer" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT NOT NULL,
    "payment_receipt" TEXT
);
CREATE INDEX "idx_sales_revenues_company" ON "sales_revenues" ("company_id", "created_at");

CREATE TABLE "sales_creditnotes" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "invoice" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "date" BIGINT NOT NULL,
    "description" TEXT
);
CREATE INDEX "idx_sales_creditnotes_company" ON "sales_creditnotes" ("company_id", "created_at");

CREATE UNIQUE INDEX "uq_invoices_number" ON "invoices" ("company_id", "invoice_number");
CREATE UNIQUE INDEX "uq_sales_quotations_number" ON "sales_quotations" ("company_id", "sales_quotation_number");
CREATE UNIQUE INDEX "uq_sales_invoices_number" ON "sales_invoices" ("company_id", "sales_invoice_number");
CREATE INDEX "idx_payments_invoice" ON "payments" ("company_id", "invoice");
CREATE INDEX "idx_sales_creditnotes_invoice" ON "sales_creditnotes" ("company_id", "invoice");

-- +goose Down
DROP TABLE "sales_creditnotes";
DROP TABLE "sales_revenues";
DROP TABLE "sales_invoices";
DROP TABLE "sales_quotations";
DROP TABLE "expenses";
DROP TABLE "payments";
DROP TABLE "invoices";
