-- CRM module: pipelines and stages, lead sources, tags, leads, deals, support tickets.
-- The /tags group (the web client's project tags) is crm_tags; the table tags holds the labels of /labels.
--
-- Lists and their indexes. The engine answers GET /<resource> with
--   SELECT ... WHERE company_id = ? [AND <filter> = ?] ORDER BY <sort keys>, created_at DESC, id DESC LIMIT ? OFFSET ?
-- plus SELECT COUNT(*) with the same WHERE for a page's total. Text sort keys are ordered by LOWER(col), so that
-- every database orders them alike whatever its collation. Leads and deals are the tables with the most rows
-- (100,000 leads in one company is a case the benchmarks measure), so each sortable column gets an index that
-- gives the page in order from its first entries, without sorting the company's rows:
--   * default order: (company_id, created_at, id), read backwards for created_at DESC, id DESC;
--   * updatedAt and the other instant and money columns: (company_id, col, created_at DESC, id DESC) for sort=col
--     and (company_id, col DESC, created_at DESC, id DESC) for sort=-col;
--   * text columns (leadTitle, firstName, lastName, dealName): the same pair on LOWER(col), expression indexes
--     that match the engine's ORDER BY LOWER(col) exactly (SQLite and PostgreSQL).
--   * filters (status, pipeline, stage…): (company_id, col, created_at, id), which answers "this stage, newest
--     first" from the index and also serves the in-use counts that guard deletes.
-- The engine's tie-breakers are always descending, so one index cannot serve both directions in full: read
-- backwards, (col, created_at DESC, id DESC) gives col DESC but created_at ASC, and SQLite then sorts every row
-- of the company ("temp b-tree for right part of ORDER BY" does not stop at the page), which measured 8x slower
-- at 100,000 leads. Hence one index per direction, for the few sortable columns only. The COUNT(*) reads the
-- narrowest index on company_id. q search (LIKE '%text%' over the searchable columns) cannot use a B-tree index: it scans the company's rows in index
-- order and stops at the page's end, while the COUNT(*) reads them all (see the README's benchmark table).
-- MySQL/MariaDB have no expression indexes (MariaDB) and cannot order by LOWER(col) from a plain index, so there
-- text sorts are a filesort over the company's rows; the other indexes are the same.
-- Names are unique per company (and kind, for tags) ignoring case: LOWER() unique indexes, and on MySQL the
-- case-insensitive utf8mb4_unicode_ci collation. The engine checks first and answers 409; the index settles races.
-- +goose Up
CREATE TABLE "pipelines" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "pipeline_name" TEXT NOT NULL
);
CREATE INDEX "idx_pipelines_company" ON "pipelines" ("company_id", "created_at", "id");
CREATE UNIQUE INDEX "uq_pipelines_pipeline_name" ON "pipelines" ("company_id", LOWER("pipeline_name"));

CREATE TABLE "stages" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "stage_type" TEXT NOT NULL,
    "stage_name" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL
);
CREATE INDEX "idx_stages_company" ON "stages" ("company_id", "created_at", "id");

CREATE TABLE "sources" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "source_name" TEXT NOT NULL,
    "description" TEXT
);
CREATE INDEX "idx_sources_company" ON "sources" ("company_id", "created_at", "id");
CREATE UNIQUE INDEX "uq_sources_source_name" ON "sources" ("company_id", LOWER("source_name"));

CREATE TABLE "crm_tags" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "tag_type" TEXT NOT NULL,
    "color" TEXT
);
CREATE INDEX "idx_crm_tags_company" ON "crm_tags" ("company_id", "created_at", "id");

CREATE TABLE "leads" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "lead_title" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "telephone" TEXT,
    "email" TEXT,
    "lead_owner" TEXT,
    "assigned_id" TEXT,
    "category" TEXT,
    "status" TEXT NOT NULL,
    "source_id" TEXT,
    "pipeline_id" TEXT,
    "stage_id" TEXT,
    "company_name" TEXT,
    "website" TEXT,
    "country" TEXT,
    "city" TEXT,
    "state" TEXT,
    "zip_code" TEXT,
    "address" TEXT,
    "notes" TEXT,
    "converted" INTEGER NOT NULL,
    "deal_id" TEXT,
    "customer_id" TEXT
);
CREATE INDEX "idx_leads_company" ON "leads" ("company_id", "created_at", "id");

CREATE TABLE "deals" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "deal_name" TEXT NOT NULL,
    "lead_id" TEXT,
    "pipeline_id" TEXT NOT NULL,
    "stage_id" TEXT NOT NULL,
    "currency" TEXT,
    "price" INTEGER NOT NULL,
    "closed_date" INTEGER,
    "category" TEXT,
    "project" TEXT,
    "phone_number" TEXT,
    "status" TEXT NOT NULL,
    "status_date" INTEGER
);
CREATE INDEX "idx_deals_company" ON "deals" ("company_id", "created_at", "id");

CREATE TABLE "tickets" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "ticket_subject" TEXT NOT NULL,
    "requestor" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "assign_group" TEXT,
    "agent_id" TEXT,
    "project" TEXT,
    "type" TEXT,
    "priority" TEXT,
    "status" TEXT NOT NULL,
    "channel_name" TEXT,
    "tag" TEXT,
    "files" TEXT
);
CREATE INDEX "idx_tickets_company" ON "tickets" ("company_id", "created_at", "id");

-- sort=createdAt and sort=-createdAt: the engine appends its tie-breakers even when the sort names created_at,
-- so the query reads ORDER BY created_at ASC|DESC, created_at DESC, id DESC. PostgreSQL drops the repeated key;
-- SQLite's planner does not, and without these it sorts every row of the company.
CREATE INDEX "idx_leads_created_at_asc" ON "leads" ("company_id", "created_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_created_at_desc" ON "leads" ("company_id", "created_at" DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_created_at_asc" ON "deals" ("company_id", "created_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_created_at_desc" ON "deals" ("company_id", "created_at" DESC, "created_at" DESC, "id" DESC);
CREATE UNIQUE INDEX "uq_crm_tags_name" ON "crm_tags" ("company_id", "tag_type", LOWER("name"));
CREATE INDEX "idx_stages_pipeline" ON "stages" ("company_id", "pipeline_id", "stage_type", "position");
CREATE INDEX "idx_leads_lead_title" ON "leads" ("company_id", LOWER("lead_title"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_lead_title_desc" ON "leads" ("company_id", LOWER("lead_title") DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_first_name" ON "leads" ("company_id", LOWER("first_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_first_name_desc" ON "leads" ("company_id", LOWER("first_name") DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_last_name" ON "leads" ("company_id", LOWER("last_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_last_name_desc" ON "leads" ("company_id", LOWER("last_name") DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_updated_at" ON "leads" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_updated_at_desc" ON "leads" ("company_id", "updated_at" DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_status" ON "leads" ("company_id", "status", "created_at", "id");
CREATE INDEX "idx_leads_pipeline_id" ON "leads" ("company_id", "pipeline_id", "created_at", "id");
CREATE INDEX "idx_leads_stage_id" ON "leads" ("company_id", "stage_id", "created_at", "id");
CREATE INDEX "idx_leads_source_id" ON "leads" ("company_id", "source_id");
CREATE INDEX "idx_leads_deal_id" ON "leads" ("company_id", "deal_id");
CREATE INDEX "idx_deals_deal_name" ON "deals" ("company_id", LOWER("deal_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_deal_name_desc" ON "deals" ("company_id", LOWER("deal_name") DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_updated_at" ON "deals" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_updated_at_desc" ON "deals" ("company_id", "updated_at" DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_price" ON "deals" ("company_id", "price", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_price_desc" ON "deals" ("company_id", "price" DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_closed_date" ON "deals" ("company_id", "closed_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_closed_date_desc" ON "deals" ("company_id", "closed_date" DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_status" ON "deals" ("company_id", "status", "created_at", "id");
CREATE INDEX "idx_deals_pipeline_id" ON "deals" ("company_id", "pipeline_id", "created_at", "id");
CREATE INDEX "idx_deals_stage_id" ON "deals" ("company_id", "stage_id", "created_at", "id");
CREATE INDEX "idx_deals_lead_id" ON "deals" ("company_id", "lead_id", "created_at", "id");
CREATE INDEX "idx_tickets_status" ON "tickets" ("company_id", "status", "created_at", "id");
CREATE INDEX "idx_tickets_agent_id" ON "tickets" ("company_id", "agent_id", "created_at", "id");

-- +goose Down
DROP TABLE "tickets";
DROP TABLE "deals";
DROP TABLE "leads";
DROP TABLE "crm_tags";
DROP TABLE "sources";
DROP TABLE "stages";
DROP TABLE "pipelines";
