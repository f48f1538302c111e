-- Uploaded files (metadata; the bytes are in the configured blob store under
-- the file's id) and file_deletions, the queue of stored objects to remove:
-- objects of deleted files (removed after commit) and uploads in progress
-- (removed unless their upload commits in time).
-- +goose Up
CREATE TABLE "files" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "attached_table" TEXT,
    "attached_id" TEXT,
    "attached_field" TEXT
);
CREATE INDEX "idx_files_attached" ON "files" ("company_id", "attached_table", "attached_id");
CREATE INDEX "idx_files_uploader" ON "files" ("company_id", "uploaded_by", "created_at");

CREATE TABLE "file_deletions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "store_key" TEXT NOT NULL,
    "due_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "created_at" INTEGER NOT NULL
);
CREATE INDEX "idx_file_deletions_due" ON "file_deletions" ("due_at");

-- +goose Down
DROP TABLE "file_deletions";
DROP TABLE "files";
