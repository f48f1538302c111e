-- HR module: attendance, leave, employee salaries, trainings, appreciations, recruitment
-- (jobs, job applications, interview schedules, skills), announcements, events, meetings.
-- +goose Up
CREATE TABLE `attendances` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `department` VARCHAR(255) NOT NULL,
    `employee` LONGTEXT,
    `start_date` VARCHAR(10) NOT NULL,
    `start_time` VARCHAR(255) NOT NULL,
    `end_date` VARCHAR(10) NOT NULL,
    `end_time` VARCHAR(255) NOT NULL,
    `late` VARCHAR(255),
    `half_day` VARCHAR(255),
    `working_from` VARCHAR(255),
    `comment` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_attendances_company` ON `attendances` (`company_id`, `created_at`);

CREATE TABLE `leaves` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `employee_id` VARCHAR(255) NOT NULL,
    `start_date` BIGINT NOT NULL,
    `end_date` BIGINT NOT NULL,
    `leave_type` VARCHAR(255) NOT NULL,
    `reason` MEDIUMTEXT NOT NULL,
    `status` VARCHAR(255) NOT NULL,
    `remarks` VARCHAR(255),
    `is_half_day` TINYINT(1) NOT NULL,
    `days` DOUBLE NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_leaves_company` ON `leaves` (`company_id`, `created_at`);

CREATE TABLE `employee_salaries` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `employee_id` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `annual_ctc` BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_employee_salaries_company` ON `employee_salaries` (`company_id`, `created_at`);

CREATE TABLE `trainings` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `category` VARCHAR(255) NOT NULL,
    `links` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_trainings_company` ON `trainings` (`company_id`, `created_at`);

CREATE TABLE `appreciations` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `award` VARCHAR(255) NOT NULL,
    `employee_id` VARCHAR(255) NOT NULL,
    `date` BIGINT NOT NULL,
    `summary` MEDIUMTEXT,
    `photo` TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_appreciations_company` ON `appreciations` (`company_id`, `created_at`);

CREATE TABLE `jobs` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `title` VARCHAR(255) NOT NULL,
    `category` VARCHAR(255) NOT NULL,
    `skills` LONGTEXT,
    `location` VARCHAR(255) NOT NULL,
    `interview_rounds` LONGTEXT,
    `start_date` BIGINT NOT NULL,
    `end_date` BIGINT NOT NULL,
    `total_openings` BIGINT,
    `status` VARCHAR(255) NOT NULL,
    `recruiter` VARCHAR(255) NOT NULL,
    `job_type` VARCHAR(255),
    `work_experience` VARCHAR(255),
    `currency` VARCHAR(255) NOT NULL,
    `expected_salary` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_jobs_company` ON `jobs` (`company_id`, `created_at`);

CREATE TABLE `job_applications` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `job_id` VARCHAR(255) NOT NULL,
    `name` VARCHAR(255),
    `email` VARCHAR(255),
    `phone` VARCHAR(255),
    `location` VARCHAR(255),
    `total_experience` DOUBLE,
    `current_location` VARCHAR(255),
    `notice_period` DOUBLE,
    `status` VARCHAR(255),
    `applied_source` VARCHAR(255),
    `cover_letter` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_job_applications_company` ON `job_applications` (`company_id`, `created_at`);

CREATE TABLE `interview_schedules` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `job_id` VARCHAR(255) NOT NULL,
    `candidate_id` VARCHAR(255) NOT NULL,
    `interviewer_id` VARCHAR(255) NOT NULL,
    `round` VARCHAR(255) NOT NULL,
    `interview_type` VARCHAR(255) NOT NULL,
    `start_on` BIGINT NOT NULL,
    `start_time` VARCHAR(255) NOT NULL,
    `comment_for_interviewer` VARCHAR(255),
    `comment_for_candidate` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_interview_schedules_company` ON `interview_schedules` (`company_id`, `created_at`);

CREATE TABLE `skills` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `skill_name` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_skills_company` ON `skills` (`company_id`, `created_at`);

CREATE TABLE `announcements` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `title` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_announcements_company` ON `announcements` (`company_id`, `created_at`);

CREATE TABLE `events` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `event_title` VARCHAR(255) NOT NULL,
    `event_manager` VARCHAR(255) NOT NULL,
    `event_date` BIGINT NOT NULL,
    `event_time` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_events_company` ON `events` (`company_id`, `created_at`);

CREATE TABLE `meetings` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `title` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT NOT NULL,
    `date` BIGINT NOT NULL,
    `start_time` VARCHAR(255) NOT NULL,
    `end_time` VARCHAR(255) NOT NULL,
    `meeting_link` TEXT,
    `status` VARCHAR(255) NOT NULL,
    `department` VARCHAR(255),
    `employee` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_meetings_company` ON `meetings` (`company_id`, `created_at`);

CREATE INDEX `idx_leaves_employee` ON `leaves` (`company_id`, `employee_id`, `start_date`);
CREATE UNIQUE INDEX `uq_employee_salaries_employee` ON `employee_salaries` (`company_id`, `employee_id`);
CREATE INDEX `idx_job_applications_job` ON `job_applications` (`company_id`, `job_id`);
CREATE INDEX `idx_interview_schedules_candidate` ON `interview_schedules` (`company_id`, `candidate_id`);

-- +goose Down
DROP TABLE `meetings`;
DROP TABLE `events`;
DROP TABLE `announcements`;
DROP TABLE `skills`;
DROP TABLE `interview_schedules`;
DROP TABLE `job_applications`;
DROP TABLE `jobs`;
DROP TABLE `appreciations`;
DROP TABLE `trainings`;
DROP TABLE `employee_salaries`;
DROP TABLE `leaves`;
DROP TABLE `attendances`;
