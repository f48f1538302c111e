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
--     and (company_id, col DESC, created_at DESC, id DESC) for sort=-col (SQLite and PostgreSQL);
--   * text columns (leadTitle, firstName, lastName, dealName): the same pair on LOWER(col), expression indexes
--     that match the engine's ORDER BY LOWER(col) exactly (SQLite and PostgreSQL).
--   * filters (status, pipeline, stage…): (company_id, col, created_at, id), which answers "this stage, newest
--     first" from the index and also serves the in-use counts that guard deletes.
-- The engine's tie-breakers are always descending, so one index cannot serve both directions in full.
-- The COUNT(*) reads the narrowest index on company_id. q search (LIKE '%text%' over the searchable columns)
-- cannot use a B-tree index: it scans the company's rows in index order and stops at the page's end, while the COUNT(*) reads them all (see the README's benchmark table).
-- MySQL/MariaDB have no expression indexes (MariaDB) and cannot order by LOWER(col) from a plain index, so there
-- text sorts are a filesort over the company's rows. Here the instant and money indexes are (company_id, col,
-- created_at, id), which MySQL reads in either direction for the column and then sorts the ties; the filter
-- indexes are the same as on the other databases.
-- Names are unique per company (and kind, for tags) ignoring case: LOWER() unique indexes, and on MySQL the
-- case-insensitive utf8mb4_unicode_ci collation. The engine checks first and answers 409; the index settles races.
-- +goose Up
CREATE TABLE `pipelines` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `pipeline_name` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_pipelines_company` ON `pipelines` (`company_id`, `created_at`, `id`);
CREATE UNIQUE INDEX `uq_pipelines_pipeline_name` ON `pipelines` (`company_id`, `pipeline_name`);

CREATE TABLE `stages` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `stage_type` VARCHAR(255) NOT NULL,
    `stage_name` VARCHAR(255) NOT NULL,
    `pipeline_id` VARCHAR(255) NOT NULL,
    `position` BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_stages_company` ON `stages` (`company_id`, `created_at`, `id`);

CREATE TABLE `sources` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `source_name` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_sources_company` ON `sources` (`company_id`, `created_at`, `id`);
CREATE UNIQUE INDEX `uq_sources_source_name` ON `sources` (`company_id`, `source_name`);

CREATE TABLE `crm_tags` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `tag_type` VARCHAR(255) NOT NULL,
    `color` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_crm_tags_company` ON `crm_tags` (`company_id`, `created_at`, `id`);

CREATE TABLE `leads` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `lead_title` VARCHAR(255) NOT NULL,
    `first_name` VARCHAR(255) NOT NULL,
    `last_name` VARCHAR(255) NOT NULL,
    `telephone` VARCHAR(255),
    `email` VARCHAR(255),
    `lead_owner` VARCHAR(255),
    `assigned_id` VARCHAR(255),
    `category` VARCHAR(255),
    `status` VARCHAR(255) NOT NULL,
    `source_id` VARCHAR(255),
    `pipeline_id` VARCHAR(255),
    `stage_id` VARCHAR(255),
    `company_name` VARCHAR(255),
    `website` TEXT,
    `country` VARCHAR(255),
    `city` VARCHAR(255),
    `state` VARCHAR(255),
    `zip_code` VARCHAR(255),
    `address` TEXT,
    `notes` MEDIUMTEXT,
    `converted` TINYINT(1) NOT NULL,
    `deal_id` VARCHAR(255),
    `customer_id` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_leads_company` ON `leads` (`company_id`, `created_at`, `id`);

CREATE TABLE `deals` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `deal_name` VARCHAR(255) NOT NULL,
    `lead_id` VARCHAR(255),
    `pipeline_id` VARCHAR(255) NOT NULL,
    `stage_id` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255),
    `price` BIGINT NOT NULL,
    `closed_date` BIGINT,
    `category` VARCHAR(255),
    `project` VARCHAR(255),
    `phone_number` VARCHAR(255),
    `status` VARCHAR(255) NOT NULL,
    `status_date` BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_deals_company` ON `deals` (`company_id`, `created_at`, `id`);

CREATE TABLE `tickets` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `ticket_subject` VARCHAR(255) NOT NULL,
    `requestor` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT NOT NULL,
    `assign_group` VARCHAR(255),
    `agent_id` VARCHAR(255),
    `project` VARCHAR(255),
    `type` VARCHAR(255),
    `priority` VARCHAR(255),
    `status` VARCHAR(255) NOT NULL,
    `channel_name` VARCHAR(255),
    `tag` VARCHAR(255),
    `files` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_tickets_company` ON `tickets` (`company_id`, `created_at`, `id`);

CREATE UNIQUE INDEX `uq_crm_tags_name` ON `crm_tags` (`company_id`, `tag_type`, `name`);
CREATE INDEX `idx_stages_pipeline` ON `stages` (`company_id`, `pipeline_id`, `stage_type`, `position`);
CREATE INDEX `idx_leads_updated_at` ON `leads` (`company_id`, `updated_at`, `created_at`, `id`);
CREATE INDEX `idx_leads_status` ON `leads` (`company_id`, `status`, `created_at`, `id`);
CREATE INDEX `idx_leads_pipeline_id` ON `leads` (`company_id`, `pipeline_id`, `created_at`, `id`);
CREATE INDEX `idx_leads_stage_id` ON `leads` (`company_id`, `stage_id`, `created_at`, `id`);
CREATE INDEX `idx_leads_source_id` ON `leads` (`company_id`, `source_id`);
CREATE INDEX `idx_leads_deal_id` ON `leads` (`company_id`, `deal_id`);
CREATE INDEX `idx_deals_updated_at` ON `deals` (`company_id`, `updated_at`, `created_at`, `id`);
CREATE INDEX `idx_deals_price` ON `deals` (`company_id`, `price`, `created_at`, `id`);
CREATE INDEX `idx_deals_closed_date` ON `deals` (`company_id`, `closed_date`, `created_at`, `id`);
CREATE INDEX `idx_deals_status` ON `deals` (`company_id`, `status`, `created_at`, `id`);
CREATE INDEX `idx_deals_pipeline_id` ON `deals` (`company_id`, `pipeline_id`, `created_at`, `id`);
CREATE INDEX `idx_deals_stage_id` ON `deals` (`company_id`, `stage_id`, `created_at`, `id`);
CREATE INDEX `idx_deals_lead_id` ON `deals` (`company_id`, `lead_id`, `created_at`, `id`);
CREATE INDEX `idx_tickets_status` ON `tickets` (`company_id`, `status`, `created_at`, `id`);
CREATE INDEX `idx_tickets_agent_id` ON `tickets` (`company_id`, `agent_id`, `created_at`, `id`);

-- +goose Down
DROP TABLE `tickets`;
DROP TABLE `deals`;
DROP TABLE `leads`;
DROP TABLE `crm_tags`;
DROP TABLE `sources`;
DROP TABLE `stages`;
DROP TABLE `pipelines`;
