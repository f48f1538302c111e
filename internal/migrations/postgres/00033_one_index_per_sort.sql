-- One index per sortable field instead of one per direction. The engine's tie-breakers (created_at, id) now follow
-- the direction of the sort's last key instead of always being descending (crud.orderKeys): sort=col orders by
-- col, created_at, id and sort=-col by col DESC, created_at DESC, id DESC, so one index serves both, read forwards
-- or backwards, and so does (company_id, created_at, id) for both directions of createdAt. Dropped here:
--   * (company_id, col, created_at DESC, id DESC), whose twin (company_id, col DESC, created_at DESC, id DESC) (on
--     MySQL/MariaDB for some columns the all-ascending (company_id, col, created_at, id)) now serves both
--     directions and col's equality filter;
--   * (company_id, created_at, id DESC), served by (company_id, created_at, id);
--   * indexes whose columns begin another index's: (company_id, created_at) of (company_id, created_at, id),
--     activities' (company_id, related_id) of its timeline index, invoices' parent index of its related_id one.
-- Fewer indexes per row make every insert and update cheaper (jobs: 16 secondary B-tree indexes to 10). migrations_test
-- still checks that each busy resource's sorts and filters are served by an index on every dialect, and EXPLAINs
-- each of them on SQLite and PostgreSQL.
-- +goose Up
DROP INDEX "idx_activities_related";
DROP INDEX "idx_attendances_company";
DROP INDEX "idx_attendances_created_asc";
DROP INDEX "idx_attendances_department";
DROP INDEX "idx_attendances_end_date";
DROP INDEX "idx_attendances_start_date";
DROP INDEX "idx_attendances_updated_at";
DROP INDEX "idx_customers_company";
DROP INDEX "idx_customers_created_asc";
DROP INDEX "idx_customers_customer_number";
DROP INDEX "idx_customers_email";
DROP INDEX "idx_customers_name";
DROP INDEX "idx_customers_updated_at";
DROP INDEX "idx_deals_closed_date";
DROP INDEX "idx_deals_created_asc";
DROP INDEX "idx_deals_deal_name";
DROP INDEX "idx_deals_price";
DROP INDEX "idx_deals_updated_at";
DROP INDEX "idx_invoices_amount_due";
DROP INDEX "idx_invoices_company";
DROP INDEX "idx_invoices_created_asc";
DROP INDEX "idx_invoices_due_date";
DROP INDEX "idx_invoices_invoice_number";
DROP INDEX "idx_invoices_issue_date";
DROP INDEX "idx_invoices_parent";
DROP INDEX "idx_invoices_total";
DROP INDEX "idx_invoices_updated_at";
DROP INDEX "idx_jobs_company";
DROP INDEX "idx_jobs_created_asc";
DROP INDEX "idx_jobs_end_date";
DROP INDEX "idx_jobs_start_date";
DROP INDEX "idx_jobs_title";
DROP INDEX "idx_jobs_updated_at";
DROP INDEX "idx_leads_created_asc";
DROP INDEX "idx_leads_first_name";
DROP INDEX "idx_leads_last_name";
DROP INDEX "idx_leads_lead_title";
DROP INDEX "idx_leads_updated_at";
DROP INDEX "idx_principals_created_asc";
DROP INDEX "idx_principals_email";
DROP INDEX "idx_principals_first_name";
DROP INDEX "idx_principals_joining_date";
DROP INDEX "idx_principals_last_name";
DROP INDEX "idx_principals_updated_at";
DROP INDEX "idx_principals_username";
DROP INDEX "idx_tasks_created_asc";
DROP INDEX "idx_tasks_due_date";
DROP INDEX "idx_tasks_priority";
DROP INDEX "idx_tasks_reminder_date";
DROP INDEX "idx_tasks_start_date";
DROP INDEX "idx_tasks_status";
DROP INDEX "idx_tasks_task_name";
DROP INDEX "idx_tasks_updated_at";

-- +goose Down
CREATE INDEX "idx_activities_related" ON "activities" ("company_id", "related_id");
CREATE INDEX "idx_attendances_company" ON "attendances" ("company_id", "created_at");
CREATE INDEX "idx_attendances_created_asc" ON "attendances" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_attendances_department" ON "attendances" ("company_id", LOWER("department"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_attendances_end_date" ON "attendances" ("company_id", "end_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_attendances_start_date" ON "attendances" ("company_id", "start_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_attendances_updated_at" ON "attendances" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_customers_company" ON "customers" ("company_id", "created_at");
CREATE INDEX "idx_customers_created_asc" ON "customers" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_customers_customer_number" ON "customers" ("company_id", LOWER("customer_number"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_customers_email" ON "customers" ("company_id", LOWER("email"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_customers_name" ON "customers" ("company_id", LOWER("name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_customers_updated_at" ON "customers" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_closed_date" ON "deals" ("company_id", "closed_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_created_asc" ON "deals" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_deals_deal_name" ON "deals" ("company_id", LOWER("deal_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_price" ON "deals" ("company_id", "price", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_deals_updated_at" ON "deals" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_amount_due" ON "invoices" ("company_id", "amount_due_e4", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_company" ON "invoices" ("company_id", "created_at");
CREATE INDEX "idx_invoices_created_asc" ON "invoices" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_invoices_due_date" ON "invoices" ("company_id", "due_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_invoice_number" ON "invoices" ("company_id", LOWER("invoice_number"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_issue_date" ON "invoices" ("company_id", "issue_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_parent" ON "invoices" ("company_id", "related_id", "created_at");
CREATE INDEX "idx_invoices_total" ON "invoices" ("company_id", "total_e4", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_invoices_updated_at" ON "invoices" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_jobs_company" ON "jobs" ("company_id", "created_at");
CREATE INDEX "idx_jobs_created_asc" ON "jobs" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_jobs_end_date" ON "jobs" ("company_id", "end_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_jobs_start_date" ON "jobs" ("company_id", "start_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_jobs_title" ON "jobs" ("company_id", LOWER("title"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_jobs_updated_at" ON "jobs" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_created_asc" ON "leads" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_leads_first_name" ON "leads" ("company_id", LOWER("first_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_last_name" ON "leads" ("company_id", LOWER("last_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_lead_title" ON "leads" ("company_id", LOWER("lead_title"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_leads_updated_at" ON "leads" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_principals_created_asc" ON "principals" ("company_id", "kind", "created_at", "id" DESC);
CREATE INDEX "idx_principals_email" ON "principals" ("company_id", "kind", LOWER("email"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_principals_first_name" ON "principals" ("company_id", "kind", LOWER("first_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_principals_joining_date" ON "principals" ("company_id", "kind", "joining_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_principals_last_name" ON "principals" ("company_id", "kind", LOWER("last_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_principals_updated_at" ON "principals" ("company_id", "kind", "updated_at", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_principals_username" ON "principals" ("company_id", "kind", LOWER("username"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_created_asc" ON "tasks" ("company_id", "created_at", "id" DESC);
CREATE INDEX "idx_tasks_due_date" ON "tasks" ("company_id", "due_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_priority" ON "tasks" ("company_id", LOWER("priority"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_reminder_date" ON "tasks" ("company_id", "reminder_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_start_date" ON "tasks" ("company_id", "start_date", "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_status" ON "tasks" ("company_id", LOWER("status"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_task_name" ON "tasks" ("company_id", LOWER("task_name"), "created_at" DESC, "id" DESC);
CREATE INDEX "idx_tasks_updated_at" ON "tasks" ("company_id", "updated_at", "created_at" DESC, "id" DESC);
