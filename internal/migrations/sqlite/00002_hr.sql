-- HR module: attendance, leave, employee salaries, trainings, appreciations, recruitment
-- (jobs, job applications, interview schedules, skills), announcements, events, meetings.
-- +goose Up
CREATE TABLE "attendances" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "department" TEXT NOT NULL,
    "employee" TEXT,
    "start_date" TEXT NOT NULL,
    "start_time" TEXT NOT NULL,
    "end_date" TEXT NOT NULL,
    "end_time" TEXT NOT NULL,
    "late" TEXT,
    "half_day" TEXT,
    "working_from" TEXT,
    "comment" TEXT
);
CREATE INDEX "idx_attendances_company" ON "attendances" ("company_id", "created_at");

CREATE TABLE "leaves" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "employee_id" TEXT NOT NULL,
    "start_date" INTEGER NOT NULL,
    "end_date" INTEGER NOT NULL,
    "leave_type" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "remarks" TEXT,
    "is_half_day" INTEGER NOT NULL,
    "days" REAL NOT NULL
);
CREATE INDEX "idx_leaves_company" ON "leaves" ("company_id", "created_at");

CREATE TABLE "employee_salaries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "employee_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "annual_ctc" INTEGER NOT NULL
);
CREATE INDEX "idx_employee_salaries_company" ON "employee_salaries" ("company_id", "created_at");

CREATE TABLE "trainings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "links" TEXT
);
CREATE INDEX "idx_trainings_company" ON "trainings" ("company_id", "created_at");

CREATE TABLE "appreciations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "award" TEXT NOT NULL,
    "employee_id" TEXT NOT NULL,
    "date" INTEGER NOT NULL,
    "summary" TEXT,
    "photo" TEXT
);
CREATE INDEX "idx_appreciations_company" ON "appreciations" ("company_id", "created_at");

CREATE TABLE "jobs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "skills" TEXT,
    "location" TEXT NOT NULL,
    "interview_rounds" TEXT,
    "start_date" INTEGER NOT NULL,
    "end_date" INTEGER NOT NULL,
    "total_openings" INTEGER,
    "status" TEXT NOT NULL,
    "recruiter" TEXT NOT NULL,
    "job_type" TEXT,
    "work_experience" TEXT,
    "currency" TEXT NOT NULL,
    "expected_salary" TEXT NOT NULL,
    "description" TEXT
);
CREATE INDEX "idx_jobs_company" ON "jobs" ("company_id", "created_at");

CREATE TABLE "job_applications" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "job_id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "location" TEXT,
    "total_experience" REAL,
    "current_location" TEXT,
    "notice_period" REAL,
    "status" TEXT,
    "applied_source" TEXT,
    "cover_letter" TEXT
);
CREATE INDEX "idx_job_applications_company" ON "job_applications" ("company_id", "created_at");

CREATE TABLE "interview_schedules" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "job_id" TEXT NOT NULL,
    "candidate_id" TEXT NOT NULL,
    "interviewer_id" TEXT NOT NULL,
    "round" TEXT NOT NULL,
    "interview_type" TEXT NOT NULL,
    "start_on" INTEGER NOT NULL,
    "start_time" TEXT NOT NULL,
    "comment_for_interviewer" TEXT,
    "comment_for_candidate" TEXT
);
CREATE INDEX "idx_interview_schedules_company" ON "interview_schedules" ("company_id", "created_at");

CREATE TABLE "skills" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "skill_name" TEXT NOT NULL
);
CREATE INDEX "idx_skills_company" ON "skills" ("company_id", "created_at");

CREATE TABLE "announcements" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL
);
CREATE INDEX "idx_announcements_company" ON "announcements" ("company_id", "created_at");

CREATE TABLE "events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "event_title" TEXT NOT NULL,
    "event_manager" TEXT NOT NULL,
    "event_date" INTEGER NOT NULL,
    "event_time" TEXT NOT NULL
);
CREATE INDEX "idx_events_company" ON "events" ("company_id", "created_at");

CREATE TABLE "meetings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "company_id" TEXT NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "date" INTEGER NOT NULL,
    "start_time" TEXT NOT NULL,
    "end_time" TEXT NOT NULL,
    "meeting_link" TEXT,
    "status" TEXT NOT NULL,
    "department" TEXT,
    "employee" TEXT
);
CREATE INDEX "idx_meetings_company" ON "meetings" ("company_id", "created_at");

CREATE INDEX "idx_leaves_employee" ON "leaves" ("company_id", "employee_id", "start_date");
CREATE UNIQUE INDEX "uq_employee_salaries_employee" ON "employee_salaries" ("company_id", "employee_id");
CREATE INDEX "idx_job_applications_job" ON "job_applications" ("company_id", "job_id");
CREATE INDEX "idx_interview_schedules_candidate" ON "interview_schedules" ("company_id", "candidate_id");

-- +goose Down
DROP TABLE "meetings";
DROP TABLE "events";
DROP TABLE "announcements";
DROP TABLE "skills";
DROP TABLE "interview_schedules";
DROP TABLE "job_applications";
DROP TABLE "jobs";
DROP TABLE "appreciations";
DROP TABLE "trainings";
DROP TABLE "employee_salaries";
DROP TABLE "leaves";
DROP TABLE "attendances";
