-- Initial schema: accounts, roles, permissions, plans and subscriptions, features,
-- departments, designations, branches, the activity log and notifications.
-- +goose Up
CREATE TABLE `principals` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `kind` VARCHAR(255) NOT NULL,
    `username` VARCHAR(255) NOT NULL,
    `email` VARCHAR(255) NOT NULL,
    `password` VARCHAR(255) NOT NULL,
    `role_id` VARCHAR(255) NOT NULL,
    `profile_pic` VARCHAR(255),
    `first_name` VARCHAR(255),
    `last_name` VARCHAR(255),
    `phone` VARCHAR(255),
    `address` MEDIUMTEXT,
    `joining_date` BIGINT,
    `leave_date` BIGINT,
    `department` VARCHAR(255),
    `designation` VARCHAR(255),
    `salary` BIGINT,
    `accountholder` VARCHAR(255),
    `accountnumber` BIGINT,
    `bankname` VARCHAR(255),
    `ifsc` VARCHAR(255),
    `banklocation` VARCHAR(255),
    `gst_in` VARCHAR(255),
    `e_signature` VARCHAR(255),
    `e_signatures` LONGTEXT,
    `links` LONGTEXT,
    `city` VARCHAR(255),
    `state` VARCHAR(255),
    `country` VARCHAR(255),
    `zipcode` VARCHAR(255),
    `cv_path` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_principals_company` ON `principals` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_principals_username` ON `principals` (`username`);
CREATE UNIQUE INDEX `uq_principals_email` ON `principals` (`email`);

CREATE TABLE `roles` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `role_name` VARCHAR(255) NOT NULL,
    `permissions` LONGTEXT,
    `is_default` TINYINT(1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_roles_company` ON `roles` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_roles_role_name` ON `roles` (`company_id`, `role_name`);

CREATE TABLE `permissions` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `permissions` LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_permissions_company` ON `permissions` (`company_id`, `created_at`);

CREATE TABLE `role_permissions` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `role_id` VARCHAR(255) NOT NULL,
    `permission_id` VARCHAR(255) NOT NULL,
    `status` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_role_permissions_company` ON `role_permissions` (`company_id`, `created_at`);

CREATE TABLE `subscription_plans` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `price` BIGINT NOT NULL,
    `duration` VARCHAR(255) NOT NULL,
    `trial_period` BIGINT NOT NULL,
    `max_users` BIGINT NOT NULL,
    `max_clients` BIGINT NOT NULL,
    `storage_limit` BIGINT NOT NULL,
    `features` LONGTEXT,
    `status` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_subscription_plans_company` ON `subscription_plans` (`company_id`, `created_at`);

CREATE TABLE `client_subscriptions` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `client_id` VARCHAR(255) NOT NULL,
    `plan_id` VARCHAR(255) NOT NULL,
    `start_date` BIGINT NOT NULL,
    `end_date` BIGINT,
    `status` VARCHAR(255) NOT NULL,
    `current_storage_used` BIGINT NOT NULL,
    `current_users_count` BIGINT NOT NULL,
    `current_clients_count` BIGINT NOT NULL,
    `payment_status` VARCHAR(255) NOT NULL,
    `last_payment_date` BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_client_subscriptions_company` ON `client_subscriptions` (`company_id`, `created_at`);

CREATE TABLE `features` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `feature_name` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_features_company` ON `features` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_features_feature_name` ON `features` (`feature_name`);

CREATE TABLE `departments` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `department_name` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_departments_company` ON `departments` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_departments_department_name` ON `departments` (`company_id`, `department_name`);

CREATE TABLE `designations` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `designation_name` VARCHAR(255) NOT NULL,
    `description` MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_designations_company` ON `designations` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_designations_designation_name` ON `designations` (`company_id`, `designation_name`);

CREATE TABLE `branches` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `branch_name` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_branches_company` ON `branches` (`company_id`, `created_at`);
CREATE UNIQUE INDEX `uq_branches_branch_name` ON `branches` (`company_id`, `branch_name`);

CREATE TABLE `activities` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `activity_from` VARCHAR(255) NOT NULL,
    `activity_id` VARCHAR(255) NOT NULL,
    `action` VARCHAR(255) NOT NULL,
    `performed_by` VARCHAR(255) NOT NULL,
    `activity_message` MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_activities_company` ON `activities` (`company_id`, `created_at`);

CREATE TABLE `notifications` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255),
    `users` LONGTEXT,
    `title` VARCHAR(255) NOT NULL,
    `message` MEDIUMTEXT,
    `description` MEDIUMTEXT,
    `from_id` VARCHAR(255),
    `notification_type` VARCHAR(255) NOT NULL,
    `is_read` TINYINT(1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_notifications_company` ON `notifications` (`company_id`, `created_at`);

CREATE INDEX `idx_principals_role` ON `principals` (`role_id`);
CREATE INDEX `idx_role_permissions_role` ON `role_permissions` (`role_id`);
CREATE INDEX `idx_activities_related` ON `activities` (`company_id`, `related_id`);

-- +goose Down
DROP TABLE `notifications`;
DROP TABLE `activities`;
DROP TABLE `branches`;
DROP TABLE `designations`;
DROP TABLE `departments`;
DROP TABLE `features`;
DROP TABLE `client_subscriptions`;
DROP TABLE `subscription_plans`;
DROP TABLE `role_permissions`;
DROP TABLE `permissions`;
DROP TABLE `roles`;
DROP TABLE `principals`;
