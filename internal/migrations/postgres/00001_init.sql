-- Initial schema: accounts, roles, permissions, plans and subscriptions, features,
-- departments, designations, branches, the activity log and notifications.
-- +goose Up
CREATE TABLE "principals" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    "profile_pic" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "joining_date" BIGINT,
    "leave_date" BIGINT,
    "department" TEXT,
    "designation" TEXT,
    "salary" BIGINT,
    "accountholder" TEXT,
    "accountnumber" BIGINT,
    "bankname" TEXT,
    "ifsc" TEXT,
    "banklocation" TEXT,
    "gst_in" TEXT,
    "e_signature" TEXT,
    "e_signatures" TEXT,
    "links" TEXT,
    "city" TEXT,
    "state" TEXT,
    "country" TEXT,
    "zipcode" TEXT,
    "cv_path" TEXT
);
CREATE INDEX "idx_principals_company" ON "principals" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_principals_username" ON "principals" (LOWER("username"));
CREATE UNIQUE INDEX "uq_principals_email" ON "principals" (LOWER("email"));

CREATE TABLE "roles" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "role_name" TEXT NOT NULL,
    "permissions" TEXT,
    "is_default" BOOLEAN NOT NULL
);
CREATE INDEX "idx_roles_company" ON "roles" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_roles_role_name" ON "roles" ("company_id", LOWER("role_name"));

CREATE TABLE "permissions" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "permissions" TEXT
);
CREATE INDEX "idx_permissions_company" ON "permissions" ("company_id", "created_at");

CREATE TABLE "role_permissions" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "role_id" TEXT NOT NULL,
    "permission_id" TEXT NOT NULL,
    "status" TEXT NOT NULL
);
CREATE INDEX "idx_role_permissions_company" ON "role_permissions" ("company_id", "created_at");

CREATE TABLE "subscription_plans" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "price" BIGINT NOT NULL,
    "duration" TEXT NOT NULL,
    "trial_period" BIGINT NOT NULL,
    "max_users" BIGINT NOT NULL,
    "max_clients" BIGINT NOT NULL,
    "storage_limit" BIGINT NOT NULL,
    "features" TEXT,
    "status" TEXT NOT NULL
);
CREATE INDEX "idx_subscription_plans_company" ON "subscription_plans" ("company_id", "created_at");

CREATE TABLE "client_subscriptions" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "client_id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "start_date" BIGINT NOT NULL,
    "end_date" BIGINT,
    "status" TEXT NOT NULL,
    "current_storage_used" BIGINT NOT NULL,
    "current_users_count" BIGINT NOT NULL,
    "current_clients_count" BIGINT NOT NULL,
    "payment_status" TEXT NOT NULL,
    "last_payment_date" BIGINT
);
CREATE INDEX "idx_client_subscriptions_company" ON "client_subscriptions" ("company_id", "created_at");

CREATE TABLE "features" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "feature_name" TEXT NOT NULL
);
CREATE INDEX "idx_features_company" ON "features" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_features_feature_name" ON "features" (LOWER("feature_name"));

CREATE TABLE "departments" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "department_name" TEXT NOT NULL,
    "description" TEXT
);
CREATE INDEX "idx_departments_company" ON "departments" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_departments_department_name" ON "departments" ("company_id", LOWER("department_name"));

CREATE TABLE "designations" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "designation_name" TEXT NOT NULL,
    "description" TEXT
);
CREATE INDEX "idx_designations_company" ON "designations" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_designations_designation_name" ON "designations" ("company_id", LOWER("designation_name"));

CREATE TABLE "branches" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "branch_name" TEXT NOT NULL
);
CREATE INDEX "idx_branches_company" ON "branches" ("company_id", "created_at");
CREATE UNIQUE INDEX "uq_branches_branch_name" ON "branches" ("company_id", LOWER("branch_name"));

CREATE TABLE "activities" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT NOT NULL,
    "activity_from" TEXT NOT NULL,
    "activity_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "performed_by" TEXT NOT NULL,
    "activity_message" TEXT NOT NULL
);
CREATE INDEX "idx_activities_company" ON "activities" ("company_id", "created_at");

CREATE TABLE "notifications" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "related_id" TEXT,
    "users" TEXT,
    "title" TEXT NOT NULL,
    "message" TEXT,
    "description" TEXT,
    "from_id" TEXT,
    "notification_type" TEXT NOT NULL,
    "is_read" BOOLEAN NOT NULL
);
CREATE INDEX "idx_notifications_company" ON "notifications" ("company_id", "created_at");

CREATE INDEX "idx_principals_role" ON "principals" ("role_id");
CREATE INDEX "idx_role_permissions_role" ON "role_permissions" ("role_id");
CREATE INDEX "idx_activities_related" ON "activities" ("company_id", "related_id");

-- +goose Down
DROP TABLE "notifications";
DROP TABLE "activities";
DROP TABLE "branches";
DROP TABLE "designations";
DROP TABLE "departments";
DROP TABLE "features";
DROP TABLE "client_subscriptions";
DROP TABLE "subscription_plans";
DROP TABLE "role_permissions";
DROP TABLE "permissions";
DROP TABLE "roles";
DROP TABLE "principals";
