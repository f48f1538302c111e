-- Messages between the accounts of a company (one row per sender and
-- recipient), and event_outbox, the outbox of live changes (messages and
-- notifications) in commit order, read by the live stream by id.
-- +goose Up
CREATE TABLE `messages` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `sender_id` VARCHAR(255) NOT NULL,
    `choose_member` VARCHAR(255) NOT NULL,
    `message` MEDIUMTEXT NOT NULL,
    `file` TEXT,
    `is_read` TINYINT(1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_messages_company` ON `messages` (`company_id`, `created_at`);
CREATE INDEX `idx_messages_sender` ON `messages` (`company_id`, `sender_id`, `choose_member`, `created_at`);
CREATE INDEX `idx_messages_recipient` ON `messages` (`company_id`, `choose_member`, `sender_id`, `created_at`);

CREATE TABLE `event_outbox` (
    `id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `kind` VARCHAR(64) NOT NULL,
    `ref_id` VARCHAR(32) NOT NULL,
    `recipients` LONGTEXT NOT NULL,
    `created_at` BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_event_outbox_created` ON `event_outbox` (`created_at`);

CREATE INDEX `idx_notifications_unread` ON `notifications` (`company_id`, `is_read`);

-- +goose Down
DROP INDEX `idx_notifications_unread` ON `notifications`;
DROP TABLE `event_outbox`;
DROP TABLE `messages`;
