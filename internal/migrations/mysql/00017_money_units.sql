-- Money as integers: every amount column of the priced documents (proposals, quotations, estimates, invoices,
-- sales quotations, sales invoices), of the invoice balances and of payments, expenses, sales revenue and credit
-- notes moves from exact decimal text ("80.30", "1099" in JPY) to a BIGINT of 10^-4 units of the currency's major
-- unit (<col>_e4: 803000, 10990000), the same integer on the three databases, whatever the row's currency. Each
-- column is added, filled from the text exactly (no floating point), and the text column dropped. The UPDATEs
-- read columns that a later statement drops, so on MySQL a re-run after the drop skips them (see the README's
-- Migrations section). Invoices (a busy resource) get the list indexes of their new sort keys, total and
-- amount_due. Items stay JSON text, their amounts exact decimal strings. Down restores text columns, with four
-- decimals ("80.3000"), which the previous code reads as the same amounts.
-- +goose Up
ALTER TABLE `proposals` ADD COLUMN `subtotal_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `proposals` ADD COLUMN `discount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `proposals` ADD COLUMN `tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `proposals` ADD COLUMN `calculated_tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `proposals` ADD COLUMN `total_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `proposals` SET `subtotal_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`subtotal`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `proposals` SET `discount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`discount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `proposals` SET `tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `proposals` SET `calculated_tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`calculated_tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `proposals` SET `total_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`total`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `proposals` DROP COLUMN `subtotal`;
ALTER TABLE `proposals` DROP COLUMN `discount`;
ALTER TABLE `proposals` DROP COLUMN `tax`;
ALTER TABLE `proposals` DROP COLUMN `calculated_tax`;
ALTER TABLE `proposals` DROP COLUMN `total`;

ALTER TABLE `quotations` ADD COLUMN `subtotal_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `quotations` ADD COLUMN `discount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `quotations` ADD COLUMN `tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `quotations` ADD COLUMN `calculated_tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `quotations` ADD COLUMN `total_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `quotations` SET `subtotal_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`subtotal`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `quotations` SET `discount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`discount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `quotations` SET `tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `quotations` SET `calculated_tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`calculated_tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `quotations` SET `total_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`total`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `quotations` DROP COLUMN `subtotal`;
ALTER TABLE `quotations` DROP COLUMN `discount`;
ALTER TABLE `quotations` DROP COLUMN `tax`;
ALTER TABLE `quotations` DROP COLUMN `calculated_tax`;
ALTER TABLE `quotations` DROP COLUMN `total`;

ALTER TABLE `estimates` ADD COLUMN `subtotal_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `estimates` ADD COLUMN `discount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `estimates` ADD COLUMN `tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `estimates` ADD COLUMN `calculated_tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `estimates` ADD COLUMN `total_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `estimates` SET `subtotal_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`subtotal`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `estimates` SET `discount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`discount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `estimates` SET `tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `estimates` SET `calculated_tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`calculated_tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `estimates` SET `total_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`total`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `estimates` DROP COLUMN `subtotal`;
ALTER TABLE `estimates` DROP COLUMN `discount`;
ALTER TABLE `estimates` DROP COLUMN `tax`;
ALTER TABLE `estimates` DROP COLUMN `calculated_tax`;
ALTER TABLE `estimates` DROP COLUMN `total`;

ALTER TABLE `invoices` ADD COLUMN `subtotal_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `discount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `calculated_tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `total_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `paid_amount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `credited_amount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `invoices` ADD COLUMN `amount_due_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `invoices` SET `subtotal_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`subtotal`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `discount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`discount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `calculated_tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`calculated_tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `total_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`total`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `paid_amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`paid_amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `credited_amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`credited_amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `invoices` SET `amount_due_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`amount_due`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `invoices` DROP COLUMN `subtotal`;
ALTER TABLE `invoices` DROP COLUMN `discount`;
ALTER TABLE `invoices` DROP COLUMN `tax`;
ALTER TABLE `invoices` DROP COLUMN `calculated_tax`;
ALTER TABLE `invoices` DROP COLUMN `total`;
ALTER TABLE `invoices` DROP COLUMN `paid_amount`;
ALTER TABLE `invoices` DROP COLUMN `credited_amount`;
ALTER TABLE `invoices` DROP COLUMN `amount_due`;

ALTER TABLE `sales_quotations` ADD COLUMN `subtotal_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_quotations` ADD COLUMN `discount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_quotations` ADD COLUMN `tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_quotations` ADD COLUMN `calculated_tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_quotations` ADD COLUMN `total_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `sales_quotations` SET `subtotal_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`subtotal`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_quotations` SET `discount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`discount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_quotations` SET `tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_quotations` SET `calculated_tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`calculated_tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_quotations` SET `total_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`total`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `sales_quotations` DROP COLUMN `subtotal`;
ALTER TABLE `sales_quotations` DROP COLUMN `discount`;
ALTER TABLE `sales_quotations` DROP COLUMN `tax`;
ALTER TABLE `sales_quotations` DROP COLUMN `calculated_tax`;
ALTER TABLE `sales_quotations` DROP COLUMN `total`;

ALTER TABLE `sales_invoices` ADD COLUMN `subtotal_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `discount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `calculated_tax_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `total_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `paid_amount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `credited_amount_e4` BIGINT NOT NULL DEFAULT 0;
ALTER TABLE `sales_invoices` ADD COLUMN `amount_due_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `sales_invoices` SET `subtotal_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`subtotal`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `discount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`discount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `calculated_tax_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`calculated_tax`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `total_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`total`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `paid_amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`paid_amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `credited_amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`credited_amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
UPDATE `sales_invoices` SET `amount_due_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`amount_due`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `sales_invoices` DROP COLUMN `subtotal`;
ALTER TABLE `sales_invoices` DROP COLUMN `discount`;
ALTER TABLE `sales_invoices` DROP COLUMN `tax`;
ALTER TABLE `sales_invoices` DROP COLUMN `calculated_tax`;
ALTER TABLE `sales_invoices` DROP COLUMN `total`;
ALTER TABLE `sales_invoices` DROP COLUMN `paid_amount`;
ALTER TABLE `sales_invoices` DROP COLUMN `credited_amount`;
ALTER TABLE `sales_invoices` DROP COLUMN `amount_due`;

ALTER TABLE `payments` ADD COLUMN `amount_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `payments` SET `amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `payments` DROP COLUMN `amount`;

ALTER TABLE `expenses` ADD COLUMN `price_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `expenses` SET `price_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`price`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `expenses` DROP COLUMN `price`;

ALTER TABLE `sales_revenues` ADD COLUMN `amount_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `sales_revenues` SET `amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `sales_revenues` DROP COLUMN `amount`;

ALTER TABLE `sales_creditnotes` ADD COLUMN `amount_e4` BIGINT NOT NULL DEFAULT 0;
UPDATE `sales_creditnotes` SET `amount_e4` = COALESCE(CAST(ROUND(CAST(NULLIF(TRIM(`amount`), '') AS DECIMAL(40,4)) * 10000) AS SIGNED), 0);
ALTER TABLE `sales_creditnotes` DROP COLUMN `amount`;

CREATE INDEX `idx_invoices_total` ON `invoices` (`company_id`, `total_e4`, `created_at` DESC, `id` DESC);
CREATE INDEX `idx_invoices_total_desc` ON `invoices` (`company_id`, `total_e4` DESC, `created_at` DESC, `id` DESC);
CREATE INDEX `idx_invoices_amount_due` ON `invoices` (`company_id`, `amount_due_e4`, `created_at` DESC, `id` DESC);
CREATE INDEX `idx_invoices_amount_due_desc` ON `invoices` (`company_id`, `amount_due_e4` DESC, `created_at` DESC, `id` DESC);

-- +goose Down
DROP INDEX `idx_invoices_amount_due_desc` ON `invoices`;
DROP INDEX `idx_invoices_amount_due` ON `invoices`;
DROP INDEX `idx_invoices_total_desc` ON `invoices`;
DROP INDEX `idx_invoices_total` ON `invoices`;

ALTER TABLE `sales_creditnotes` ADD COLUMN `amount` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `sales_creditnotes` SET `amount` = CAST(CAST(`amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `sales_creditnotes` DROP COLUMN `amount_e4`;

ALTER TABLE `sales_revenues` ADD COLUMN `amount` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `sales_revenues` SET `amount` = CAST(CAST(`amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `sales_revenues` DROP COLUMN `amount_e4`;

ALTER TABLE `expenses` ADD COLUMN `price` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `expenses` SET `price` = CAST(CAST(`price_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `expenses` DROP COLUMN `price_e4`;

ALTER TABLE `payments` ADD COLUMN `amount` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `payments` SET `amount` = CAST(CAST(`amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `payments` DROP COLUMN `amount_e4`;

ALTER TABLE `sales_invoices` ADD COLUMN `subtotal` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `discount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `calculated_tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `total` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `paid_amount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `credited_amount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_invoices` ADD COLUMN `amount_due` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `sales_invoices` SET `subtotal` = CAST(CAST(`subtotal_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `discount` = CAST(CAST(`discount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `tax` = CAST(CAST(`tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `calculated_tax` = CAST(CAST(`calculated_tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `total` = CAST(CAST(`total_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `paid_amount` = CAST(CAST(`paid_amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `credited_amount` = CAST(CAST(`credited_amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_invoices` SET `amount_due` = CAST(CAST(`amount_due_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `sales_invoices` DROP COLUMN `subtotal_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `discount_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `tax_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `calculated_tax_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `total_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `paid_amount_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `credited_amount_e4`;
ALTER TABLE `sales_invoices` DROP COLUMN `amount_due_e4`;

ALTER TABLE `sales_quotations` ADD COLUMN `subtotal` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_quotations` ADD COLUMN `discount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_quotations` ADD COLUMN `tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_quotations` ADD COLUMN `calculated_tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `sales_quotations` ADD COLUMN `total` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `sales_quotations` SET `subtotal` = CAST(CAST(`subtotal_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_quotations` SET `discount` = CAST(CAST(`discount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_quotations` SET `tax` = CAST(CAST(`tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_quotations` SET `calculated_tax` = CAST(CAST(`calculated_tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `sales_quotations` SET `total` = CAST(CAST(`total_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `sales_quotations` DROP COLUMN `subtotal_e4`;
ALTER TABLE `sales_quotations` DROP COLUMN `discount_e4`;
ALTER TABLE `sales_quotations` DROP COLUMN `tax_e4`;
ALTER TABLE `sales_quotations` DROP COLUMN `calculated_tax_e4`;
ALTER TABLE `sales_quotations` DROP COLUMN `total_e4`;

ALTER TABLE `invoices` ADD COLUMN `subtotal` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `discount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `calculated_tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `total` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `paid_amount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `credited_amount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `invoices` ADD COLUMN `amount_due` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `invoices` SET `subtotal` = CAST(CAST(`subtotal_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `discount` = CAST(CAST(`discount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `tax` = CAST(CAST(`tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `calculated_tax` = CAST(CAST(`calculated_tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `total` = CAST(CAST(`total_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `paid_amount` = CAST(CAST(`paid_amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `credited_amount` = CAST(CAST(`credited_amount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `invoices` SET `amount_due` = CAST(CAST(`amount_due_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `invoices` DROP COLUMN `subtotal_e4`;
ALTER TABLE `invoices` DROP COLUMN `discount_e4`;
ALTER TABLE `invoices` DROP COLUMN `tax_e4`;
ALTER TABLE `invoices` DROP COLUMN `calculated_tax_e4`;
ALTER TABLE `invoices` DROP COLUMN `total_e4`;
ALTER TABLE `invoices` DROP COLUMN `paid_amount_e4`;
ALTER TABLE `invoices` DROP COLUMN `credited_amount_e4`;
ALTER TABLE `invoices` DROP COLUMN `amount_due_e4`;

ALTER TABLE `estimates` ADD COLUMN `subtotal` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `estimates` ADD COLUMN `discount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `estimates` ADD COLUMN `tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `estimates` ADD COLUMN `calculated_tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `estimates` ADD COLUMN `total` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `estimates` SET `subtotal` = CAST(CAST(`subtotal_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `estimates` SET `discount` = CAST(CAST(`discount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `estimates` SET `tax` = CAST(CAST(`tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `estimates` SET `calculated_tax` = CAST(CAST(`calculated_tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `estimates` SET `total` = CAST(CAST(`total_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `estimates` DROP COLUMN `subtotal_e4`;
ALTER TABLE `estimates` DROP COLUMN `discount_e4`;
ALTER TABLE `estimates` DROP COLUMN `tax_e4`;
ALTER TABLE `estimates` DROP COLUMN `calculated_tax_e4`;
ALTER TABLE `estimates` DROP COLUMN `total_e4`;

ALTER TABLE `quotations` ADD COLUMN `subtotal` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `quotations` ADD COLUMN `discount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `quotations` ADD COLUMN `tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `quotations` ADD COLUMN `calculated_tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `quotations` ADD COLUMN `total` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `quotations` SET `subtotal` = CAST(CAST(`subtotal_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `quotations` SET `discount` = CAST(CAST(`discount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `quotations` SET `tax` = CAST(CAST(`tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `quotations` SET `calculated_tax` = CAST(CAST(`calculated_tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `quotations` SET `total` = CAST(CAST(`total_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `quotations` DROP COLUMN `subtotal_e4`;
ALTER TABLE `quotations` DROP COLUMN `discount_e4`;
ALTER TABLE `quotations` DROP COLUMN `tax_e4`;
ALTER TABLE `quotations` DROP COLUMN `calculated_tax_e4`;
ALTER TABLE `quotations` DROP COLUMN `total_e4`;

ALTER TABLE `proposals` ADD COLUMN `subtotal` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `proposals` ADD COLUMN `discount` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `proposals` ADD COLUMN `tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `proposals` ADD COLUMN `calculated_tax` VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `proposals` ADD COLUMN `total` VARCHAR(255) NOT NULL DEFAULT '';
UPDATE `proposals` SET `subtotal` = CAST(CAST(`subtotal_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `proposals` SET `discount` = CAST(CAST(`discount_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `proposals` SET `tax` = CAST(CAST(`tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `proposals` SET `calculated_tax` = CAST(CAST(`calculated_tax_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
UPDATE `proposals` SET `total` = CAST(CAST(`total_e4` / 10000 AS DECIMAL(40,4)) AS CHAR);
ALTER TABLE `proposals` DROP COLUMN `subtotal_e4`;
ALTER TABLE `proposals` DROP COLUMN `discount_e4`;
ALTER TABLE `proposals` DROP COLUMN `tax_e4`;
ALTER TABLE `proposals` DROP COLUMN `calculated_tax_e4`;
ALTER TABLE `proposals` DROP COLUMN `total_e4`;
