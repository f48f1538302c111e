-- Projects: projects (members as a JSON document), project reports, tasks (on a project, lead or deal), milestones,
-- the task calendar, and the company's time zone (principals.time_zone on the company's client row; NULL is UTC).
-- Lists under a parent (GET /tasks/{projectId}, /milestones/{projectId}) read (company_id, related_id, created_at, id)
-- in order; a project's reports and the projects of a client have their own index. A project name is unique per
-- company ignoring case (LOWER() unique index; on MySQL the case-insensitive collation).
-- +goose Up
CREATE TABLE `projects` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `project_name` VARCHAR(255) NOT NULL,
    `start_date` VARCHAR(10) NOT NULL,
    `end_date` VARCHAR(10) NOT NULL,
    `project_members` LONGTEXT,
    `project_category` VARCHAR(255) NOT NULL,
    `project_description` MEDIUMTEXT,
    `department` LONGTEXT,
    `client` VARCHAR(255),
    `currency` VARCHAR(255),
    `budget` BIGINT NOT NULL,
    `estimatedmonths` BIGINT NOT NULL,
    `estimatedhours` BIGINT NOT NULL,
    `files` LONGTEXT,
    `status` VARCHAR(255),
    `tag` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_projects_company` ON `projects` (`company_id`, `created_at`, `id`);
CREATE UNIQUE INDEX `uq_projects_project_name` ON `projects` (`company_id`, `project_name`);

CREATE TABLE `project_reports` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `project_id` VARCHAR(255) NOT NULL,
    `start_date` VARCHAR(10) NOT NULL,
    `end_date` VARCHAR(10) NOT NULL,
    `project_members` LONGTEXT,
    `completion` VARCHAR(255) NOT NULL,
    `status` VARCHAR(255) NOT NULL,
    `summary` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_project_reports_company` ON `project_reports` (`company_id`, `created_at`, `id`);

CREATE TABLE `tasks` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `task_name` VARCHAR(255) NOT NULL,
    `category` VARCHAR(255) NOT NULL,
    `project` VARCHAR(255) NOT NULL,
    `start_date` VARCHAR(10) NOT NULL,
    `due_date` VARCHAR(10) NOT NULL,
    `assign_to` LONGTEXT,
    `status` VARCHAR(255) NOT NULL,
    `priority` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT,
    `reminder_date` VARCHAR(10)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_tasks_company` ON `tasks` (`company_id`, `created_at`, `id`);

CREATE TABLE `milestones` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `milestone_title` VARCHAR(255),
    `milestone_status` VARCHAR(255),
    `milestone_cost` BIGINT NOT NULL,
    `currency` VARCHAR(255),
    `milestone_summary` MEDIUMTEXT,
    `milestone_start_date` VARCHAR(10),
    `milestone_end_date` VARCHAR(10),
    `add_cost_to_project_budget` TINYINT(1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_milestones_company` ON `milestones` (`company_id`, `created_at`, `id`);

CREATE TABLE `taskcalendars` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `task_name` VARCHAR(255) NOT NULL,
    `task_date` VARCHAR(10) NOT NULL,
    `task_time` VARCHAR(255) NOT NULL,
    `task_description` MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_taskcalendars_company` ON `taskcalendars` (`company_id`, `created_at`, `id`);

CREATE INDEX `idx_projects_client` ON `projects` (`company_id`, `client`, `created_at`, `id`);
CREATE INDEX `idx_project_reports_project` ON `project_reports` (`company_id`, `project_id`, `created_at`, `id`);
CREATE INDEX `idx_tasks_related` ON `tasks` (`company_id`, `related_id`, `created_at`, `id`);
CREATE INDEX `idx_milestones_related` ON `milestones` (`company_id`, `related_id`, `created_at`, `id`);

ALTER TABLE `principals` ADD COLUMN `time_zone` VARCHAR(64);

-- +goose Down
ALTER TABLE `principals` DROP COLUMN `time_zone`;
DROP TABLE `taskcalendars`;
DROP TABLE `milestones`;
DROP TABLE `tasks`;
DROP TABLE `project_reports`;
DROP TABLE `projects`;
