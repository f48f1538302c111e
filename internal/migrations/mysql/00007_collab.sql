-- Notes and labels (table tags), both hanging on a parent record through
-- related_id, and the index that serves a record's activity timeline.
-- +goose Up
CREATE TABLE `notes` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `note_title` VARCHAR(255) NOT NULL,
    `notetype` VARCHAR(255) NOT NULL,
    `employees` LONGTEXT,
    `description` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_notes_company` ON `notes` (`company_id`, `created_at`);
CREATE INDEX `idx_notes_related` ON `notes` (`company_id`, `related_id`, `created_at`);

CREATE TABLE `tags` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `color` VARCHAR(255),
    `label_type` VARCHAR(255) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_tags_company` ON `tags` (`company_id`, `created_at`);
CREATE INDEX `idx_tags_related` ON `tags` (`company_id`, `related_id`, `created_at`);
CREATE UNIQUE INDEX `uq_tags_name` ON `tags` (`company_id`, `label_type`, `name`);

CREATE INDEX `idx_activities_timeline` ON `activities` (`company_id`, `related_id`, `created_at`);

-- +goose Down
DROP INDEX `idx_activities_timeline` ON `activities`;
DROP TABLE `tags`;
DROP TABLE `notes`;
