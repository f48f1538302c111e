-- Notes and labels (table tags), both hanging on a parent record through
-- related_id, and the index that serves a record's activity timeline.
-- +goose Up
CREATE TABLE "notes" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "note_title" TEXT NOT NULL,
    "notetype" TEXT NOT NULL,
    "employees" TEXT,
    "description" TEXT
);
CREATE INDEX "idx_notes_company" ON "notes" ("company_id", "created_at");
CREATE INDEX "idx_notes_related" ON "notes" ("company_id", "related_id", "created_at");

CREATE TABLE "tags" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT,
    "label_type" TEXT NOT NULL DEFAULT ''
);
CREATE INDEX "idx_tags_company" ON "tags" ("company_id", "created_at");
CREATE INDEX "idx_tags_related" ON "tags" ("company_id", "related_id", "created_at");
CREATE UNIQUE INDEX "uq_tags_name" ON "tags" ("company_id", "label_type", "name");

CREATE INDEX "idx_activities_timeline" ON "activities" ("company_id", "related_id", "created_at");

-- +goose Down
DROP INDEX "idx_activities_timeline";
DROP TABLE "tags";
DROP TABLE "notes";
