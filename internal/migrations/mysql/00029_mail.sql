-- mail_outbox holds every e-mail from the transaction that caused it until a
-- worker delivers it (internal/platform/mail); password_resets holds the
-- SHA-256 hashes of password reset codes.
-- +goose Up
CREATE TABLE `mail_outbox` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32),
    `to_addr` VARCHAR(320) NOT NULL,
    `subject` TEXT NOT NULL,
    `body` LONGTEXT NOT NULL,
    `is_sensitive` TINYINT(1) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `attempts` INT NOT NULL,
    `next_attempt` BIGINT NOT NULL,
    `claim` VARCHAR(32),
    `last_error` TEXT,
    `transport` VARCHAR(16),
    `created_at` BIGINT NOT NULL,
    `sent_at` BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_mail_outbox_due` ON `mail_outbox` (`status`, `next_attempt`);
CREATE INDEX `idx_mail_outbox_created` ON `mail_outbox` (`created_at`);

CREATE TABLE `password_resets` (
    `token_hash` VARCHAR(64) NOT NULL PRIMARY KEY,
    `principal_id` VARCHAR(32) NOT NULL,
    `created_at` BIGINT NOT NULL,
    `expires_at` BIGINT NOT NULL,
    `used_at` BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_password_resets_principal` ON `password_resets` (`principal_id`);
CREATE INDEX `idx_password_resets_expires` ON `password_resets` (`expires_at`);

-- +goose Down
DROP TABLE `password_resets`;
DROP TABLE `mail_outbox`;
