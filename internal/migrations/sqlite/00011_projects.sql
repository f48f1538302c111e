-- Projects: projects (members as a JSON document), project reports, tasks (on a project, lead or deal), milestones,
-- the task calendar, and the company's time zone (principals.time_zone on the company's client row; NULL is UTC).
-- Lists under a parent (GET /tasks/{projectId}, /milestones/{projectId}) read (company_id, related_id, created_at, id)
-- in order; a project's reports and the projects of a client have their own index. A project name is unique per
-- company ignoring case (LOWER() unique index; on MySQL the case-insensitive collation).
-- +goose Up
CREATE TABLE "projects" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "project_name" TEXT NOT NULL,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT NOT NULL,
    "project_members" TEXT,
    "project_category" TEXT NOT NULL,
    "project_description" TEXT,
    "department" TEXT,
    "client" TEXT,
    "currency" TEXT,
    "budget" INTEGER NOT NULL,
    "estimatedmonths" INTEGER NOT NULL,
    "estimatedhours" INTEGER NOT NULL,
    "files" TEXT,
    "status" TEXT,
    "tag" TEXT
);
CREATE INDEX "idx_projects_company" ON "projects" ("company_id", "created_at", "id");
CREATE UNIQUE INDEX "uq_projects_project_name" ON "projects" ("company_id", LOWER("project_name"));

CREATE TABLE "project_reports" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "project_id" TEXT NOT NULL,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT NOT NULL,
    "project_members" TEXT,
    "completion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT
);
CREATE INDEX "idx_project_reports_company" ON "project_reports" ("company_id", "created_at", "id");

CREATE TABLE "tasks" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "related_id" TEXT NOT NULL,
    "task_name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "start_date" TEXT NOT NULL,
    "due_date" TEXT NOT NULL,
    "assign_to" TEXT,
    "status" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "description" TEXT,
    "reminder_date" TEXT
);
CREATE INDEX "idx_tasks_company" ON "tasks" ("company_id", "created_at", "id");

CREATE TABLE "milestones" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "related_id" TEXT NOT NULL,
    "milestone_title" TEXT,
    "milestone_status" TEXT,
    "milestone_cost" INTEGER NOT NULL,
    "currency" TEXT,
    "milestone_summary" TEXT,
    "milestone_start_date" TEXT,
    "milestone_end_date" TEXT,
    "add_cost_to_project_budget" INTEGER NOT NULL
);
CREATE INDEX "idx_milestones_company" ON "milestones" ("company_id", "created_at", "id");

CREATE TABLE "taskcalendars" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "task_name" TEXT NOT NULL,
    "task_date" TEXT NOT NULL,
    "task_time" TEXT NOT NULL,
    "task_description" TEXT NOT NULL
);
CREATE INDEX "idx_taskcalendars_company" ON "taskcalendars" ("company_id", "created_at", "id");

CREATE INDEX "idx_projects_client" ON "projects" ("company_id", "client", "created_at", "id");
CREATE INDEX "idx_project_reports_project" ON "project_reports" ("company_id", "project_id", "created_at", "id");
CREATE INDEX "idx_tasks_related" ON "tasks" ("company_id", "related_id", "created_at", "id");
CREATE INDEX "idx_milestones_related" ON "milestones" ("company_id", "related_id", "created_at", "id");

ALTER TABLE "principals" ADD COLUMN "time_zone" TEXT;

-- +goose Down
ALTER TABLE "principals" DROP COLUMN "time_zone";
DROP TABLE "taskcalendars";
DROP TABLE "milestones";
DROP TABLE "tasks";
DROP TABLE "project_reports";
DROP TABLE "projects";
