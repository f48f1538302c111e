-- Messages between the accounts of a company (one row per sender and
-- recipient), and event_outbox, the outbox of live changes (messages and
-- notifications) in commit order, read by the live stream by id.
-- +goose Up
CREATE TABLE "messages" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "sender_id" TEXT NOT NULL,
    "choose_member" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "file" TEXT,
    "is_read" INTEGER NOT NULL
);
CREATE INDEX "idx_messages_company" ON "messages" ("company_id", "created_at");
CREATE INDEX "idx_messages_sender" ON "messages" ("company_id", "sender_id", "choose_member", "created_at");
CREATE INDEX "idx_messages_recipient" ON "messages" ("company_id", "choose_member", "sender_id", "created_at");

CREATE TABLE "event_outbox" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "company_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref_id" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);
CREATE INDEX "idx_event_outbox_created" ON "event_outbox" ("created_at");

CREATE INDEX "idx_notifications_unread" ON "notifications" ("company_id", "is_read");

-- +goose Down
DROP INDEX "idx_notifications_unread";
DROP TABLE "event_outbox";
DROP TABLE "messages";
