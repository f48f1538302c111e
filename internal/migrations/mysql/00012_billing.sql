-- Billing: project invoices, payments and expenses; sales quotations, sales
-- invoices, sales revenue and credit notes. Amounts are exact decimal strings
-- with the currency's digits, as in the priced documents of 00008.
-- +goose Up
CREATE TABLE `invoices` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `invoice_number` VARCHAR(255) NOT NULL,
    `project` VARCHAR(255) NOT NULL,
    `client` VARCHAR(255) NOT NULL,
    `issue_date` BIGINT NOT NULL,
    `due_date` BIGINT NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `items` LONGTEXT,
    `discount_rate` VARCHAR(255) NOT NULL,
    `subtotal` VARCHAR(255) NOT NULL,
    `discount` VARCHAR(255) NOT NULL,
    `tax` VARCHAR(255) NOT NULL,
    `calculated_tax` VARCHAR(255) NOT NULL,
    `total` VARCHAR(255) NOT NULL,
    `paid_amount` VARCHAR(255) NOT NULL,
    `credited_amount` VARCHAR(255) NOT NULL,
    `amount_due` VARCHAR(255) NOT NULL,
    `status` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_invoices_company` ON `invoices` (`company_id`, `created_at`);
CREATE INDEX `idx_invoices_parent` ON `invoices` (`company_id`, `related_id`, `created_at`);

CREATE TABLE `payments` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `project` VARCHAR(255) NOT NULL,
    `invoice` VARCHAR(255) NOT NULL,
    `paid_on` BIGINT NOT NULL,
    `amount` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `transaction_id` VARCHAR(255),
    `payment_method` VARCHAR(255) NOT NULL,
    `receipt` VARCHAR(255),
    `remark` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_payments_company` ON `payments` (`company_id`, `created_at`);
CREATE INDEX `idx_payments_parent` ON `payments` (`company_id`, `related_id`, `created_at`);

CREATE TABLE `expenses` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `project` VARCHAR(255) NOT NULL,
    `item` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `price` VARCHAR(255) NOT NULL,
    `purchase_date` BIGINT NOT NULL,
    `employee` VARCHAR(255),
    `description` VARCHAR(255),
    `bill` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_expenses_company` ON `expenses` (`company_id`, `created_at`);
CREATE INDEX `idx_expenses_parent` ON `expenses` (`company_id`, `related_id`, `created_at`);

CREATE TABLE `sales_quotations` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `sales_quotation_number` VARCHAR(255) NOT NULL,
    `customer` VARCHAR(255) NOT NULL,
    `issue_date` BIGINT NOT NULL,
    `category` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `items` LONGTEXT,
    `discount_rate` VARCHAR(255) NOT NULL,
    `subtotal` VARCHAR(255) NOT NULL,
    `discount` VARCHAR(255) NOT NULL,
    `tax` VARCHAR(255) NOT NULL,
    `calculated_tax` VARCHAR(255) NOT NULL,
    `total` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_sales_quotations_company` ON `sales_quotations` (`company_id`, `created_at`);

CREATE TABLE `sales_invoices` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `sales_invoice_number` VARCHAR(255) NOT NULL,
    `customer` VARCHAR(255) NOT NULL,
    `issue_date` BIGINT NOT NULL,
    `due_date` BIGINT NOT NULL,
    `category` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `items` LONGTEXT,
    `discount_rate` VARCHAR(255) NOT NULL,
    `subtotal` VARCHAR(255) NOT NULL,
    `discount` VARCHAR(255) NOT NULL,
    `tax` VARCHAR(255) NOT NULL,
    `calculated_tax` VARCHAR(255) NOT NULL,
    `total` VARCHAR(255) NOT NULL,
    `paid_amount` VARCHAR(255) NOT NULL,
    `credited_amount` VARCHAR(255) NOT NULL,
    `amount_due` VARCHAR(255) NOT NULL,
    `status` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_sales_invoices_company` ON `sales_invoices` (`company_id`, `created_at`);

CREATE TABLE `sales_revenues` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `date` BIGINT NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `amount` VARCHAR(255) NOT NULL,
    `account` VARCHAR(255) NOT NULL,
    `customer` VARCHAR(255) NOT NULL,
    `description` VARCHAR(255),
    `category` VARCHAR(255) NOT NULL,
    `payment_receipt` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_sales_revenues_company` ON `sales_revenues` (`company_id`, `created_at`);

CREATE TABLE `sales_creditnotes` (
    `id` VARCHAR(32) NOT NULL PRIMARY KEY,
    `company_id` VARCHAR(32) NOT NULL,
    `created_by` VARCHAR(255),
    `updated_by` VARCHAR(255),
    `created_at` BIGINT NOT NULL,
    `updated_at` BIGINT NOT NULL,
    `related_id` VARCHAR(255) NOT NULL,
    `invoice` VARCHAR(255) NOT NULL,
    `currency` VARCHAR(255) NOT NULL,
    `amount` VARCHAR(255) NOT NULL,
    `date` BIGINT NOT NULL,
    `description` VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `idx_sales_creditnotes_company` ON `sales_creditnotes` (`company_id`, `created_at`);

CREATE UNIQUE INDEX `uq_invoices_number` ON `invoices` (`company_id`, `invoice_number`);
CREATE UNIQUE INDEX `uq_sales_quotations_number` ON `sales_quotations` (`company_id`, `sales_quotation_number`);
CREATE UNIQUE INDEX `uq_sales_invoices_number` ON `sales_invoices` (`company_id`, `sales_invoice_number`);
CREATE INDEX `idx_payments_invoice` ON `payments` (`company_id`, `invoice`);
CREATE INDEX `idx_sales_creditnotes_invoice` ON `sales_creditnotes` (`company_id`, `invoice`);

-- +goose Down
DROP TABLE `sales_creditnotes`;
DROP TABLE `sales_revenues`;
DROP TABLE `sales_invoices`;
DROP TABLE `sales_quotations`;
DROP TABLE `expenses`;
DROP TABLE `payments`;
DROP TABLE `invoices`;
