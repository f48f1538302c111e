-- mail_outbox holds every e-mail from the transaction that caused it until a
-- worker delivers it (internal/platform/mail); password_resets holds the
-- SHA-256 hashes of password reset codes.
-- +goose Up
CREATE TABLE "mail_outbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT,
    "to_addr" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "is_sensitive" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt" INTEGER NOT NULL,
    "claim" TEXT,
    "last_error" TEXT,
    "transport" TEXT,
    "created_at" INTEGER NOT NULL,
    "sent_at" INTEGER
);
CREATE INDEX "idx_mail_outbox_due" ON "mail_outbox" ("status", "next_attempt");
CREATE INDEX "idx_mail_outbox_created" ON "mail_outbox" ("created_at");

CREATE TABLE "password_resets" (
    "token_hash" TEXT NOT NULL PRIMARY KEY,
    "principal_id" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "used_at" INTEGER
);
CREATE INDEX "idx_password_resets_principal" ON "password_resets" ("principal_id");
CREATE INDEX "idx_password_resets_expires" ON "password_resets" ("expires_at");

-- +goose Down
DROP TABLE "password_resets";
DROP TABLE "mail_outbox";
