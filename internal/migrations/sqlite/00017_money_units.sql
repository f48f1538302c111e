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
ALTER TABLE "proposals" ADD COLUMN "subtotal_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "proposals" ADD COLUMN "discount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "proposals" ADD COLUMN "tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "proposals" ADD COLUMN "calculated_tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "proposals" ADD COLUMN "total_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "proposals" SET "subtotal_e4" = CASE WHEN "subtotal" IS NULL OR "subtotal" = '' THEN 0 WHEN instr("subtotal", '.') = 0 THEN CAST("subtotal" AS INTEGER) * 10000 ELSE (CASE WHEN substr("subtotal", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("subtotal", 1, instr("subtotal", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("subtotal", instr("subtotal", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "proposals" SET "discount_e4" = CASE WHEN "discount" IS NULL OR "discount" = '' THEN 0 WHEN instr("discount", '.') = 0 THEN CAST("discount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("discount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("discount", 1, instr("discount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("discount", instr("discount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "proposals" SET "tax_e4" = CASE WHEN "tax" IS NULL OR "tax" = '' THEN 0 WHEN instr("tax", '.') = 0 THEN CAST("tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("tax", 1, instr("tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("tax", instr("tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "proposals" SET "calculated_tax_e4" = CASE WHEN "calculated_tax" IS NULL OR "calculated_tax" = '' THEN 0 WHEN instr("calculated_tax", '.') = 0 THEN CAST("calculated_tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("calculated_tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("calculated_tax", 1, instr("calculated_tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("calculated_tax", instr("calculated_tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "proposals" SET "total_e4" = CASE WHEN "total" IS NULL OR "total" = '' THEN 0 WHEN instr("total", '.') = 0 THEN CAST("total" AS INTEGER) * 10000 ELSE (CASE WHEN substr("total", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("total", 1, instr("total", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("total", instr("total", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "proposals" DROP COLUMN "subtotal";
ALTER TABLE "proposals" DROP COLUMN "discount";
ALTER TABLE "proposals" DROP COLUMN "tax";
ALTER TABLE "proposals" DROP COLUMN "calculated_tax";
ALTER TABLE "proposals" DROP COLUMN "total";

ALTER TABLE "quotations" ADD COLUMN "subtotal_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "quotations" ADD COLUMN "discount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "quotations" ADD COLUMN "tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "quotations" ADD COLUMN "calculated_tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "quotations" ADD COLUMN "total_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "quotations" SET "subtotal_e4" = CASE WHEN "subtotal" IS NULL OR "subtotal" = '' THEN 0 WHEN instr("subtotal", '.') = 0 THEN CAST("subtotal" AS INTEGER) * 10000 ELSE (CASE WHEN substr("subtotal", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("subtotal", 1, instr("subtotal", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("subtotal", instr("subtotal", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "quotations" SET "discount_e4" = CASE WHEN "discount" IS NULL OR "discount" = '' THEN 0 WHEN instr("discount", '.') = 0 THEN CAST("discount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("discount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("discount", 1, instr("discount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("discount", instr("discount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "quotations" SET "tax_e4" = CASE WHEN "tax" IS NULL OR "tax" = '' THEN 0 WHEN instr("tax", '.') = 0 THEN CAST("tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("tax", 1, instr("tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("tax", instr("tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "quotations" SET "calculated_tax_e4" = CASE WHEN "calculated_tax" IS NULL OR "calculated_tax" = '' THEN 0 WHEN instr("calculated_tax", '.') = 0 THEN CAST("calculated_tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("calculated_tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("calculated_tax", 1, instr("calculated_tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("calculated_tax", instr("calculated_tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "quotations" SET "total_e4" = CASE WHEN "total" IS NULL OR "total" = '' THEN 0 WHEN instr("total", '.') = 0 THEN CAST("total" AS INTEGER) * 10000 ELSE (CASE WHEN substr("total", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("total", 1, instr("total", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("total", instr("total", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "quotations" DROP COLUMN "subtotal";
ALTER TABLE "quotations" DROP COLUMN "discount";
ALTER TABLE "quotations" DROP COLUMN "tax";
ALTER TABLE "quotations" DROP COLUMN "calculated_tax";
ALTER TABLE "quotations" DROP COLUMN "total";

ALTER TABLE "estimates" ADD COLUMN "subtotal_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "estimates" ADD COLUMN "discount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "estimates" ADD COLUMN "tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "estimates" ADD COLUMN "calculated_tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "estimates" ADD COLUMN "total_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "estimates" SET "subtotal_e4" = CASE WHEN "subtotal" IS NULL OR "subtotal" = '' THEN 0 WHEN instr("subtotal", '.') = 0 THEN CAST("subtotal" AS INTEGER) * 10000 ELSE (CASE WHEN substr("subtotal", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("subtotal", 1, instr("subtotal", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("subtotal", instr("subtotal", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "estimates" SET "discount_e4" = CASE WHEN "discount" IS NULL OR "discount" = '' THEN 0 WHEN instr("discount", '.') = 0 THEN CAST("discount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("discount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("discount", 1, instr("discount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("discount", instr("discount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "estimates" SET "tax_e4" = CASE WHEN "tax" IS NULL OR "tax" = '' THEN 0 WHEN instr("tax", '.') = 0 THEN CAST("tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("tax", 1, instr("tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("tax", instr("tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "estimates" SET "calculated_tax_e4" = CASE WHEN "calculated_tax" IS NULL OR "calculated_tax" = '' THEN 0 WHEN instr("calculated_tax", '.') = 0 THEN CAST("calculated_tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("calculated_tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("calculated_tax", 1, instr("calculated_tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("calculated_tax", instr("calculated_tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "estimates" SET "total_e4" = CASE WHEN "total" IS NULL OR "total" = '' THEN 0 WHEN instr("total", '.') = 0 THEN CAST("total" AS INTEGER) * 10000 ELSE (CASE WHEN substr("total", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("total", 1, instr("total", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("total", instr("total", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "estimates" DROP COLUMN "subtotal";
ALTER TABLE "estimates" DROP COLUMN "discount";
ALTER TABLE "estimates" DROP COLUMN "tax";
ALTER TABLE "estimates" DROP COLUMN "calculated_tax";
ALTER TABLE "estimates" DROP COLUMN "total";

ALTER TABLE "invoices" ADD COLUMN "subtotal_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "discount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "calculated_tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "total_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "paid_amount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "credited_amount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoices" ADD COLUMN "amount_due_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "invoices" SET "subtotal_e4" = CASE WHEN "subtotal" IS NULL OR "subtotal" = '' THEN 0 WHEN instr("subtotal", '.') = 0 THEN CAST("subtotal" AS INTEGER) * 10000 ELSE (CASE WHEN substr("subtotal", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("subtotal", 1, instr("subtotal", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("subtotal", instr("subtotal", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "discount_e4" = CASE WHEN "discount" IS NULL OR "discount" = '' THEN 0 WHEN instr("discount", '.') = 0 THEN CAST("discount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("discount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("discount", 1, instr("discount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("discount", instr("discount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "tax_e4" = CASE WHEN "tax" IS NULL OR "tax" = '' THEN 0 WHEN instr("tax", '.') = 0 THEN CAST("tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("tax", 1, instr("tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("tax", instr("tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "calculated_tax_e4" = CASE WHEN "calculated_tax" IS NULL OR "calculated_tax" = '' THEN 0 WHEN instr("calculated_tax", '.') = 0 THEN CAST("calculated_tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("calculated_tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("calculated_tax", 1, instr("calculated_tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("calculated_tax", instr("calculated_tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "total_e4" = CASE WHEN "total" IS NULL OR "total" = '' THEN 0 WHEN instr("total", '.') = 0 THEN CAST("total" AS INTEGER) * 10000 ELSE (CASE WHEN substr("total", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("total", 1, instr("total", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("total", instr("total", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "paid_amount_e4" = CASE WHEN "paid_amount" IS NULL OR "paid_amount" = '' THEN 0 WHEN instr("paid_amount", '.') = 0 THEN CAST("paid_amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("paid_amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("paid_amount", 1, instr("paid_amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("paid_amount", instr("paid_amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "credited_amount_e4" = CASE WHEN "credited_amount" IS NULL OR "credited_amount" = '' THEN 0 WHEN instr("credited_amount", '.') = 0 THEN CAST("credited_amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("credited_amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("credited_amount", 1, instr("credited_amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("credited_amount", instr("credited_amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "invoices" SET "amount_due_e4" = CASE WHEN "amount_due" IS NULL OR "amount_due" = '' THEN 0 WHEN instr("amount_due", '.') = 0 THEN CAST("amount_due" AS INTEGER) * 10000 ELSE (CASE WHEN substr("amount_due", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("amount_due", 1, instr("amount_due", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("amount_due", instr("amount_due", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "invoices" DROP COLUMN "subtotal";
ALTER TABLE "invoices" DROP COLUMN "discount";
ALTER TABLE "invoices" DROP COLUMN "tax";
ALTER TABLE "invoices" DROP COLUMN "calculated_tax";
ALTER TABLE "invoices" DROP COLUMN "total";
ALTER TABLE "invoices" DROP COLUMN "paid_amount";
ALTER TABLE "invoices" DROP COLUMN "credited_amount";
ALTER TABLE "invoices" DROP COLUMN "amount_due";

ALTER TABLE "sales_quotations" ADD COLUMN "subtotal_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_quotations" ADD COLUMN "discount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_quotations" ADD COLUMN "tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_quotations" ADD COLUMN "calculated_tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_quotations" ADD COLUMN "total_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "sales_quotations" SET "subtotal_e4" = CASE WHEN "subtotal" IS NULL OR "subtotal" = '' THEN 0 WHEN instr("subtotal", '.') = 0 THEN CAST("subtotal" AS INTEGER) * 10000 ELSE (CASE WHEN substr("subtotal", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("subtotal", 1, instr("subtotal", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("subtotal", instr("subtotal", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_quotations" SET "discount_e4" = CASE WHEN "discount" IS NULL OR "discount" = '' THEN 0 WHEN instr("discount", '.') = 0 THEN CAST("discount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("discount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("discount", 1, instr("discount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("discount", instr("discount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_quotations" SET "tax_e4" = CASE WHEN "tax" IS NULL OR "tax" = '' THEN 0 WHEN instr("tax", '.') = 0 THEN CAST("tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("tax", 1, instr("tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("tax", instr("tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_quotations" SET "calculated_tax_e4" = CASE WHEN "calculated_tax" IS NULL OR "calculated_tax" = '' THEN 0 WHEN instr("calculated_tax", '.') = 0 THEN CAST("calculated_tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("calculated_tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("calculated_tax", 1, instr("calculated_tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("calculated_tax", instr("calculated_tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_quotations" SET "total_e4" = CASE WHEN "total" IS NULL OR "total" = '' THEN 0 WHEN instr("total", '.') = 0 THEN CAST("total" AS INTEGER) * 10000 ELSE (CASE WHEN substr("total", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("total", 1, instr("total", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("total", instr("total", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "sales_quotations" DROP COLUMN "subtotal";
ALTER TABLE "sales_quotations" DROP COLUMN "discount";
ALTER TABLE "sales_quotations" DROP COLUMN "tax";
ALTER TABLE "sales_quotations" DROP COLUMN "calculated_tax";
ALTER TABLE "sales_quotations" DROP COLUMN "total";

ALTER TABLE "sales_invoices" ADD COLUMN "subtotal_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "discount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "calculated_tax_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "total_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "paid_amount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "credited_amount_e4" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sales_invoices" ADD COLUMN "amount_due_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "sales_invoices" SET "subtotal_e4" = CASE WHEN "subtotal" IS NULL OR "subtotal" = '' THEN 0 WHEN instr("subtotal", '.') = 0 THEN CAST("subtotal" AS INTEGER) * 10000 ELSE (CASE WHEN substr("subtotal", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("subtotal", 1, instr("subtotal", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("subtotal", instr("subtotal", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "discount_e4" = CASE WHEN "discount" IS NULL OR "discount" = '' THEN 0 WHEN instr("discount", '.') = 0 THEN CAST("discount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("discount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("discount", 1, instr("discount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("discount", instr("discount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "tax_e4" = CASE WHEN "tax" IS NULL OR "tax" = '' THEN 0 WHEN instr("tax", '.') = 0 THEN CAST("tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("tax", 1, instr("tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("tax", instr("tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "calculated_tax_e4" = CASE WHEN "calculated_tax" IS NULL OR "calculated_tax" = '' THEN 0 WHEN instr("calculated_tax", '.') = 0 THEN CAST("calculated_tax" AS INTEGER) * 10000 ELSE (CASE WHEN substr("calculated_tax", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("calculated_tax", 1, instr("calculated_tax", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("calculated_tax", instr("calculated_tax", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "total_e4" = CASE WHEN "total" IS NULL OR "total" = '' THEN 0 WHEN instr("total", '.') = 0 THEN CAST("total" AS INTEGER) * 10000 ELSE (CASE WHEN substr("total", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("total", 1, instr("total", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("total", instr("total", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "paid_amount_e4" = CASE WHEN "paid_amount" IS NULL OR "paid_amount" = '' THEN 0 WHEN instr("paid_amount", '.') = 0 THEN CAST("paid_amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("paid_amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("paid_amount", 1, instr("paid_amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("paid_amount", instr("paid_amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "credited_amount_e4" = CASE WHEN "credited_amount" IS NULL OR "credited_amount" = '' THEN 0 WHEN instr("credited_amount", '.') = 0 THEN CAST("credited_amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("credited_amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("credited_amount", 1, instr("credited_amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("credited_amount", instr("credited_amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
UPDATE "sales_invoices" SET "amount_due_e4" = CASE WHEN "amount_due" IS NULL OR "amount_due" = '' THEN 0 WHEN instr("amount_due", '.') = 0 THEN CAST("amount_due" AS INTEGER) * 10000 ELSE (CASE WHEN substr("amount_due", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("amount_due", 1, instr("amount_due", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("amount_due", instr("amount_due", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "sales_invoices" DROP COLUMN "subtotal";
ALTER TABLE "sales_invoices" DROP COLUMN "discount";
ALTER TABLE "sales_invoices" DROP COLUMN "tax";
ALTER TABLE "sales_invoices" DROP COLUMN "calculated_tax";
ALTER TABLE "sales_invoices" DROP COLUMN "total";
ALTER TABLE "sales_invoices" DROP COLUMN "paid_amount";
ALTER TABLE "sales_invoices" DROP COLUMN "credited_amount";
ALTER TABLE "sales_invoices" DROP COLUMN "amount_due";

ALTER TABLE "payments" ADD COLUMN "amount_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "payments" SET "amount_e4" = CASE WHEN "amount" IS NULL OR "amount" = '' THEN 0 WHEN instr("amount", '.') = 0 THEN CAST("amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("amount", 1, instr("amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("amount", instr("amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "payments" DROP COLUMN "amount";

ALTER TABLE "expenses" ADD COLUMN "price_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "expenses" SET "price_e4" = CASE WHEN "price" IS NULL OR "price" = '' THEN 0 WHEN instr("price", '.') = 0 THEN CAST("price" AS INTEGER) * 10000 ELSE (CASE WHEN substr("price", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("price", 1, instr("price", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("price", instr("price", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "expenses" DROP COLUMN "price";

ALTER TABLE "sales_revenues" ADD COLUMN "amount_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "sales_revenues" SET "amount_e4" = CASE WHEN "amount" IS NULL OR "amount" = '' THEN 0 WHEN instr("amount", '.') = 0 THEN CAST("amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("amount", 1, instr("amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("amount", instr("amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "sales_revenues" DROP COLUMN "amount";

ALTER TABLE "sales_creditnotes" ADD COLUMN "amount_e4" INTEGER NOT NULL DEFAULT 0;
UPDATE "sales_creditnotes" SET "amount_e4" = CASE WHEN "amount" IS NULL OR "amount" = '' THEN 0 WHEN instr("amount", '.') = 0 THEN CAST("amount" AS INTEGER) * 10000 ELSE (CASE WHEN substr("amount", 1, 1) = '-' THEN -1 ELSE 1 END) * (abs(CAST(substr("amount", 1, instr("amount", '.') - 1) AS INTEGER)) * 10000 + CAST(substr(substr("amount", instr("amount", '.') + 1) || '0000', 1, 4) AS INTEGER)) END;
ALTER TABLE "sales_creditnotes" DROP COLUMN "amount";

CREATE INDEX "idx_invoices_total" ON "invoices" ("company_id", "total_e4", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_total_desc" ON "invoices" ("company_id", "total_e4" DESC, "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_amount_due" ON "invoices" ("company_id", "amount_due_e4", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_amount_due_desc" ON "invoices" ("company_id", "amount_due_e4" DESC, "created_at" DESC, "id" DESC);

-- +goose Down
DROP INDEX "idx_invoices_amount_due_desc";
DROP INDEX "idx_invoices_amount_due";
DROP INDEX "idx_invoices_total_desc";
DROP INDEX "idx_invoices_total";

ALTER TABLE "sales_creditnotes" ADD COLUMN "amount" TEXT NOT NULL DEFAULT '';
UPDATE "sales_creditnotes" SET "amount" = printf('%s%d.%04d', CASE WHEN "amount_e4" < 0 THEN '-' ELSE '' END, abs("amount_e4") / 10000, abs("amount_e4") % 10000);
ALTER TABLE "sales_creditnotes" DROP COLUMN "amount_e4";

ALTER TABLE "sales_revenues" ADD COLUMN "amount" TEXT NOT NULL DEFAULT '';
UPDATE "sales_revenues" SET "amount" = printf('%s%d.%04d', CASE WHEN "amount_e4" < 0 THEN '-' ELSE '' END, abs("amount_e4") / 10000, abs("amount_e4") % 10000);
ALTER TABLE "sales_revenues" DROP COLUMN "amount_e4";

ALTER TABLE "expenses" ADD COLUMN "price" TEXT NOT NULL DEFAULT '';
UPDATE "expenses" SET "price" = printf('%s%d.%04d', CASE WHEN "price_e4" < 0 THEN '-' ELSE '' END, abs("price_e4") / 10000, abs("price_e4") % 10000);
ALTER TABLE "expenses" DROP COLUMN "price_e4";

ALTER TABLE "payments" ADD COLUMN "amount" TEXT NOT NULL DEFAULT '';
UPDATE "payments" SET "amount" = printf('%s%d.%04d', CASE WHEN "amount_e4" < 0 THEN '-' ELSE '' END, abs("amount_e4") / 10000, abs("amount_e4") % 10000);
ALTER TABLE "payments" DROP COLUMN "amount_e4";

ALTER TABLE "sales_invoices" ADD COLUMN "subtotal" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "discount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "calculated_tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "total" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "paid_amount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "credited_amount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_invoices" ADD COLUMN "amount_due" TEXT NOT NULL DEFAULT '';
UPDATE "sales_invoices" SET "subtotal" = printf('%s%d.%04d', CASE WHEN "subtotal_e4" < 0 THEN '-' ELSE '' END, abs("subtotal_e4") / 10000, abs("subtotal_e4") % 10000);
UPDATE "sales_invoices" SET "discount" = printf('%s%d.%04d', CASE WHEN "discount_e4" < 0 THEN '-' ELSE '' END, abs("discount_e4") / 10000, abs("discount_e4") % 10000);
UPDATE "sales_invoices" SET "tax" = printf('%s%d.%04d', CASE WHEN "tax_e4" < 0 THEN '-' ELSE '' END, abs("tax_e4") / 10000, abs("tax_e4") % 10000);
UPDATE "sales_invoices" SET "calculated_tax" = printf('%s%d.%04d', CASE WHEN "calculated_tax_e4" < 0 THEN '-' ELSE '' END, abs("calculated_tax_e4") / 10000, abs("calculated_tax_e4") % 10000);
UPDATE "sales_invoices" SET "total" = printf('%s%d.%04d', CASE WHEN "total_e4" < 0 THEN '-' ELSE '' END, abs("total_e4") / 10000, abs("total_e4") % 10000);
UPDATE "sales_invoices" SET "paid_amount" = printf('%s%d.%04d', CASE WHEN "paid_amount_e4" < 0 THEN '-' ELSE '' END, abs("paid_amount_e4") / 10000, abs("paid_amount_e4") % 10000);
UPDATE "sales_invoices" SET "credited_amount" = printf('%s%d.%04d', CASE WHEN "credited_amount_e4" < 0 THEN '-' ELSE '' END, abs("credited_amount_e4") / 10000, abs("credited_amount_e4") % 10000);
UPDATE "sales_invoices" SET "amount_due" = printf('%s%d.%04d', CASE WHEN "amount_due_e4" < 0 THEN '-' ELSE '' END, abs("amount_due_e4") / 10000, abs("amount_due_e4") % 10000);
ALTER TABLE "sales_invoices" DROP COLUMN "subtotal_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "discount_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "tax_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "calculated_tax_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "total_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "paid_amount_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "credited_amount_e4";
ALTER TABLE "sales_invoices" DROP COLUMN "amount_due_e4";

ALTER TABLE "sales_quotations" ADD COLUMN "subtotal" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_quotations" ADD COLUMN "discount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_quotations" ADD COLUMN "tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_quotations" ADD COLUMN "calculated_tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "sales_quotations" ADD COLUMN "total" TEXT NOT NULL DEFAULT '';
UPDATE "sales_quotations" SET "subtotal" = printf('%s%d.%04d', CASE WHEN "subtotal_e4" < 0 THEN '-' ELSE '' END, abs("subtotal_e4") / 10000, abs("subtotal_e4") % 10000);
UPDATE "sales_quotations" SET "discount" = printf('%s%d.%04d', CASE WHEN "discount_e4" < 0 THEN '-' ELSE '' END, abs("discount_e4") / 10000, abs("discount_e4") % 10000);
UPDATE "sales_quotations" SET "tax" = printf('%s%d.%04d', CASE WHEN "tax_e4" < 0 THEN '-' ELSE '' END, abs("tax_e4") / 10000, abs("tax_e4") % 10000);
UPDATE "sales_quotations" SET "calculated_tax" = printf('%s%d.%04d', CASE WHEN "calculated_tax_e4" < 0 THEN '-' ELSE '' END, abs("calculated_tax_e4") / 10000, abs("calculated_tax_e4") % 10000);
UPDATE "sales_quotations" SET "total" = printf('%s%d.%04d', CASE WHEN "total_e4" < 0 THEN '-' ELSE '' END, abs("total_e4") / 10000, abs("total_e4") % 10000);
ALTER TABLE "sales_quotations" DROP COLUMN "subtotal_e4";
ALTER TABLE "sales_quotations" DROP COLUMN "discount_e4";
ALTER TABLE "sales_quotations" DROP COLUMN "tax_e4";
ALTER TABLE "sales_quotations" DROP COLUMN "calculated_tax_e4";
ALTER TABLE "sales_quotations" DROP COLUMN "total_e4";

ALTER TABLE "invoices" ADD COLUMN "subtotal" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "discount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "calculated_tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "total" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "paid_amount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "credited_amount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invoices" ADD COLUMN "amount_due" TEXT NOT NULL DEFAULT '';
UPDATE "invoices" SET "subtotal" = printf('%s%d.%04d', CASE WHEN "subtotal_e4" < 0 THEN '-' ELSE '' END, abs("subtotal_e4") / 10000, abs("subtotal_e4") % 10000);
UPDATE "invoices" SET "discount" = printf('%s%d.%04d', CASE WHEN "discount_e4" < 0 THEN '-' ELSE '' END, abs("discount_e4") / 10000, abs("discount_e4") % 10000);
UPDATE "invoices" SET "tax" = printf('%s%d.%04d', CASE WHEN "tax_e4" < 0 THEN '-' ELSE '' END, abs("tax_e4") / 10000, abs("tax_e4") % 10000);
UPDATE "invoices" SET "calculated_tax" = printf('%s%d.%04d', CASE WHEN "calculated_tax_e4" < 0 THEN '-' ELSE '' END, abs("calculated_tax_e4") / 10000, abs("calculated_tax_e4") % 10000);
UPDATE "invoices" SET "total" = printf('%s%d.%04d', CASE WHEN "total_e4" < 0 THEN '-' ELSE '' END, abs("total_e4") / 10000, abs("total_e4") % 10000);
UPDATE "invoices" SET "paid_amount" = printf('%s%d.%04d', CASE WHEN "paid_amount_e4" < 0 THEN '-' ELSE '' END, abs("paid_amount_e4") / 10000, abs("paid_amount_e4") % 10000);
UPDATE "invoices" SET "credited_amount" = printf('%s%d.%04d', CASE WHEN "credited_amount_e4" < 0 THEN '-' ELSE '' END, abs("credited_amount_e4") / 10000, abs("credited_amount_e4") % 10000);
UPDATE "invoices" SET "amount_due" = printf('%s%d.%04d', CASE WHEN "amount_due_e4" < 0 THEN '-' ELSE '' END, abs("amount_due_e4") / 10000, abs("amount_due_e4") % 10000);
ALTER TABLE "invoices" DROP COLUMN "subtotal_e4";
ALTER TABLE "invoices" DROP COLUMN "discount_e4";
ALTER TABLE "invoices" DROP COLUMN "tax_e4";
ALTER TABLE "invoices" DROP COLUMN "calculated_tax_e4";
ALTER TABLE "invoices" DROP COLUMN "total_e4";
ALTER TABLE "invoices" DROP COLUMN "paid_amount_e4";
ALTER TABLE "invoices" DROP COLUMN "credited_amount_e4";
ALTER TABLE "invoices" DROP COLUMN "amount_due_e4";

ALTER TABLE "estimates" ADD COLUMN "subtotal" TEXT NOT NULL DEFAULT '';
ALTER TABLE "estimates" ADD COLUMN "discount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "estimates" ADD COLUMN "tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "estimates" ADD COLUMN "calculated_tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "estimates" ADD COLUMN "total" TEXT NOT NULL DEFAULT '';
UPDATE "estimates" SET "subtotal" = printf('%s%d.%04d', CASE WHEN "subtotal_e4" < 0 THEN '-' ELSE '' END, abs("subtotal_e4") / 10000, abs("subtotal_e4") % 10000);
UPDATE "estimates" SET "discount" = printf('%s%d.%04d', CASE WHEN "discount_e4" < 0 THEN '-' ELSE '' END, abs("discount_e4") / 10000, abs("discount_e4") % 10000);
UPDATE "estimates" SET "tax" = printf('%s%d.%04d', CASE WHEN "tax_e4" < 0 THEN '-' ELSE '' END, abs("tax_e4") / 10000, abs("tax_e4") % 10000);
UPDATE "estimates" SET "calculated_tax" = printf('%s%d.%04d', CASE WHEN "calculated_tax_e4" < 0 THEN '-' ELSE '' END, abs("calculated_tax_e4") / 10000, abs("calculated_tax_e4") % 10000);
UPDATE "estimates" SET "total" = printf('%s%d.%04d', CASE WHEN "total_e4" < 0 THEN '-' ELSE '' END, abs("total_e4") / 10000, abs("total_e4") % 10000);
ALTER TABLE "estimates" DROP COLUMN "subtotal_e4";
ALTER TABLE "estimates" DROP COLUMN "discount_e4";
ALTER TABLE "estimates" DROP COLUMN "tax_e4";
ALTER TABLE "estimates" DROP COLUMN "calculated_tax_e4";
ALTER TABLE "estimates" DROP COLUMN "total_e4";

ALTER TABLE "quotations" ADD COLUMN "subtotal" TEXT NOT NULL DEFAULT '';
ALTER TABLE "quotations" ADD COLUMN "discount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "quotations" ADD COLUMN "tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "quotations" ADD COLUMN "calculated_tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "quotations" ADD COLUMN "total" TEXT NOT NULL DEFAULT '';
UPDATE "quotations" SET "subtotal" = printf('%s%d.%04d', CASE WHEN "subtotal_e4" < 0 THEN '-' ELSE '' END, abs("subtotal_e4") / 10000, abs("subtotal_e4") % 10000);
UPDATE "quotations" SET "discount" = printf('%s%d.%04d', CASE WHEN "discount_e4" < 0 THEN '-' ELSE '' END, abs("discount_e4") / 10000, abs("discount_e4") % 10000);
UPDATE "quotations" SET "tax" = printf('%s%d.%04d', CASE WHEN "tax_e4" < 0 THEN '-' ELSE '' END, abs("tax_e4") / 10000, abs("tax_e4") % 10000);
UPDATE "quotations" SET "calculated_tax" = printf('%s%d.%04d', CASE WHEN "calculated_tax_e4" < 0 THEN '-' ELSE '' END, abs("calculated_tax_e4") / 10000, abs("calculated_tax_e4") % 10000);
UPDATE "quotations" SET "total" = printf('%s%d.%04d', CASE WHEN "total_e4" < 0 THEN '-' ELSE '' END, abs("total_e4") / 10000, abs("total_e4") % 10000);
ALTER TABLE "quotations" DROP COLUMN "subtotal_e4";
ALTER TABLE "quotations" DROP COLUMN "discount_e4";
ALTER TABLE "quotations" DROP COLUMN "tax_e4";
ALTER TABLE "quotations" DROP COLUMN "calculated_tax_e4";
ALTER TABLE "quotations" DROP COLUMN "total_e4";

ALTER TABLE "proposals" ADD COLUMN "subtotal" TEXT NOT NULL DEFAULT '';
ALTER TABLE "proposals" ADD COLUMN "discount" TEXT NOT NULL DEFAULT '';
ALTER TABLE "proposals" ADD COLUMN "tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "proposals" ADD COLUMN "calculated_tax" TEXT NOT NULL DEFAULT '';
ALTER TABLE "proposals" ADD COLUMN "total" TEXT NOT NULL DEFAULT '';
UPDATE "proposals" SET "subtotal" = printf('%s%d.%04d', CASE WHEN "subtotal_e4" < 0 THEN '-' ELSE '' END, abs("subtotal_e4") / 10000, abs("subtotal_e4") % 10000);
UPDATE "proposals" SET "discount" = printf('%s%d.%04d', CASE WHEN "discount_e4" < 0 THEN '-' ELSE '' END, abs("discount_e4") / 10000, abs("discount_e4") % 10000);
UPDATE "proposals" SET "tax" = printf('%s%d.%04d', CASE WHEN "tax_e4" < 0 THEN '-' ELSE '' END, abs("tax_e4") / 10000, abs("tax_e4") % 10000);
UPDATE "proposals" SET "calculated_tax" = printf('%s%d.%04d', CASE WHEN "calculated_tax_e4" < 0 THEN '-' ELSE '' END, abs("calculated_tax_e4") / 10000, abs("calculated_tax_e4") % 10000);
UPDATE "proposals" SET "total" = printf('%s%d.%04d', CASE WHEN "total_e4" < 0 THEN '-' ELSE '' END, abs("total_e4") / 10000, abs("total_e4") % 10000);
ALTER TABLE "proposals" DROP COLUMN "subtotal_e4";
ALTER TABLE "proposals" DROP COLUMN "discount_e4";
ALTER TABLE "proposals" DROP COLUMN "tax_e4";
ALTER TABLE "proposals" DROP COLUMN "calculated_tax_e4";
ALTER TABLE "proposals" DROP COLUMN "total_e4";
