-- calendar_feed_tokens: one iCalendar feed token per account, stored as its
-- SHA-256 hash (GET /api/v1/calendar.ics?ticket=...).
-- +goose Up
CREATE TABLE `calendar_feed_tokens` (
    `principal_id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `token_hash` VARCHAR(64) NOT NULL,
    `company_id` VARCHAR(32) NOT NULL,
    `token_generation` BIGINT NOT NULL,
    `created_at` BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX `idx_calendar_feed_tokens_hash` ON `calendar_feed_tokens` (`token_hash`);

-- +goose Down
DROP TABLE `calendar_feed_tokens`;
