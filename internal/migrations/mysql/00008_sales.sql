-- Sales: customers, contracts, proposals, and the per-company document-number
-- counters (one row per company and document kind holding the last number
-- allocated; internal/platform/docnum).
-- +goose Up
CREATE TABLE `document_counters` (
    `company_id` VARCHAR(64) NOT NULL,
    `kind` VARCHAR(32) NOT NULL,
    `last_number` BIGINT NOT NULL,
    PRIMARY KEY (`company_id`, `kind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `customers` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `customer_number` VARCHAR(255) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `contact` VARCHAR(255) NOT NULL,
    `email` VARCHAR(255) NOT NULL,
    `tax_number` VARCHAR(255),
    `alternate_number` VARCHAR(255),
    `billing_address` LONGTEXT,
    `shipping_address` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_customers_company` ON `customers` (`company_id`, `created_at`);

CREATE TABLE `contracts` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `contract_number` VARCHAR(255) NOT NULL,
    `subject` VARCHAR(255) NOT NULL,
    `client` VARCHAR(255) NOT NULL,
    `project` VARCHAR(255),
    `type` VARCHAR(255) NOT NULL,
    `value` BIGINT NOT NULL,
    `currency` VARCHAR(255),
    `start_date` BIGINT NOT NULL,
    `end_date` BIGINT NOT NULL,
    `description` MEDIUMTEXT,
    `phone` VARCHAR(255),
    `city` VARCHAR(255),
    `state` VARCHAR(255),
    `country` VARCHAR(255),
    `zipcode` VARCHAR(255),
    `address` VARCHAR(255),
    `notes` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_contracts_company` ON `contracts` (`company_id`, `created_at`);

CREATE TABLE `proposals` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `lead_title` VARCHAR(255) NOT NULL,
    `deal_title` VARCHAR(255) NOT NULL,
    `valid_till` BIGINT NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT,
    `items` LONGTEXT,
    `discount_rate` VARCHAR(255) NOT NULL,
    `subtotal` VARCHAR(255) NOT NULL,
    `discount` VARCHAR(255) NOT NULL,
    `tax` VARCHAR(255) NOT NULL,
    `calculated_tax` VARCHAR(255) NOT NULL,
    `total` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_proposals_company` ON `proposals` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_customers_number` ON `customers` (`company_id`, `customer_number`);
CREATE UNIQUE INDEX `uq_contracts_number` ON `contracts` (`company_id`, `contract_number`);

-- +goose Down
DROP TABLE `proposals`;
DROP TABLE `contracts`;
DROP TABLE `customers`;
DROP TABLE `document_counters`;
