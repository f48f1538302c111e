-- calendar_feed_tokens: one iCalendar feed token per account, stored as its
-- SHA-256 hash (GET /api/v1/calendar.ics?ticket=...).
-- +goose Up
CREATE TABLE "calendar_feed_tokens" (
    "principal_id" TEXT NOT NULL PRIMARY KEY,
    "token_hash" TEXT NOT NULL,
    "company_id" TEXT NOT NULL,
    "token_generation" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "idx_calendar_feed_tokens_hash" ON "calendar_feed_tokens" ("token_hash");

-- +goose Down
DROP TABLE "calendar_feed_tokens";
