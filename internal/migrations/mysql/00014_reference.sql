-- Reference data: currencies and countries in two layers (company_id '' for the
-- platform catalogue, a company's id for its own additions; codes unique per
-- layer), and reference_seeds, the codes the start-up seeding has ever inserted
-- (so a platform row the super-admin deleted is not seeded again).
-- +goose Up
CREATE TABLE `currencies` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `currency_name` VARCHAR(255) NOT NULL,
    `currency_icon` VARCHAR(255) NOT NULL,
    `currency_code` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX `uq_currencies_code` ON `currencies` (`company_id`, `currency_code`);

CREATE TABLE `countries` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `country_name` VARCHAR(255) NOT NULL,
    `country_code` VARCHAR(255) NOT NULL,
    `phone_code` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX `uq_countries_code` ON `countries` (`company_id`, `country_code`);

CREATE TABLE `reference_seeds` (
    `kind` VARCHAR(16) NOT NULL,
    `code` VARCHAR(16) NOT NULL,
    `created_at` BIGINT NOT NULL,
    PRIMARY KEY (`kind`, `code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE `reference_seeds`;
DROP TABLE `countries`;
DROP TABLE `currencies`;
