-- Uploaded files (metadata; the bytes are in the configured blob store under
-- the file's id) and file_deletions, the queue of stored objects to remove:
-- objects of deleted files (removed after commit) and uploads in progress
-- (removed unless their upload commits in time).
-- +goose Up
CREATE TABLE "files" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "uploaded_by" VARCHAR(32) NOT NULL,
    "created_at" BIGINT NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "size" BIGINT NOT NULL,
    "content_type" VARCHAR(255) NOT NULL,
    "etag" VARCHAR(64) NOT NULL,
    "attached_table" VARCHAR(64),
    "attached_id" VARCHAR(32),
    "attached_field" VARCHAR(64)
);
CREATE INDEX "idx_files_attached" ON "files" ("company_id", "attached_table", "attached_id");
CREATE INDEX "idx_files_uploader" ON "files" ("company_id", "uploaded_by", "created_at");

CREATE TABLE "file_deletions" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "store_key" VARCHAR(64) NOT NULL,
    "due_at" BIGINT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "created_at" BIGINT NOT NULL
);
CREATE INDEX "idx_file_deletions_due" ON "file_deletions" ("due_at");

-- +goose Down
DROP TABLE "file_deletions";
DROP TABLE "files";
