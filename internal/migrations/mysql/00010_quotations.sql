-- Quotations, estimates and products: parent-scoped (related_id: a lead, deal
-- or project), quotations and estimates priced by line items and numbered
-- per company (QUO#n, EST#n; internal/platform/docnum).
-- +goose Up
CREATE TABLE `quotations` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `quotation_number` VARCHAR(255) NOT NULL,
    `valid_till` BIGINT NOT NULL,
    `lead` VARCHAR(255),
    `client` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `items` LONGTEXT,
    `discount_rate` VARCHAR(255) NOT NULL,
    `subtotal` VARCHAR(255) NOT NULL,
    `discount` VARCHAR(255) NOT NULL,
    `tax` VARCHAR(255) NOT NULL,
    `calculated_tax` VARCHAR(255) NOT NULL,
    `total` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_quotations_company` ON `quotations` (`company_id`, `created_at`);
CREATE INDEX `idx_quotations_related` ON `quotations` (`company_id`, `related_id`, `created_at`);
CREATE UNIQUE INDEX `uq_quotations_number` ON `quotations` (`company_id`, `quotation_number`);

CREATE TABLE `estimates` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `estimate_number` VARCHAR(255) NOT NULL,
    `valid_till` BIGINT NOT NULL,
    `project` VARCHAR(255),
    `client` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `items` LONGTEXT,
    `discount_rate` VARCHAR(255) NOT NULL,
    `subtotal` VARCHAR(255) NOT NULL,
    `discount` VARCHAR(255) NOT NULL,
    `tax` VARCHAR(255) NOT NULL,
    `calculated_tax` VARCHAR(255) NOT NULL,
    `total` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_estimates_company` ON `estimates` (`company_id`, `created_at`);
CREATE INDEX `idx_estimates_related` ON `estimates` (`company_id`, `related_id`, `created_at`);
CREATE UNIQUE INDEX `uq_estimates_number` ON `estimates` (`company_id`, `estimate_number`);

CREATE TABLE `products` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `category` VARCHAR(255) NOT NULL,
    `price` BIGINT NOT NULL,
    `currency` VARCHAR(255),
    `sku` VARCHAR(255),
    `tax` VARCHAR(255),
    `hsn_sac` VARCHAR(255),
    `description` MEDIUMTEXT,
    `files` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_products_company` ON `products` (`company_id`, `created_at`);
CREATE INDEX `idx_products_related` ON `products` (`company_id`, `related_id`, `created_at`);

-- +goose Down
DROP TABLE `products`;
DROP TABLE `estimates`;
DROP TABLE `quotations`;
