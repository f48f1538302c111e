-- Search index queue (see README › Search, Writes): a row inserted into a searchable table is queued in
-- search_queue by its table's insert trigger and indexed when its transaction commits
-- (crud.DrainSearchQueue, run by the store before each COMMIT), so that a group commit writes one FTS5
-- segment per table instead of one per row. The delete and update triggers leave a queued row to that.
-- +goose Up
CREATE TABLE "search_queue" ("tbl" TEXT NOT NULL, "rid" INTEGER NOT NULL, PRIMARY KEY ("tbl", "rid")) WITHOUT ROWID;
DROP TRIGGER "principals_search_insert";
DROP TRIGGER "principals_search_delete";
DROP TRIGGER "principals_search_update";
-- +goose StatementBegin
CREATE TRIGGER "principals_search_insert" AFTER INSERT ON "principals" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('principals', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "principals_search_delete" AFTER DELETE ON "principals" BEGIN
    INSERT INTO "principals_search" ("principals_search", rowid, "username", "email", "first_name", "last_name", "phone") SELECT 'delete', old.rowid, old."username", old."email", old."first_name", old."last_name", old."phone" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'principals' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'principals' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "principals_search_update" AFTER UPDATE OF "username", "email", "first_name", "last_name", "phone" ON "principals" WHEN (old."username" IS NOT new."username" OR old."email" IS NOT new."email" OR old."first_name" IS NOT new."first_name" OR old."last_name" IS NOT new."last_name" OR old."phone" IS NOT new."phone") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'principals' AND "rid" = old.rowid) BEGIN
    INSERT INTO "principals_search" ("principals_search", rowid, "username", "email", "first_name", "last_name", "phone") VALUES ('delete', old.rowid, old."username", old."email", old."first_name", old."last_name", old."phone");
    INSERT INTO "principals_search" (rowid, "username", "email", "first_name", "last_name", "phone") VALUES (new.rowid, new."username", new."email", new."first_name", new."last_name", new."phone");
END;
-- +goose StatementEnd
DROP TRIGGER "roles_search_insert";
DROP TRIGGER "roles_search_delete";
DROP TRIGGER "roles_search_update";
-- +goose StatementBegin
CREATE TRIGGER "roles_search_insert" AFTER INSERT ON "roles" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('roles', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "roles_search_delete" AFTER DELETE ON "roles" BEGIN
    INSERT INTO "roles_search" ("roles_search", rowid, "role_name") SELECT 'delete', old.rowid, old."role_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'roles' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'roles' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "roles_search_update" AFTER UPDATE OF "role_name" ON "roles" WHEN (old."role_name" IS NOT new."role_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'roles' AND "rid" = old.rowid) BEGIN
    INSERT INTO "roles_search" ("roles_search", rowid, "role_name") VALUES ('delete', old.rowid, old."role_name");
    INSERT INTO "roles_search" (rowid, "role_name") VALUES (new.rowid, new."role_name");
END;
-- +goose StatementEnd
DROP TRIGGER "subscription_plans_search_insert";
DROP TRIGGER "subscription_plans_search_delete";
DROP TRIGGER "subscription_plans_search_update";
-- +goose StatementBegin
CREATE TRIGGER "subscription_plans_search_insert" AFTER INSERT ON "subscription_plans" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('subscription_plans', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "subscription_plans_search_delete" AFTER DELETE ON "subscription_plans" BEGIN
    INSERT INTO "subscription_plans_search" ("subscription_plans_search", rowid, "name") SELECT 'delete', old.rowid, old."name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'subscription_plans' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'subscription_plans' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "subscription_plans_search_update" AFTER UPDATE OF "name" ON "subscription_plans" WHEN (old."name" IS NOT new."name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'subscription_plans' AND "rid" = old.rowid) BEGIN
    INSERT INTO "subscription_plans_search" ("subscription_plans_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
    INSERT INTO "subscription_plans_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
DROP TRIGGER "features_search_insert";
DROP TRIGGER "features_search_delete";
DROP TRIGGER "features_search_update";
-- +goose StatementBegin
CREATE TRIGGER "features_search_insert" AFTER INSERT ON "features" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('features', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "features_search_delete" AFTER DELETE ON "features" BEGIN
    INSERT INTO "features_search" ("features_search", rowid, "feature_name") SELECT 'delete', old.rowid, old."feature_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'features' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'features' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "features_search_update" AFTER UPDATE OF "feature_name" ON "features" WHEN (old."feature_name" IS NOT new."feature_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'features' AND "rid" = old.rowid) BEGIN
    INSERT INTO "features_search" ("features_search", rowid, "feature_name") VALUES ('delete', old.rowid, old."feature_name");
    INSERT INTO "features_search" (rowid, "feature_name") VALUES (new.rowid, new."feature_name");
END;
-- +goose StatementEnd
DROP TRIGGER "departments_search_insert";
DROP TRIGGER "departments_search_delete";
DROP TRIGGER "departments_search_update";
-- +goose StatementBegin
CREATE TRIGGER "departments_search_insert" AFTER INSERT ON "departments" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('departments', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "departments_search_delete" AFTER DELETE ON "departments" BEGIN
    INSERT INTO "departments_search" ("departments_search", rowid, "department_name") SELECT 'delete', old.rowid, old."department_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'departments' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'departments' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "departments_search_update" AFTER UPDATE OF "department_name" ON "departments" WHEN (old."department_name" IS NOT new."department_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'departments' AND "rid" = old.rowid) BEGIN
    INSERT INTO "departments_search" ("departments_search", rowid, "department_name") VALUES ('delete', old.rowid, old."department_name");
    INSERT INTO "departments_search" (rowid, "department_name") VALUES (new.rowid, new."department_name");
END;
-- +goose StatementEnd
DROP TRIGGER "designations_search_insert";
DROP TRIGGER "designations_search_delete";
DROP TRIGGER "designations_search_update";
-- +goose StatementBegin
CREATE TRIGGER "designations_search_insert" AFTER INSERT ON "designations" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('designations', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "designations_search_delete" AFTER DELETE ON "designations" BEGIN
    INSERT INTO "designations_search" ("designations_search", rowid, "designation_name") SELECT 'delete', old.rowid, old."designation_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'designations' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'designations' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "designations_search_update" AFTER UPDATE OF "designation_name" ON "designations" WHEN (old."designation_name" IS NOT new."designation_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'designations' AND "rid" = old.rowid) BEGIN
    INSERT INTO "designations_search" ("designations_search", rowid, "designation_name") VALUES ('delete', old.rowid, old."designation_name");
    INSERT INTO "designations_search" (rowid, "designation_name") VALUES (new.rowid, new."designation_name");
END;
-- +goose StatementEnd
DROP TRIGGER "branches_search_insert";
DROP TRIGGER "branches_search_delete";
DROP TRIGGER "branches_search_update";
-- +goose StatementBegin
CREATE TRIGGER "branches_search_insert" AFTER INSERT ON "branches" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('branches', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "branches_search_delete" AFTER DELETE ON "branches" BEGIN
    INSERT INTO "branches_search" ("branches_search", rowid, "branch_name") SELECT 'delete', old.rowid, old."branch_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'branches' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'branches' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "branches_search_update" AFTER UPDATE OF "branch_name" ON "branches" WHEN (old."branch_name" IS NOT new."branch_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'branches' AND "rid" = old.rowid) BEGIN
    INSERT INTO "branches_search" ("branches_search", rowid, "branch_name") VALUES ('delete', old.rowid, old."branch_name");
    INSERT INTO "branches_search" (rowid, "branch_name") VALUES (new.rowid, new."branch_name");
END;
-- +goose StatementEnd
DROP TRIGGER "activities_search_insert";
DROP TRIGGER "activities_search_delete";
DROP TRIGGER "activities_search_update";
-- +goose StatementBegin
CREATE TRIGGER "activities_search_insert" AFTER INSERT ON "activities" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('activities', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "activities_search_delete" AFTER DELETE ON "activities" BEGIN
    INSERT INTO "activities_search" ("activities_search", rowid, "activity_message") SELECT 'delete', old.rowid, old."activity_message" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'activities' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'activities' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "activities_search_update" AFTER UPDATE OF "activity_message" ON "activities" WHEN (old."activity_message" IS NOT new."activity_message") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'activities' AND "rid" = old.rowid) BEGIN
    INSERT INTO "activities_search" ("activities_search", rowid, "activity_message") VALUES ('delete', old.rowid, old."activity_message");
    INSERT INTO "activities_search" (rowid, "activity_message") VALUES (new.rowid, new."activity_message");
END;
-- +goose StatementEnd
DROP TRIGGER "notifications_search_insert";
DROP TRIGGER "notifications_search_delete";
DROP TRIGGER "notifications_search_update";
-- +goose StatementBegin
CREATE TRIGGER "notifications_search_insert" AFTER INSERT ON "notifications" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('notifications', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notifications_search_delete" AFTER DELETE ON "notifications" BEGIN
    INSERT INTO "notifications_search" ("notifications_search", rowid, "title") SELECT 'delete', old.rowid, old."title" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'notifications' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'notifications' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notifications_search_update" AFTER UPDATE OF "title" ON "notifications" WHEN (old."title" IS NOT new."title") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'notifications' AND "rid" = old.rowid) BEGIN
    INSERT INTO "notifications_search" ("notifications_search", rowid, "title") VALUES ('delete', old.rowid, old."title");
    INSERT INTO "notifications_search" (rowid, "title") VALUES (new.rowid, new."title");
END;
-- +goose StatementEnd
DROP TRIGGER "attendances_search_insert";
DROP TRIGGER "attendances_search_delete";
DROP TRIGGER "attendances_search_update";
-- +goose StatementBegin
CREATE TRIGGER "attendances_search_insert" AFTER INSERT ON "attendances" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('attendances', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "attendances_search_delete" AFTER DELETE ON "attendances" BEGIN
    INSERT INTO "attendances_search" ("attendances_search", rowid, "department", "comment") SELECT 'delete', old.rowid, old."department", old."comment" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'attendances' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'attendances' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "attendances_search_update" AFTER UPDATE OF "department", "comment" ON "attendances" WHEN (old."department" IS NOT new."department" OR old."comment" IS NOT new."comment") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'attendances' AND "rid" = old.rowid) BEGIN
    INSERT INTO "attendances_search" ("attendances_search", rowid, "department", "comment") VALUES ('delete', old.rowid, old."department", old."comment");
    INSERT INTO "attendances_search" (rowid, "department", "comment") VALUES (new.rowid, new."department", new."comment");
END;
-- +goose StatementEnd
DROP TRIGGER "leaves_search_insert";
DROP TRIGGER "leaves_search_delete";
DROP TRIGGER "leaves_search_update";
-- +goose StatementBegin
CREATE TRIGGER "leaves_search_insert" AFTER INSERT ON "leaves" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('leaves', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leaves_search_delete" AFTER DELETE ON "leaves" BEGIN
    INSERT INTO "leaves_search" ("leaves_search", rowid, "reason") SELECT 'delete', old.rowid, old."reason" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'leaves' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'leaves' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leaves_search_update" AFTER UPDATE OF "reason" ON "leaves" WHEN (old."reason" IS NOT new."reason") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'leaves' AND "rid" = old.rowid) BEGIN
    INSERT INTO "leaves_search" ("leaves_search", rowid, "reason") VALUES ('delete', old.rowid, old."reason");
    INSERT INTO "leaves_search" (rowid, "reason") VALUES (new.rowid, new."reason");
END;
-- +goose StatementEnd
DROP TRIGGER "trainings_search_insert";
DROP TRIGGER "trainings_search_delete";
DROP TRIGGER "trainings_search_update";
-- +goose StatementBegin
CREATE TRIGGER "trainings_search_insert" AFTER INSERT ON "trainings" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('trainings', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "trainings_search_delete" AFTER DELETE ON "trainings" BEGIN
    INSERT INTO "trainings_search" ("trainings_search", rowid, "category") SELECT 'delete', old.rowid, old."category" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'trainings' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'trainings' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "trainings_search_update" AFTER UPDATE OF "category" ON "trainings" WHEN (old."category" IS NOT new."category") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'trainings' AND "rid" = old.rowid) BEGIN
    INSERT INTO "trainings_search" ("trainings_search", rowid, "category") VALUES ('delete', old.rowid, old."category");
    INSERT INTO "trainings_search" (rowid, "category") VALUES (new.rowid, new."category");
END;
-- +goose StatementEnd
DROP TRIGGER "appreciations_search_insert";
DROP TRIGGER "appreciations_search_delete";
DROP TRIGGER "appreciations_search_update";
-- +goose StatementBegin
CREATE TRIGGER "appreciations_search_insert" AFTER INSERT ON "appreciations" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('appreciations', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "appreciations_search_delete" AFTER DELETE ON "appreciations" BEGIN
    INSERT INTO "appreciations_search" ("appreciations_search", rowid, "award") SELECT 'delete', old.rowid, old."award" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'appreciations' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'appreciations' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "appreciations_search_update" AFTER UPDATE OF "award" ON "appreciations" WHEN (old."award" IS NOT new."award") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'appreciations' AND "rid" = old.rowid) BEGIN
    INSERT INTO "appreciations_search" ("appreciations_search", rowid, "award") VALUES ('delete', old.rowid, old."award");
    INSERT INTO "appreciations_search" (rowid, "award") VALUES (new.rowid, new."award");
END;
-- +goose StatementEnd
DROP TRIGGER "jobs_search_insert";
DROP TRIGGER "jobs_search_delete";
DROP TRIGGER "jobs_search_update";
-- +goose StatementBegin
CREATE TRIGGER "jobs_search_insert" AFTER INSERT ON "jobs" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('jobs', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "jobs_search_delete" AFTER DELETE ON "jobs" BEGIN
    INSERT INTO "jobs_search" ("jobs_search", rowid, "title", "category", "location") SELECT 'delete', old.rowid, old."title", old."category", old."location" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'jobs' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'jobs' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "jobs_search_update" AFTER UPDATE OF "title", "category", "location" ON "jobs" WHEN (old."title" IS NOT new."title" OR old."category" IS NOT new."category" OR old."location" IS NOT new."location") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'jobs' AND "rid" = old.rowid) BEGIN
    INSERT INTO "jobs_search" ("jobs_search", rowid, "title", "category", "location") VALUES ('delete', old.rowid, old."title", old."category", old."location");
    INSERT INTO "jobs_search" (rowid, "title", "category", "location") VALUES (new.rowid, new."title", new."category", new."location");
END;
-- +goose StatementEnd
DROP TRIGGER "job_applications_search_insert";
DROP TRIGGER "job_applications_search_delete";
DROP TRIGGER "job_applications_search_update";
-- +goose StatementBegin
CREATE TRIGGER "job_applications_search_insert" AFTER INSERT ON "job_applications" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('job_applications', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "job_applications_search_delete" AFTER DELETE ON "job_applications" BEGIN
    INSERT INTO "job_applications_search" ("job_applications_search", rowid, "name", "email") SELECT 'delete', old.rowid, old."name", old."email" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'job_applications' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'job_applications' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "job_applications_search_update" AFTER UPDATE OF "name", "email" ON "job_applications" WHEN (old."name" IS NOT new."name" OR old."email" IS NOT new."email") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'job_applications' AND "rid" = old.rowid) BEGIN
    INSERT INTO "job_applications_search" ("job_applications_search", rowid, "name", "email") VALUES ('delete', old.rowid, old."name", old."email");
    INSERT INTO "job_applications_search" (rowid, "name", "email") VALUES (new.rowid, new."name", new."email");
END;
-- +goose StatementEnd
DROP TRIGGER "skills_search_insert";
DROP TRIGGER "skills_search_delete";
DROP TRIGGER "skills_search_update";
-- +goose StatementBegin
CREATE TRIGGER "skills_search_insert" AFTER INSERT ON "skills" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('skills', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "skills_search_delete" AFTER DELETE ON "skills" BEGIN
    INSERT INTO "skills_search" ("skills_search", rowid, "skill_name") SELECT 'delete', old.rowid, old."skill_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'skills' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'skills' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "skills_search_update" AFTER UPDATE OF "skill_name" ON "skills" WHEN (old."skill_name" IS NOT new."skill_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'skills' AND "rid" = old.rowid) BEGIN
    INSERT INTO "skills_search" ("skills_search", rowid, "skill_name") VALUES ('delete', old.rowid, old."skill_name");
    INSERT INTO "skills_search" (rowid, "skill_name") VALUES (new.rowid, new."skill_name");
END;
-- +goose StatementEnd
DROP TRIGGER "announcements_search_insert";
DROP TRIGGER "announcements_search_delete";
DROP TRIGGER "announcements_search_update";
-- +goose StatementBegin
CREATE TRIGGER "announcements_search_insert" AFTER INSERT ON "announcements" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('announcements', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "announcements_search_delete" AFTER DELETE ON "announcements" BEGIN
    INSERT INTO "announcements_search" ("announcements_search", rowid, "title", "description") SELECT 'delete', old.rowid, old."title", old."description" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'announcements' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'announcements' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "announcements_search_update" AFTER UPDATE OF "title", "description" ON "announcements" WHEN (old."title" IS NOT new."title" OR old."description" IS NOT new."description") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'announcements' AND "rid" = old.rowid) BEGIN
    INSERT INTO "announcements_search" ("announcements_search", rowid, "title", "description") VALUES ('delete', old.rowid, old."title", old."description");
    INSERT INTO "announcements_search" (rowid, "title", "description") VALUES (new.rowid, new."title", new."description");
END;
-- +goose StatementEnd
DROP TRIGGER "events_search_insert";
DROP TRIGGER "events_search_delete";
DROP TRIGGER "events_search_update";
-- +goose StatementBegin
CREATE TRIGGER "events_search_insert" AFTER INSERT ON "events" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('events', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "events_search_delete" AFTER DELETE ON "events" BEGIN
    INSERT INTO "events_search" ("events_search", rowid, "event_title", "event_manager") SELECT 'delete', old.rowid, old."event_title", old."event_manager" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'events' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'events' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "events_search_update" AFTER UPDATE OF "event_title", "event_manager" ON "events" WHEN (old."event_title" IS NOT new."event_title" OR old."event_manager" IS NOT new."event_manager") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'events' AND "rid" = old.rowid) BEGIN
    INSERT INTO "events_search" ("events_search", rowid, "event_title", "event_manager") VALUES ('delete', old.rowid, old."event_title", old."event_manager");
    INSERT INTO "events_search" (rowid, "event_title", "event_manager") VALUES (new.rowid, new."event_title", new."event_manager");
END;
-- +goose StatementEnd
DROP TRIGGER "meetings_search_insert";
DROP TRIGGER "meetings_search_delete";
DROP TRIGGER "meetings_search_update";
-- +goose StatementBegin
CREATE TRIGGER "meetings_search_insert" AFTER INSERT ON "meetings" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('meetings', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "meetings_search_delete" AFTER DELETE ON "meetings" BEGIN
    INSERT INTO "meetings_search" ("meetings_search", rowid, "title") SELECT 'delete', old.rowid, old."title" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'meetings' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'meetings' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "meetings_search_update" AFTER UPDATE OF "title" ON "meetings" WHEN (old."title" IS NOT new."title") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'meetings' AND "rid" = old.rowid) BEGIN
    INSERT INTO "meetings_search" ("meetings_search", rowid, "title") VALUES ('delete', old.rowid, old."title");
    INSERT INTO "meetings_search" (rowid, "title") VALUES (new.rowid, new."title");
END;
-- +goose StatementEnd
DROP TRIGGER "pipelines_search_insert";
DROP TRIGGER "pipelines_search_delete";
DROP TRIGGER "pipelines_search_update";
-- +goose StatementBegin
CREATE TRIGGER "pipelines_search_insert" AFTER INSERT ON "pipelines" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('pipelines', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "pipelines_search_delete" AFTER DELETE ON "pipelines" BEGIN
    INSERT INTO "pipelines_search" ("pipelines_search", rowid, "pipeline_name") SELECT 'delete', old.rowid, old."pipeline_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'pipelines' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'pipelines' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "pipelines_search_update" AFTER UPDATE OF "pipeline_name" ON "pipelines" WHEN (old."pipeline_name" IS NOT new."pipeline_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'pipelines' AND "rid" = old.rowid) BEGIN
    INSERT INTO "pipelines_search" ("pipelines_search", rowid, "pipeline_name") VALUES ('delete', old.rowid, old."pipeline_name");
    INSERT INTO "pipelines_search" (rowid, "pipeline_name") VALUES (new.rowid, new."pipeline_name");
END;
-- +goose StatementEnd
DROP TRIGGER "stages_search_insert";
DROP TRIGGER "stages_search_delete";
DROP TRIGGER "stages_search_update";
-- +goose StatementBegin
CREATE TRIGGER "stages_search_insert" AFTER INSERT ON "stages" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('stages', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "stages_search_delete" AFTER DELETE ON "stages" BEGIN
    INSERT INTO "stages_search" ("stages_search", rowid, "stage_name") SELECT 'delete', old.rowid, old."stage_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'stages' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'stages' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "stages_search_update" AFTER UPDATE OF "stage_name" ON "stages" WHEN (old."stage_name" IS NOT new."stage_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'stages' AND "rid" = old.rowid) BEGIN
    INSERT INTO "stages_search" ("stages_search", rowid, "stage_name") VALUES ('delete', old.rowid, old."stage_name");
    INSERT INTO "stages_search" (rowid, "stage_name") VALUES (new.rowid, new."stage_name");
END;
-- +goose StatementEnd
DROP TRIGGER "sources_search_insert";
DROP TRIGGER "sources_search_delete";
DROP TRIGGER "sources_search_update";
-- +goose StatementBegin
CREATE TRIGGER "sources_search_insert" AFTER INSERT ON "sources" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('sources', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sources_search_delete" AFTER DELETE ON "sources" BEGIN
    INSERT INTO "sources_search" ("sources_search", rowid, "source_name") SELECT 'delete', old.rowid, old."source_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sources' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'sources' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sources_search_update" AFTER UPDATE OF "source_name" ON "sources" WHEN (old."source_name" IS NOT new."source_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sources' AND "rid" = old.rowid) BEGIN
    INSERT INTO "sources_search" ("sources_search", rowid, "source_name") VALUES ('delete', old.rowid, old."source_name");
    INSERT INTO "sources_search" (rowid, "source_name") VALUES (new.rowid, new."source_name");
END;
-- +goose StatementEnd
DROP TRIGGER "crm_tags_search_insert";
DROP TRIGGER "crm_tags_search_delete";
DROP TRIGGER "crm_tags_search_update";
-- +goose StatementBegin
CREATE TRIGGER "crm_tags_search_insert" AFTER INSERT ON "crm_tags" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('crm_tags', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "crm_tags_search_delete" AFTER DELETE ON "crm_tags" BEGIN
    INSERT INTO "crm_tags_search" ("crm_tags_search", rowid, "name") SELECT 'delete', old.rowid, old."name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'crm_tags' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'crm_tags' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "crm_tags_search_update" AFTER UPDATE OF "name" ON "crm_tags" WHEN (old."name" IS NOT new."name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'crm_tags' AND "rid" = old.rowid) BEGIN
    INSERT INTO "crm_tags_search" ("crm_tags_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
    INSERT INTO "crm_tags_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
DROP TRIGGER "leads_search_insert";
DROP TRIGGER "leads_search_delete";
DROP TRIGGER "leads_search_update";
-- +goose StatementBegin
CREATE TRIGGER "leads_search_insert" AFTER INSERT ON "leads" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('leads', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leads_search_delete" AFTER DELETE ON "leads" BEGIN
    INSERT INTO "leads_search" ("leads_search", rowid, "lead_title", "first_name", "last_name", "email") SELECT 'delete', old.rowid, old."lead_title", old."first_name", old."last_name", old."email" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'leads' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'leads' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leads_search_update" AFTER UPDATE OF "lead_title", "first_name", "last_name", "email" ON "leads" WHEN (old."lead_title" IS NOT new."lead_title" OR old."first_name" IS NOT new."first_name" OR old."last_name" IS NOT new."last_name" OR old."email" IS NOT new."email") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'leads' AND "rid" = old.rowid) BEGIN
    INSERT INTO "leads_search" ("leads_search", rowid, "lead_title", "first_name", "last_name", "email") VALUES ('delete', old.rowid, old."lead_title", old."first_name", old."last_name", old."email");
    INSERT INTO "leads_search" (rowid, "lead_title", "first_name", "last_name", "email") VALUES (new.rowid, new."lead_title", new."first_name", new."last_name", new."email");
END;
-- +goose StatementEnd
DROP TRIGGER "deals_search_insert";
DROP TRIGGER "deals_search_delete";
DROP TRIGGER "deals_search_update";
-- +goose StatementBegin
CREATE TRIGGER "deals_search_insert" AFTER INSERT ON "deals" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('deals', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "deals_search_delete" AFTER DELETE ON "deals" BEGIN
    INSERT INTO "deals_search" ("deals_search", rowid, "deal_name") SELECT 'delete', old.rowid, old."deal_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'deals' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'deals' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "deals_search_update" AFTER UPDATE OF "deal_name" ON "deals" WHEN (old."deal_name" IS NOT new."deal_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'deals' AND "rid" = old.rowid) BEGIN
    INSERT INTO "deals_search" ("deals_search", rowid, "deal_name") VALUES ('delete', old.rowid, old."deal_name");
    INSERT INTO "deals_search" (rowid, "deal_name") VALUES (new.rowid, new."deal_name");
END;
-- +goose StatementEnd
DROP TRIGGER "tickets_search_insert";
DROP TRIGGER "tickets_search_delete";
DROP TRIGGER "tickets_search_update";
-- +goose StatementBegin
CREATE TRIGGER "tickets_search_insert" AFTER INSERT ON "tickets" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('tickets', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tickets_search_delete" AFTER DELETE ON "tickets" BEGIN
    INSERT INTO "tickets_search" ("tickets_search", rowid, "ticket_subject", "requestor") SELECT 'delete', old.rowid, old."ticket_subject", old."requestor" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'tickets' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'tickets' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tickets_search_update" AFTER UPDATE OF "ticket_subject", "requestor" ON "tickets" WHEN (old."ticket_subject" IS NOT new."ticket_subject" OR old."requestor" IS NOT new."requestor") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'tickets' AND "rid" = old.rowid) BEGIN
    INSERT INTO "tickets_search" ("tickets_search", rowid, "ticket_subject", "requestor") VALUES ('delete', old.rowid, old."ticket_subject", old."requestor");
    INSERT INTO "tickets_search" (rowid, "ticket_subject", "requestor") VALUES (new.rowid, new."ticket_subject", new."requestor");
END;
-- +goose StatementEnd
DROP TRIGGER "customers_search_insert";
DROP TRIGGER "customers_search_delete";
DROP TRIGGER "customers_search_update";
-- +goose StatementBegin
CREATE TRIGGER "customers_search_insert" AFTER INSERT ON "customers" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('customers', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "customers_search_delete" AFTER DELETE ON "customers" BEGIN
    INSERT INTO "customers_search" ("customers_search", rowid, "customer_number", "name", "contact", "email") SELECT 'delete', old.rowid, old."customer_number", old."name", old."contact", old."email" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'customers' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'customers' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "customers_search_update" AFTER UPDATE OF "customer_number", "name", "contact", "email" ON "customers" WHEN (old."customer_number" IS NOT new."customer_number" OR old."name" IS NOT new."name" OR old."contact" IS NOT new."contact" OR old."email" IS NOT new."email") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'customers' AND "rid" = old.rowid) BEGIN
    INSERT INTO "customers_search" ("customers_search", rowid, "customer_number", "name", "contact", "email") VALUES ('delete', old.rowid, old."customer_number", old."name", old."contact", old."email");
    INSERT INTO "customers_search" (rowid, "customer_number", "name", "contact", "email") VALUES (new.rowid, new."customer_number", new."name", new."contact", new."email");
END;
-- +goose StatementEnd
DROP TRIGGER "contracts_search_insert";
DROP TRIGGER "contracts_search_delete";
DROP TRIGGER "contracts_search_update";
-- +goose StatementBegin
CREATE TRIGGER "contracts_search_insert" AFTER INSERT ON "contracts" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('contracts', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "contracts_search_delete" AFTER DELETE ON "contracts" BEGIN
    INSERT INTO "contracts_search" ("contracts_search", rowid, "contract_number", "subject", "type") SELECT 'delete', old.rowid, old."contract_number", old."subject", old."type" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'contracts' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'contracts' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "contracts_search_update" AFTER UPDATE OF "contract_number", "subject", "type" ON "contracts" WHEN (old."contract_number" IS NOT new."contract_number" OR old."subject" IS NOT new."subject" OR old."type" IS NOT new."type") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'contracts' AND "rid" = old.rowid) BEGIN
    INSERT INTO "contracts_search" ("contracts_search", rowid, "contract_number", "subject", "type") VALUES ('delete', old.rowid, old."contract_number", old."subject", old."type");
    INSERT INTO "contracts_search" (rowid, "contract_number", "subject", "type") VALUES (new.rowid, new."contract_number", new."subject", new."type");
END;
-- +goose StatementEnd
DROP TRIGGER "proposals_search_insert";
DROP TRIGGER "proposals_search_delete";
DROP TRIGGER "proposals_search_update";
-- +goose StatementBegin
CREATE TRIGGER "proposals_search_insert" AFTER INSERT ON "proposals" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('proposals', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "proposals_search_delete" AFTER DELETE ON "proposals" BEGIN
    INSERT INTO "proposals_search" ("proposals_search", rowid, "lead_title", "deal_title") SELECT 'delete', old.rowid, old."lead_title", old."deal_title" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'proposals' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'proposals' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "proposals_search_update" AFTER UPDATE OF "lead_title", "deal_title" ON "proposals" WHEN (old."lead_title" IS NOT new."lead_title" OR old."deal_title" IS NOT new."deal_title") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'proposals' AND "rid" = old.rowid) BEGIN
    INSERT INTO "proposals_search" ("proposals_search", rowid, "lead_title", "deal_title") VALUES ('delete', old.rowid, old."lead_title", old."deal_title");
    INSERT INTO "proposals_search" (rowid, "lead_title", "deal_title") VALUES (new.rowid, new."lead_title", new."deal_title");
END;
-- +goose StatementEnd
DROP TRIGGER "quotations_search_insert";
DROP TRIGGER "quotations_search_delete";
DROP TRIGGER "quotations_search_update";
-- +goose StatementBegin
CREATE TRIGGER "quotations_search_insert" AFTER INSERT ON "quotations" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('quotations', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "quotations_search_delete" AFTER DELETE ON "quotations" BEGIN
    INSERT INTO "quotations_search" ("quotations_search", rowid, "quotation_number", "lead", "client") SELECT 'delete', old.rowid, old."quotation_number", old."lead", old."client" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'quotations' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'quotations' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "quotations_search_update" AFTER UPDATE OF "quotation_number", "lead", "client" ON "quotations" WHEN (old."quotation_number" IS NOT new."quotation_number" OR old."lead" IS NOT new."lead" OR old."client" IS NOT new."client") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'quotations' AND "rid" = old.rowid) BEGIN
    INSERT INTO "quotations_search" ("quotations_search", rowid, "quotation_number", "lead", "client") VALUES ('delete', old.rowid, old."quotation_number", old."lead", old."client");
    INSERT INTO "quotations_search" (rowid, "quotation_number", "lead", "client") VALUES (new.rowid, new."quotation_number", new."lead", new."client");
END;
-- +goose StatementEnd
DROP TRIGGER "estimates_search_insert";
DROP TRIGGER "estimates_search_delete";
DROP TRIGGER "estimates_search_update";
-- +goose StatementBegin
CREATE TRIGGER "estimates_search_insert" AFTER INSERT ON "estimates" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('estimates', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "estimates_search_delete" AFTER DELETE ON "estimates" BEGIN
    INSERT INTO "estimates_search" ("estimates_search", rowid, "estimate_number", "project", "client") SELECT 'delete', old.rowid, old."estimate_number", old."project", old."client" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'estimates' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'estimates' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "estimates_search_update" AFTER UPDATE OF "estimate_number", "project", "client" ON "estimates" WHEN (old."estimate_number" IS NOT new."estimate_number" OR old."project" IS NOT new."project" OR old."client" IS NOT new."client") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'estimates' AND "rid" = old.rowid) BEGIN
    INSERT INTO "estimates_search" ("estimates_search", rowid, "estimate_number", "project", "client") VALUES ('delete', old.rowid, old."estimate_number", old."project", old."client");
    INSERT INTO "estimates_search" (rowid, "estimate_number", "project", "client") VALUES (new.rowid, new."estimate_number", new."project", new."client");
END;
-- +goose StatementEnd
DROP TRIGGER "products_search_insert";
DROP TRIGGER "products_search_delete";
DROP TRIGGER "products_search_update";
-- +goose StatementBegin
CREATE TRIGGER "products_search_insert" AFTER INSERT ON "products" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('products', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "products_search_delete" AFTER DELETE ON "products" BEGIN
    INSERT INTO "products_search" ("products_search", rowid, "name", "category", "sku", "hsn_sac") SELECT 'delete', old.rowid, old."name", old."category", old."sku", old."hsn_sac" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'products' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'products' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "products_search_update" AFTER UPDATE OF "name", "category", "sku", "hsn_sac" ON "products" WHEN (old."name" IS NOT new."name" OR old."category" IS NOT new."category" OR old."sku" IS NOT new."sku" OR old."hsn_sac" IS NOT new."hsn_sac") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'products' AND "rid" = old.rowid) BEGIN
    INSERT INTO "products_search" ("products_search", rowid, "name", "category", "sku", "hsn_sac") VALUES ('delete', old.rowid, old."name", old."category", old."sku", old."hsn_sac");
    INSERT INTO "products_search" (rowid, "name", "category", "sku", "hsn_sac") VALUES (new.rowid, new."name", new."category", new."sku", new."hsn_sac");
END;
-- +goose StatementEnd
DROP TRIGGER "notes_search_insert";
DROP TRIGGER "notes_search_delete";
DROP TRIGGER "notes_search_update";
-- +goose StatementBegin
CREATE TRIGGER "notes_search_insert" AFTER INSERT ON "notes" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('notes', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notes_search_delete" AFTER DELETE ON "notes" BEGIN
    INSERT INTO "notes_search" ("notes_search", rowid, "note_title", "description") SELECT 'delete', old.rowid, old."note_title", old."description" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'notes' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'notes' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notes_search_update" AFTER UPDATE OF "note_title", "description" ON "notes" WHEN (old."note_title" IS NOT new."note_title" OR old."description" IS NOT new."description") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'notes' AND "rid" = old.rowid) BEGIN
    INSERT INTO "notes_search" ("notes_search", rowid, "note_title", "description") VALUES ('delete', old.rowid, old."note_title", old."description");
    INSERT INTO "notes_search" (rowid, "note_title", "description") VALUES (new.rowid, new."note_title", new."description");
END;
-- +goose StatementEnd
DROP TRIGGER "tags_search_insert";
DROP TRIGGER "tags_search_delete";
DROP TRIGGER "tags_search_update";
-- +goose StatementBegin
CREATE TRIGGER "tags_search_insert" AFTER INSERT ON "tags" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('tags', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tags_search_delete" AFTER DELETE ON "tags" BEGIN
    INSERT INTO "tags_search" ("tags_search", rowid, "name") SELECT 'delete', old.rowid, old."name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'tags' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'tags' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tags_search_update" AFTER UPDATE OF "name" ON "tags" WHEN (old."name" IS NOT new."name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'tags' AND "rid" = old.rowid) BEGIN
    INSERT INTO "tags_search" ("tags_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
    INSERT INTO "tags_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
DROP TRIGGER "projects_search_insert";
DROP TRIGGER "projects_search_delete";
DROP TRIGGER "projects_search_update";
-- +goose StatementBegin
CREATE TRIGGER "projects_search_insert" AFTER INSERT ON "projects" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('projects', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "projects_search_delete" AFTER DELETE ON "projects" BEGIN
    INSERT INTO "projects_search" ("projects_search", rowid, "project_name", "project_category") SELECT 'delete', old.rowid, old."project_name", old."project_category" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'projects' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'projects' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "projects_search_update" AFTER UPDATE OF "project_name", "project_category" ON "projects" WHEN (old."project_name" IS NOT new."project_name" OR old."project_category" IS NOT new."project_category") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'projects' AND "rid" = old.rowid) BEGIN
    INSERT INTO "projects_search" ("projects_search", rowid, "project_name", "project_category") VALUES ('delete', old.rowid, old."project_name", old."project_category");
    INSERT INTO "projects_search" (rowid, "project_name", "project_category") VALUES (new.rowid, new."project_name", new."project_category");
END;
-- +goose StatementEnd
DROP TRIGGER "tasks_search_insert";
DROP TRIGGER "tasks_search_delete";
DROP TRIGGER "tasks_search_update";
-- +goose StatementBegin
CREATE TRIGGER "tasks_search_insert" AFTER INSERT ON "tasks" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('tasks', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tasks_search_delete" AFTER DELETE ON "tasks" BEGIN
    INSERT INTO "tasks_search" ("tasks_search", rowid, "task_name") SELECT 'delete', old.rowid, old."task_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'tasks' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'tasks' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tasks_search_update" AFTER UPDATE OF "task_name" ON "tasks" WHEN (old."task_name" IS NOT new."task_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'tasks' AND "rid" = old.rowid) BEGIN
    INSERT INTO "tasks_search" ("tasks_search", rowid, "task_name") VALUES ('delete', old.rowid, old."task_name");
    INSERT INTO "tasks_search" (rowid, "task_name") VALUES (new.rowid, new."task_name");
END;
-- +goose StatementEnd
DROP TRIGGER "milestones_search_insert";
DROP TRIGGER "milestones_search_delete";
DROP TRIGGER "milestones_search_update";
-- +goose StatementBegin
CREATE TRIGGER "milestones_search_insert" AFTER INSERT ON "milestones" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('milestones', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "milestones_search_delete" AFTER DELETE ON "milestones" BEGIN
    INSERT INTO "milestones_search" ("milestones_search", rowid, "milestone_title") SELECT 'delete', old.rowid, old."milestone_title" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'milestones' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'milestones' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "milestones_search_update" AFTER UPDATE OF "milestone_title" ON "milestones" WHEN (old."milestone_title" IS NOT new."milestone_title") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'milestones' AND "rid" = old.rowid) BEGIN
    INSERT INTO "milestones_search" ("milestones_search", rowid, "milestone_title") VALUES ('delete', old.rowid, old."milestone_title");
    INSERT INTO "milestones_search" (rowid, "milestone_title") VALUES (new.rowid, new."milestone_title");
END;
-- +goose StatementEnd
DROP TRIGGER "taskcalendars_search_insert";
DROP TRIGGER "taskcalendars_search_delete";
DROP TRIGGER "taskcalendars_search_update";
-- +goose StatementBegin
CREATE TRIGGER "taskcalendars_search_insert" AFTER INSERT ON "taskcalendars" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('taskcalendars', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "taskcalendars_search_delete" AFTER DELETE ON "taskcalendars" BEGIN
    INSERT INTO "taskcalendars_search" ("taskcalendars_search", rowid, "task_name") SELECT 'delete', old.rowid, old."task_name" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'taskcalendars' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'taskcalendars' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "taskcalendars_search_update" AFTER UPDATE OF "task_name" ON "taskcalendars" WHEN (old."task_name" IS NOT new."task_name") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'taskcalendars' AND "rid" = old.rowid) BEGIN
    INSERT INTO "taskcalendars_search" ("taskcalendars_search", rowid, "task_name") VALUES ('delete', old.rowid, old."task_name");
    INSERT INTO "taskcalendars_search" (rowid, "task_name") VALUES (new.rowid, new."task_name");
END;
-- +goose StatementEnd
DROP TRIGGER "currencies_search_insert";
DROP TRIGGER "currencies_search_delete";
DROP TRIGGER "currencies_search_update";
-- +goose StatementBegin
CREATE TRIGGER "currencies_search_insert" AFTER INSERT ON "currencies" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('currencies', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "currencies_search_delete" AFTER DELETE ON "currencies" BEGIN
    INSERT INTO "currencies_search" ("currencies_search", rowid, "currency_name", "currency_code") SELECT 'delete', old.rowid, old."currency_name", old."currency_code" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'currencies' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'currencies' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "currencies_search_update" AFTER UPDATE OF "currency_name", "currency_code" ON "currencies" WHEN (old."currency_name" IS NOT new."currency_name" OR old."currency_code" IS NOT new."currency_code") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'currencies' AND "rid" = old.rowid) BEGIN
    INSERT INTO "currencies_search" ("currencies_search", rowid, "currency_name", "currency_code") VALUES ('delete', old.rowid, old."currency_name", old."currency_code");
    INSERT INTO "currencies_search" (rowid, "currency_name", "currency_code") VALUES (new.rowid, new."currency_name", new."currency_code");
END;
-- +goose StatementEnd
DROP TRIGGER "countries_search_insert";
DROP TRIGGER "countries_search_delete";
DROP TRIGGER "countries_search_update";
-- +goose StatementBegin
CREATE TRIGGER "countries_search_insert" AFTER INSERT ON "countries" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('countries', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "countries_search_delete" AFTER DELETE ON "countries" BEGIN
    INSERT INTO "countries_search" ("countries_search", rowid, "country_name", "country_code") SELECT 'delete', old.rowid, old."country_name", old."country_code" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'countries' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'countries' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "countries_search_update" AFTER UPDATE OF "country_name", "country_code" ON "countries" WHEN (old."country_name" IS NOT new."country_name" OR old."country_code" IS NOT new."country_code") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'countries' AND "rid" = old.rowid) BEGIN
    INSERT INTO "countries_search" ("countries_search", rowid, "country_name", "country_code") VALUES ('delete', old.rowid, old."country_name", old."country_code");
    INSERT INTO "countries_search" (rowid, "country_name", "country_code") VALUES (new.rowid, new."country_name", new."country_code");
END;
-- +goose StatementEnd
DROP TRIGGER "invoices_search_insert";
DROP TRIGGER "invoices_search_delete";
DROP TRIGGER "invoices_search_update";
-- +goose StatementBegin
CREATE TRIGGER "invoices_search_insert" AFTER INSERT ON "invoices" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('invoices', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "invoices_search_delete" AFTER DELETE ON "invoices" BEGIN
    INSERT INTO "invoices_search" ("invoices_search", rowid, "invoice_number", "client") SELECT 'delete', old.rowid, old."invoice_number", old."client" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'invoices' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'invoices' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "invoices_search_update" AFTER UPDATE OF "invoice_number", "client" ON "invoices" WHEN (old."invoice_number" IS NOT new."invoice_number" OR old."client" IS NOT new."client") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'invoices' AND "rid" = old.rowid) BEGIN
    INSERT INTO "invoices_search" ("invoices_search", rowid, "invoice_number", "client") VALUES ('delete', old.rowid, old."invoice_number", old."client");
    INSERT INTO "invoices_search" (rowid, "invoice_number", "client") VALUES (new.rowid, new."invoice_number", new."client");
END;
-- +goose StatementEnd
DROP TRIGGER "payments_search_insert";
DROP TRIGGER "payments_search_delete";
DROP TRIGGER "payments_search_update";
-- +goose StatementBegin
CREATE TRIGGER "payments_search_insert" AFTER INSERT ON "payments" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('payments', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "payments_search_delete" AFTER DELETE ON "payments" BEGIN
    INSERT INTO "payments_search" ("payments_search", rowid, "transaction_id") SELECT 'delete', old.rowid, old."transaction_id" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'payments' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'payments' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "payments_search_update" AFTER UPDATE OF "transaction_id" ON "payments" WHEN (old."transaction_id" IS NOT new."transaction_id") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'payments' AND "rid" = old.rowid) BEGIN
    INSERT INTO "payments_search" ("payments_search", rowid, "transaction_id") VALUES ('delete', old.rowid, old."transaction_id");
    INSERT INTO "payments_search" (rowid, "transaction_id") VALUES (new.rowid, new."transaction_id");
END;
-- +goose StatementEnd
DROP TRIGGER "expenses_search_insert";
DROP TRIGGER "expenses_search_delete";
DROP TRIGGER "expenses_search_update";
-- +goose StatementBegin
CREATE TRIGGER "expenses_search_insert" AFTER INSERT ON "expenses" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('expenses', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "expenses_search_delete" AFTER DELETE ON "expenses" BEGIN
    INSERT INTO "expenses_search" ("expenses_search", rowid, "item") SELECT 'delete', old.rowid, old."item" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'expenses' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'expenses' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "expenses_search_update" AFTER UPDATE OF "item" ON "expenses" WHEN (old."item" IS NOT new."item") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'expenses' AND "rid" = old.rowid) BEGIN
    INSERT INTO "expenses_search" ("expenses_search", rowid, "item") VALUES ('delete', old.rowid, old."item");
    INSERT INTO "expenses_search" (rowid, "item") VALUES (new.rowid, new."item");
END;
-- +goose StatementEnd
DROP TRIGGER "sales_quotations_search_insert";
DROP TRIGGER "sales_quotations_search_delete";
DROP TRIGGER "sales_quotations_search_update";
-- +goose StatementBegin
CREATE TRIGGER "sales_quotations_search_insert" AFTER INSERT ON "sales_quotations" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('sales_quotations', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_quotations_search_delete" AFTER DELETE ON "sales_quotations" BEGIN
    INSERT INTO "sales_quotations_search" ("sales_quotations_search", rowid, "sales_quotation_number", "category") SELECT 'delete', old.rowid, old."sales_quotation_number", old."category" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sales_quotations' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'sales_quotations' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_quotations_search_update" AFTER UPDATE OF "sales_quotation_number", "category" ON "sales_quotations" WHEN (old."sales_quotation_number" IS NOT new."sales_quotation_number" OR old."category" IS NOT new."category") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sales_quotations' AND "rid" = old.rowid) BEGIN
    INSERT INTO "sales_quotations_search" ("sales_quotations_search", rowid, "sales_quotation_number", "category") VALUES ('delete', old.rowid, old."sales_quotation_number", old."category");
    INSERT INTO "sales_quotations_search" (rowid, "sales_quotation_number", "category") VALUES (new.rowid, new."sales_quotation_number", new."category");
END;
-- +goose StatementEnd
DROP TRIGGER "sales_invoices_search_insert";
DROP TRIGGER "sales_invoices_search_delete";
DROP TRIGGER "sales_invoices_search_update";
-- +goose StatementBegin
CREATE TRIGGER "sales_invoices_search_insert" AFTER INSERT ON "sales_invoices" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('sales_invoices', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_invoices_search_delete" AFTER DELETE ON "sales_invoices" BEGIN
    INSERT INTO "sales_invoices_search" ("sales_invoices_search", rowid, "sales_invoice_number", "category") SELECT 'delete', old.rowid, old."sales_invoice_number", old."category" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sales_invoices' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'sales_invoices' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_invoices_search_update" AFTER UPDATE OF "sales_invoice_number", "category" ON "sales_invoices" WHEN (old."sales_invoice_number" IS NOT new."sales_invoice_number" OR old."category" IS NOT new."category") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sales_invoices' AND "rid" = old.rowid) BEGIN
    INSERT INTO "sales_invoices_search" ("sales_invoices_search", rowid, "sales_invoice_number", "category") VALUES ('delete', old.rowid, old."sales_invoice_number", old."category");
    INSERT INTO "sales_invoices_search" (rowid, "sales_invoice_number", "category") VALUES (new.rowid, new."sales_invoice_number", new."category");
END;
-- +goose StatementEnd
DROP TRIGGER "sales_revenues_search_insert";
DROP TRIGGER "sales_revenues_search_delete";
DROP TRIGGER "sales_revenues_search_update";
-- +goose StatementBegin
CREATE TRIGGER "sales_revenues_search_insert" AFTER INSERT ON "sales_revenues" BEGIN
    INSERT OR IGNORE INTO "search_queue" ("tbl", "rid") VALUES ('sales_revenues', new.rowid);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_revenues_search_delete" AFTER DELETE ON "sales_revenues" BEGIN
    INSERT INTO "sales_revenues_search" ("sales_revenues_search", rowid, "account", "category") SELECT 'delete', old.rowid, old."account", old."category" WHERE NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sales_revenues' AND "rid" = old.rowid);
    DELETE FROM "search_queue" WHERE "tbl" = 'sales_revenues' AND "rid" = old.rowid;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_revenues_search_update" AFTER UPDATE OF "account", "category" ON "sales_revenues" WHEN (old."account" IS NOT new."account" OR old."category" IS NOT new."category") AND NOT EXISTS (SELECT 1 FROM "search_queue" WHERE "tbl" = 'sales_revenues' AND "rid" = old.rowid) BEGIN
    INSERT INTO "sales_revenues_search" ("sales_revenues_search", rowid, "account", "category") VALUES ('delete', old.rowid, old."account", old."category");
    INSERT INTO "sales_revenues_search" (rowid, "account", "category") VALUES (new.rowid, new."account", new."category");
END;
-- +goose StatementEnd
-- +goose Down
DROP TRIGGER "principals_search_insert";
DROP TRIGGER "principals_search_delete";
DROP TRIGGER "principals_search_update";
INSERT INTO "principals_search" (rowid, "username", "email", "first_name", "last_name", "phone") SELECT rowid, "username", "email", "first_name", "last_name", "phone" FROM "principals" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'principals');
-- +goose StatementBegin
CREATE TRIGGER "principals_search_insert" AFTER INSERT ON "principals" BEGIN
    INSERT INTO "principals_search" (rowid, "username", "email", "first_name", "last_name", "phone") VALUES (new.rowid, new."username", new."email", new."first_name", new."last_name", new."phone");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "principals_search_delete" AFTER DELETE ON "principals" BEGIN
    INSERT INTO "principals_search" ("principals_search", rowid, "username", "email", "first_name", "last_name", "phone") VALUES ('delete', old.rowid, old."username", old."email", old."first_name", old."last_name", old."phone");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "principals_search_update" AFTER UPDATE OF "username", "email", "first_name", "last_name", "phone" ON "principals" WHEN old."username" IS NOT new."username" OR old."email" IS NOT new."email" OR old."first_name" IS NOT new."first_name" OR old."last_name" IS NOT new."last_name" OR old."phone" IS NOT new."phone" BEGIN
    INSERT INTO "principals_search" ("principals_search", rowid, "username", "email", "first_name", "last_name", "phone") VALUES ('delete', old.rowid, old."username", old."email", old."first_name", old."last_name", old."phone");
    INSERT INTO "principals_search" (rowid, "username", "email", "first_name", "last_name", "phone") VALUES (new.rowid, new."username", new."email", new."first_name", new."last_name", new."phone");
END;
-- +goose StatementEnd
DROP TRIGGER "roles_search_insert";
DROP TRIGGER "roles_search_delete";
DROP TRIGGER "roles_search_update";
INSERT INTO "roles_search" (rowid, "role_name") SELECT rowid, "role_name" FROM "roles" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'roles');
-- +goose StatementBegin
CREATE TRIGGER "roles_search_insert" AFTER INSERT ON "roles" BEGIN
    INSERT INTO "roles_search" (rowid, "role_name") VALUES (new.rowid, new."role_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "roles_search_delete" AFTER DELETE ON "roles" BEGIN
    INSERT INTO "roles_search" ("roles_search", rowid, "role_name") VALUES ('delete', old.rowid, old."role_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "roles_search_update" AFTER UPDATE OF "role_name" ON "roles" WHEN old."role_name" IS NOT new."role_name" BEGIN
    INSERT INTO "roles_search" ("roles_search", rowid, "role_name") VALUES ('delete', old.rowid, old."role_name");
    INSERT INTO "roles_search" (rowid, "role_name") VALUES (new.rowid, new."role_name");
END;
-- +goose StatementEnd
DROP TRIGGER "subscription_plans_search_insert";
DROP TRIGGER "subscription_plans_search_delete";
DROP TRIGGER "subscription_plans_search_update";
INSERT INTO "subscription_plans_search" (rowid, "name") SELECT rowid, "name" FROM "subscription_plans" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'subscription_plans');
-- +goose StatementBegin
CREATE TRIGGER "subscription_plans_search_insert" AFTER INSERT ON "subscription_plans" BEGIN
    INSERT INTO "subscription_plans_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "subscription_plans_search_delete" AFTER DELETE ON "subscription_plans" BEGIN
    INSERT INTO "subscription_plans_search" ("subscription_plans_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "subscription_plans_search_update" AFTER UPDATE OF "name" ON "subscription_plans" WHEN old."name" IS NOT new."name" BEGIN
    INSERT INTO "subscription_plans_search" ("subscription_plans_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
    INSERT INTO "subscription_plans_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
DROP TRIGGER "features_search_insert";
DROP TRIGGER "features_search_delete";
DROP TRIGGER "features_search_update";
INSERT INTO "features_search" (rowid, "feature_name") SELECT rowid, "feature_name" FROM "features" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'features');
-- +goose StatementBegin
CREATE TRIGGER "features_search_insert" AFTER INSERT ON "features" BEGIN
    INSERT INTO "features_search" (rowid, "feature_name") VALUES (new.rowid, new."feature_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "features_search_delete" AFTER DELETE ON "features" BEGIN
    INSERT INTO "features_search" ("features_search", rowid, "feature_name") VALUES ('delete', old.rowid, old."feature_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "features_search_update" AFTER UPDATE OF "feature_name" ON "features" WHEN old."feature_name" IS NOT new."feature_name" BEGIN
    INSERT INTO "features_search" ("features_search", rowid, "feature_name") VALUES ('delete', old.rowid, old."feature_name");
    INSERT INTO "features_search" (rowid, "feature_name") VALUES (new.rowid, new."feature_name");
END;
-- +goose StatementEnd
DROP TRIGGER "departments_search_insert";
DROP TRIGGER "departments_search_delete";
DROP TRIGGER "departments_search_update";
INSERT INTO "departments_search" (rowid, "department_name") SELECT rowid, "department_name" FROM "departments" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'departments');
-- +goose StatementBegin
CREATE TRIGGER "departments_search_insert" AFTER INSERT ON "departments" BEGIN
    INSERT INTO "departments_search" (rowid, "department_name") VALUES (new.rowid, new."department_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "departments_search_delete" AFTER DELETE ON "departments" BEGIN
    INSERT INTO "departments_search" ("departments_search", rowid, "department_name") VALUES ('delete', old.rowid, old."department_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "departments_search_update" AFTER UPDATE OF "department_name" ON "departments" WHEN old."department_name" IS NOT new."department_name" BEGIN
    INSERT INTO "departments_search" ("departments_search", rowid, "department_name") VALUES ('delete', old.rowid, old."department_name");
    INSERT INTO "departments_search" (rowid, "department_name") VALUES (new.rowid, new."department_name");
END;
-- +goose StatementEnd
DROP TRIGGER "designations_search_insert";
DROP TRIGGER "designations_search_delete";
DROP TRIGGER "designations_search_update";
INSERT INTO "designations_search" (rowid, "designation_name") SELECT rowid, "designation_name" FROM "designations" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'designations');
-- +goose StatementBegin
CREATE TRIGGER "designations_search_insert" AFTER INSERT ON "designations" BEGIN
    INSERT INTO "designations_search" (rowid, "designation_name") VALUES (new.rowid, new."designation_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "designations_search_delete" AFTER DELETE ON "designations" BEGIN
    INSERT INTO "designations_search" ("designations_search", rowid, "designation_name") VALUES ('delete', old.rowid, old."designation_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "designations_search_update" AFTER UPDATE OF "designation_name" ON "designations" WHEN old."designation_name" IS NOT new."designation_name" BEGIN
    INSERT INTO "designations_search" ("designations_search", rowid, "designation_name") VALUES ('delete', old.rowid, old."designation_name");
    INSERT INTO "designations_search" (rowid, "designation_name") VALUES (new.rowid, new."designation_name");
END;
-- +goose StatementEnd
DROP TRIGGER "branches_search_insert";
DROP TRIGGER "branches_search_delete";
DROP TRIGGER "branches_search_update";
INSERT INTO "branches_search" (rowid, "branch_name") SELECT rowid, "branch_name" FROM "branches" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'branches');
-- +goose StatementBegin
CREATE TRIGGER "branches_search_insert" AFTER INSERT ON "branches" BEGIN
    INSERT INTO "branches_search" (rowid, "branch_name") VALUES (new.rowid, new."branch_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "branches_search_delete" AFTER DELETE ON "branches" BEGIN
    INSERT INTO "branches_search" ("branches_search", rowid, "branch_name") VALUES ('delete', old.rowid, old."branch_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "branches_search_update" AFTER UPDATE OF "branch_name" ON "branches" WHEN old."branch_name" IS NOT new."branch_name" BEGIN
    INSERT INTO "branches_search" ("branches_search", rowid, "branch_name") VALUES ('delete', old.rowid, old."branch_name");
    INSERT INTO "branches_search" (rowid, "branch_name") VALUES (new.rowid, new."branch_name");
END;
-- +goose StatementEnd
DROP TRIGGER "activities_search_insert";
DROP TRIGGER "activities_search_delete";
DROP TRIGGER "activities_search_update";
INSERT INTO "activities_search" (rowid, "activity_message") SELECT rowid, "activity_message" FROM "activities" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'activities');
-- +goose StatementBegin
CREATE TRIGGER "activities_search_insert" AFTER INSERT ON "activities" BEGIN
    INSERT INTO "activities_search" (rowid, "activity_message") VALUES (new.rowid, new."activity_message");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "activities_search_delete" AFTER DELETE ON "activities" BEGIN
    INSERT INTO "activities_search" ("activities_search", rowid, "activity_message") VALUES ('delete', old.rowid, old."activity_message");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "activities_search_update" AFTER UPDATE OF "activity_message" ON "activities" WHEN old."activity_message" IS NOT new."activity_message" BEGIN
    INSERT INTO "activities_search" ("activities_search", rowid, "activity_message") VALUES ('delete', old.rowid, old."activity_message");
    INSERT INTO "activities_search" (rowid, "activity_message") VALUES (new.rowid, new."activity_message");
END;
-- +goose StatementEnd
DROP TRIGGER "notifications_search_insert";
DROP TRIGGER "notifications_search_delete";
DROP TRIGGER "notifications_search_update";
INSERT INTO "notifications_search" (rowid, "title") SELECT rowid, "title" FROM "notifications" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'notifications');
-- +goose StatementBegin
CREATE TRIGGER "notifications_search_insert" AFTER INSERT ON "notifications" BEGIN
    INSERT INTO "notifications_search" (rowid, "title") VALUES (new.rowid, new."title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notifications_search_delete" AFTER DELETE ON "notifications" BEGIN
    INSERT INTO "notifications_search" ("notifications_search", rowid, "title") VALUES ('delete', old.rowid, old."title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notifications_search_update" AFTER UPDATE OF "title" ON "notifications" WHEN old."title" IS NOT new."title" BEGIN
    INSERT INTO "notifications_search" ("notifications_search", rowid, "title") VALUES ('delete', old.rowid, old."title");
    INSERT INTO "notifications_search" (rowid, "title") VALUES (new.rowid, new."title");
END;
-- +goose StatementEnd
DROP TRIGGER "attendances_search_insert";
DROP TRIGGER "attendances_search_delete";
DROP TRIGGER "attendances_search_update";
INSERT INTO "attendances_search" (rowid, "department", "comment") SELECT rowid, "department", "comment" FROM "attendances" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'attendances');
-- +goose StatementBegin
CREATE TRIGGER "attendances_search_insert" AFTER INSERT ON "attendances" BEGIN
    INSERT INTO "attendances_search" (rowid, "department", "comment") VALUES (new.rowid, new."department", new."comment");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "attendances_search_delete" AFTER DELETE ON "attendances" BEGIN
    INSERT INTO "attendances_search" ("attendances_search", rowid, "department", "comment") VALUES ('delete', old.rowid, old."department", old."comment");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "attendances_search_update" AFTER UPDATE OF "department", "comment" ON "attendances" WHEN old."department" IS NOT new."department" OR old."comment" IS NOT new."comment" BEGIN
    INSERT INTO "attendances_search" ("attendances_search", rowid, "department", "comment") VALUES ('delete', old.rowid, old."department", old."comment");
    INSERT INTO "attendances_search" (rowid, "department", "comment") VALUES (new.rowid, new."department", new."comment");
END;
-- +goose StatementEnd
DROP TRIGGER "leaves_search_insert";
DROP TRIGGER "leaves_search_delete";
DROP TRIGGER "leaves_search_update";
INSERT INTO "leaves_search" (rowid, "reason") SELECT rowid, "reason" FROM "leaves" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'leaves');
-- +goose StatementBegin
CREATE TRIGGER "leaves_search_insert" AFTER INSERT ON "leaves" BEGIN
    INSERT INTO "leaves_search" (rowid, "reason") VALUES (new.rowid, new."reason");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leaves_search_delete" AFTER DELETE ON "leaves" BEGIN
    INSERT INTO "leaves_search" ("leaves_search", rowid, "reason") VALUES ('delete', old.rowid, old."reason");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leaves_search_update" AFTER UPDATE OF "reason" ON "leaves" WHEN old."reason" IS NOT new."reason" BEGIN
    INSERT INTO "leaves_search" ("leaves_search", rowid, "reason") VALUES ('delete', old.rowid, old."reason");
    INSERT INTO "leaves_search" (rowid, "reason") VALUES (new.rowid, new."reason");
END;
-- +goose StatementEnd
DROP TRIGGER "trainings_search_insert";
DROP TRIGGER "trainings_search_delete";
DROP TRIGGER "trainings_search_update";
INSERT INTO "trainings_search" (rowid, "category") SELECT rowid, "category" FROM "trainings" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'trainings');
-- +goose StatementBegin
CREATE TRIGGER "trainings_search_insert" AFTER INSERT ON "trainings" BEGIN
    INSERT INTO "trainings_search" (rowid, "category") VALUES (new.rowid, new."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "trainings_search_delete" AFTER DELETE ON "trainings" BEGIN
    INSERT INTO "trainings_search" ("trainings_search", rowid, "category") VALUES ('delete', old.rowid, old."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "trainings_search_update" AFTER UPDATE OF "category" ON "trainings" WHEN old."category" IS NOT new."category" BEGIN
    INSERT INTO "trainings_search" ("trainings_search", rowid, "category") VALUES ('delete', old.rowid, old."category");
    INSERT INTO "trainings_search" (rowid, "category") VALUES (new.rowid, new."category");
END;
-- +goose StatementEnd
DROP TRIGGER "appreciations_search_insert";
DROP TRIGGER "appreciations_search_delete";
DROP TRIGGER "appreciations_search_update";
INSERT INTO "appreciations_search" (rowid, "award") SELECT rowid, "award" FROM "appreciations" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'appreciations');
-- +goose StatementBegin
CREATE TRIGGER "appreciations_search_insert" AFTER INSERT ON "appreciations" BEGIN
    INSERT INTO "appreciations_search" (rowid, "award") VALUES (new.rowid, new."award");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "appreciations_search_delete" AFTER DELETE ON "appreciations" BEGIN
    INSERT INTO "appreciations_search" ("appreciations_search", rowid, "award") VALUES ('delete', old.rowid, old."award");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "appreciations_search_update" AFTER UPDATE OF "award" ON "appreciations" WHEN old."award" IS NOT new."award" BEGIN
    INSERT INTO "appreciations_search" ("appreciations_search", rowid, "award") VALUES ('delete', old.rowid, old."award");
    INSERT INTO "appreciations_search" (rowid, "award") VALUES (new.rowid, new."award");
END;
-- +goose StatementEnd
DROP TRIGGER "jobs_search_insert";
DROP TRIGGER "jobs_search_delete";
DROP TRIGGER "jobs_search_update";
INSERT INTO "jobs_search" (rowid, "title", "category", "location") SELECT rowid, "title", "category", "location" FROM "jobs" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'jobs');
-- +goose StatementBegin
CREATE TRIGGER "jobs_search_insert" AFTER INSERT ON "jobs" BEGIN
    INSERT INTO "jobs_search" (rowid, "title", "category", "location") VALUES (new.rowid, new."title", new."category", new."location");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "jobs_search_delete" AFTER DELETE ON "jobs" BEGIN
    INSERT INTO "jobs_search" ("jobs_search", rowid, "title", "category", "location") VALUES ('delete', old.rowid, old."title", old."category", old."location");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "jobs_search_update" AFTER UPDATE OF "title", "category", "location" ON "jobs" WHEN old."title" IS NOT new."title" OR old."category" IS NOT new."category" OR old."location" IS NOT new."location" BEGIN
    INSERT INTO "jobs_search" ("jobs_search", rowid, "title", "category", "location") VALUES ('delete', old.rowid, old."title", old."category", old."location");
    INSERT INTO "jobs_search" (rowid, "title", "category", "location") VALUES (new.rowid, new."title", new."category", new."location");
END;
-- +goose StatementEnd
DROP TRIGGER "job_applications_search_insert";
DROP TRIGGER "job_applications_search_delete";
DROP TRIGGER "job_applications_search_update";
INSERT INTO "job_applications_search" (rowid, "name", "email") SELECT rowid, "name", "email" FROM "job_applications" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'job_applications');
-- +goose StatementBegin
CREATE TRIGGER "job_applications_search_insert" AFTER INSERT ON "job_applications" BEGIN
    INSERT INTO "job_applications_search" (rowid, "name", "email") VALUES (new.rowid, new."name", new."email");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "job_applications_search_delete" AFTER DELETE ON "job_applications" BEGIN
    INSERT INTO "job_applications_search" ("job_applications_search", rowid, "name", "email") VALUES ('delete', old.rowid, old."name", old."email");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "job_applications_search_update" AFTER UPDATE OF "name", "email" ON "job_applications" WHEN old."name" IS NOT new."name" OR old."email" IS NOT new."email" BEGIN
    INSERT INTO "job_applications_search" ("job_applications_search", rowid, "name", "email") VALUES ('delete', old.rowid, old."name", old."email");
    INSERT INTO "job_applications_search" (rowid, "name", "email") VALUES (new.rowid, new."name", new."email");
END;
-- +goose StatementEnd
DROP TRIGGER "skills_search_insert";
DROP TRIGGER "skills_search_delete";
DROP TRIGGER "skills_search_update";
INSERT INTO "skills_search" (rowid, "skill_name") SELECT rowid, "skill_name" FROM "skills" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'skills');
-- +goose StatementBegin
CREATE TRIGGER "skills_search_insert" AFTER INSERT ON "skills" BEGIN
    INSERT INTO "skills_search" (rowid, "skill_name") VALUES (new.rowid, new."skill_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "skills_search_delete" AFTER DELETE ON "skills" BEGIN
    INSERT INTO "skills_search" ("skills_search", rowid, "skill_name") VALUES ('delete', old.rowid, old."skill_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "skills_search_update" AFTER UPDATE OF "skill_name" ON "skills" WHEN old."skill_name" IS NOT new."skill_name" BEGIN
    INSERT INTO "skills_search" ("skills_search", rowid, "skill_name") VALUES ('delete', old.rowid, old."skill_name");
    INSERT INTO "skills_search" (rowid, "skill_name") VALUES (new.rowid, new."skill_name");
END;
-- +goose StatementEnd
DROP TRIGGER "announcements_search_insert";
DROP TRIGGER "announcements_search_delete";
DROP TRIGGER "announcements_search_update";
INSERT INTO "announcements_search" (rowid, "title", "description") SELECT rowid, "title", "description" FROM "announcements" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'announcements');
-- +goose StatementBegin
CREATE TRIGGER "announcements_search_insert" AFTER INSERT ON "announcements" BEGIN
    INSERT INTO "announcements_search" (rowid, "title", "description") VALUES (new.rowid, new."title", new."description");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "announcements_search_delete" AFTER DELETE ON "announcements" BEGIN
    INSERT INTO "announcements_search" ("announcements_search", rowid, "title", "description") VALUES ('delete', old.rowid, old."title", old."description");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "announcements_search_update" AFTER UPDATE OF "title", "description" ON "announcements" WHEN old."title" IS NOT new."title" OR old."description" IS NOT new."description" BEGIN
    INSERT INTO "announcements_search" ("announcements_search", rowid, "title", "description") VALUES ('delete', old.rowid, old."title", old."description");
    INSERT INTO "announcements_search" (rowid, "title", "description") VALUES (new.rowid, new."title", new."description");
END;
-- +goose StatementEnd
DROP TRIGGER "events_search_insert";
DROP TRIGGER "events_search_delete";
DROP TRIGGER "events_search_update";
INSERT INTO "events_search" (rowid, "event_title", "event_manager") SELECT rowid, "event_title", "event_manager" FROM "events" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'events');
-- +goose StatementBegin
CREATE TRIGGER "events_search_insert" AFTER INSERT ON "events" BEGIN
    INSERT INTO "events_search" (rowid, "event_title", "event_manager") VALUES (new.rowid, new."event_title", new."event_manager");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "events_search_delete" AFTER DELETE ON "events" BEGIN
    INSERT INTO "events_search" ("events_search", rowid, "event_title", "event_manager") VALUES ('delete', old.rowid, old."event_title", old."event_manager");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "events_search_update" AFTER UPDATE OF "event_title", "event_manager" ON "events" WHEN old."event_title" IS NOT new."event_title" OR old."event_manager" IS NOT new."event_manager" BEGIN
    INSERT INTO "events_search" ("events_search", rowid, "event_title", "event_manager") VALUES ('delete', old.rowid, old."event_title", old."event_manager");
    INSERT INTO "events_search" (rowid, "event_title", "event_manager") VALUES (new.rowid, new."event_title", new."event_manager");
END;
-- +goose StatementEnd
DROP TRIGGER "meetings_search_insert";
DROP TRIGGER "meetings_search_delete";
DROP TRIGGER "meetings_search_update";
INSERT INTO "meetings_search" (rowid, "title") SELECT rowid, "title" FROM "meetings" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'meetings');
-- +goose StatementBegin
CREATE TRIGGER "meetings_search_insert" AFTER INSERT ON "meetings" BEGIN
    INSERT INTO "meetings_search" (rowid, "title") VALUES (new.rowid, new."title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "meetings_search_delete" AFTER DELETE ON "meetings" BEGIN
    INSERT INTO "meetings_search" ("meetings_search", rowid, "title") VALUES ('delete', old.rowid, old."title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "meetings_search_update" AFTER UPDATE OF "title" ON "meetings" WHEN old."title" IS NOT new."title" BEGIN
    INSERT INTO "meetings_search" ("meetings_search", rowid, "title") VALUES ('delete', old.rowid, old."title");
    INSERT INTO "meetings_search" (rowid, "title") VALUES (new.rowid, new."title");
END;
-- +goose StatementEnd
DROP TRIGGER "pipelines_search_insert";
DROP TRIGGER "pipelines_search_delete";
DROP TRIGGER "pipelines_search_update";
INSERT INTO "pipelines_search" (rowid, "pipeline_name") SELECT rowid, "pipeline_name" FROM "pipelines" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'pipelines');
-- +goose StatementBegin
CREATE TRIGGER "pipelines_search_insert" AFTER INSERT ON "pipelines" BEGIN
    INSERT INTO "pipelines_search" (rowid, "pipeline_name") VALUES (new.rowid, new."pipeline_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "pipelines_search_delete" AFTER DELETE ON "pipelines" BEGIN
    INSERT INTO "pipelines_search" ("pipelines_search", rowid, "pipeline_name") VALUES ('delete', old.rowid, old."pipeline_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "pipelines_search_update" AFTER UPDATE OF "pipeline_name" ON "pipelines" WHEN old."pipeline_name" IS NOT new."pipeline_name" BEGIN
    INSERT INTO "pipelines_search" ("pipelines_search", rowid, "pipeline_name") VALUES ('delete', old.rowid, old."pipeline_name");
    INSERT INTO "pipelines_search" (rowid, "pipeline_name") VALUES (new.rowid, new."pipeline_name");
END;
-- +goose StatementEnd
DROP TRIGGER "stages_search_insert";
DROP TRIGGER "stages_search_delete";
DROP TRIGGER "stages_search_update";
INSERT INTO "stages_search" (rowid, "stage_name") SELECT rowid, "stage_name" FROM "stages" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'stages');
-- +goose StatementBegin
CREATE TRIGGER "stages_search_insert" AFTER INSERT ON "stages" BEGIN
    INSERT INTO "stages_search" (rowid, "stage_name") VALUES (new.rowid, new."stage_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "stages_search_delete" AFTER DELETE ON "stages" BEGIN
    INSERT INTO "stages_search" ("stages_search", rowid, "stage_name") VALUES ('delete', old.rowid, old."stage_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "stages_search_update" AFTER UPDATE OF "stage_name" ON "stages" WHEN old."stage_name" IS NOT new."stage_name" BEGIN
    INSERT INTO "stages_search" ("stages_search", rowid, "stage_name") VALUES ('delete', old.rowid, old."stage_name");
    INSERT INTO "stages_search" (rowid, "stage_name") VALUES (new.rowid, new."stage_name");
END;
-- +goose StatementEnd
DROP TRIGGER "sources_search_insert";
DROP TRIGGER "sources_search_delete";
DROP TRIGGER "sources_search_update";
INSERT INTO "sources_search" (rowid, "source_name") SELECT rowid, "source_name" FROM "sources" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'sources');
-- +goose StatementBegin
CREATE TRIGGER "sources_search_insert" AFTER INSERT ON "sources" BEGIN
    INSERT INTO "sources_search" (rowid, "source_name") VALUES (new.rowid, new."source_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sources_search_delete" AFTER DELETE ON "sources" BEGIN
    INSERT INTO "sources_search" ("sources_search", rowid, "source_name") VALUES ('delete', old.rowid, old."source_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sources_search_update" AFTER UPDATE OF "source_name" ON "sources" WHEN old."source_name" IS NOT new."source_name" BEGIN
    INSERT INTO "sources_search" ("sources_search", rowid, "source_name") VALUES ('delete', old.rowid, old."source_name");
    INSERT INTO "sources_search" (rowid, "source_name") VALUES (new.rowid, new."source_name");
END;
-- +goose StatementEnd
DROP TRIGGER "crm_tags_search_insert";
DROP TRIGGER "crm_tags_search_delete";
DROP TRIGGER "crm_tags_search_update";
INSERT INTO "crm_tags_search" (rowid, "name") SELECT rowid, "name" FROM "crm_tags" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'crm_tags');
-- +goose StatementBegin
CREATE TRIGGER "crm_tags_search_insert" AFTER INSERT ON "crm_tags" BEGIN
    INSERT INTO "crm_tags_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "crm_tags_search_delete" AFTER DELETE ON "crm_tags" BEGIN
    INSERT INTO "crm_tags_search" ("crm_tags_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "crm_tags_search_update" AFTER UPDATE OF "name" ON "crm_tags" WHEN old."name" IS NOT new."name" BEGIN
    INSERT INTO "crm_tags_search" ("crm_tags_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
    INSERT INTO "crm_tags_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
DROP TRIGGER "leads_search_insert";
DROP TRIGGER "leads_search_delete";
DROP TRIGGER "leads_search_update";
INSERT INTO "leads_search" (rowid, "lead_title", "first_name", "last_name", "email") SELECT rowid, "lead_title", "first_name", "last_name", "email" FROM "leads" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'leads');
-- +goose StatementBegin
CREATE TRIGGER "leads_search_insert" AFTER INSERT ON "leads" BEGIN
    INSERT INTO "leads_search" (rowid, "lead_title", "first_name", "last_name", "email") VALUES (new.rowid, new."lead_title", new."first_name", new."last_name", new."email");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leads_search_delete" AFTER DELETE ON "leads" BEGIN
    INSERT INTO "leads_search" ("leads_search", rowid, "lead_title", "first_name", "last_name", "email") VALUES ('delete', old.rowid, old."lead_title", old."first_name", old."last_name", old."email");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "leads_search_update" AFTER UPDATE OF "lead_title", "first_name", "last_name", "email" ON "leads" WHEN old."lead_title" IS NOT new."lead_title" OR old."first_name" IS NOT new."first_name" OR old."last_name" IS NOT new."last_name" OR old."email" IS NOT new."email" BEGIN
    INSERT INTO "leads_search" ("leads_search", rowid, "lead_title", "first_name", "last_name", "email") VALUES ('delete', old.rowid, old."lead_title", old."first_name", old."last_name", old."email");
    INSERT INTO "leads_search" (rowid, "lead_title", "first_name", "last_name", "email") VALUES (new.rowid, new."lead_title", new."first_name", new."last_name", new."email");
END;
-- +goose StatementEnd
DROP TRIGGER "deals_search_insert";
DROP TRIGGER "deals_search_delete";
DROP TRIGGER "deals_search_update";
INSERT INTO "deals_search" (rowid, "deal_name") SELECT rowid, "deal_name" FROM "deals" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'deals');
-- +goose StatementBegin
CREATE TRIGGER "deals_search_insert" AFTER INSERT ON "deals" BEGIN
    INSERT INTO "deals_search" (rowid, "deal_name") VALUES (new.rowid, new."deal_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "deals_search_delete" AFTER DELETE ON "deals" BEGIN
    INSERT INTO "deals_search" ("deals_search", rowid, "deal_name") VALUES ('delete', old.rowid, old."deal_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "deals_search_update" AFTER UPDATE OF "deal_name" ON "deals" WHEN old."deal_name" IS NOT new."deal_name" BEGIN
    INSERT INTO "deals_search" ("deals_search", rowid, "deal_name") VALUES ('delete', old.rowid, old."deal_name");
    INSERT INTO "deals_search" (rowid, "deal_name") VALUES (new.rowid, new."deal_name");
END;
-- +goose StatementEnd
DROP TRIGGER "tickets_search_insert";
DROP TRIGGER "tickets_search_delete";
DROP TRIGGER "tickets_search_update";
INSERT INTO "tickets_search" (rowid, "ticket_subject", "requestor") SELECT rowid, "ticket_subject", "requestor" FROM "tickets" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'tickets');
-- +goose StatementBegin
CREATE TRIGGER "tickets_search_insert" AFTER INSERT ON "tickets" BEGIN
    INSERT INTO "tickets_search" (rowid, "ticket_subject", "requestor") VALUES (new.rowid, new."ticket_subject", new."requestor");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tickets_search_delete" AFTER DELETE ON "tickets" BEGIN
    INSERT INTO "tickets_search" ("tickets_search", rowid, "ticket_subject", "requestor") VALUES ('delete', old.rowid, old."ticket_subject", old."requestor");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tickets_search_update" AFTER UPDATE OF "ticket_subject", "requestor" ON "tickets" WHEN old."ticket_subject" IS NOT new."ticket_subject" OR old."requestor" IS NOT new."requestor" BEGIN
    INSERT INTO "tickets_search" ("tickets_search", rowid, "ticket_subject", "requestor") VALUES ('delete', old.rowid, old."ticket_subject", old."requestor");
    INSERT INTO "tickets_search" (rowid, "ticket_subject", "requestor") VALUES (new.rowid, new."ticket_subject", new."requestor");
END;
-- +goose StatementEnd
DROP TRIGGER "customers_search_insert";
DROP TRIGGER "customers_search_delete";
DROP TRIGGER "customers_search_update";
INSERT INTO "customers_search" (rowid, "customer_number", "name", "contact", "email") SELECT rowid, "customer_number", "name", "contact", "email" FROM "customers" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'customers');
-- +goose StatementBegin
CREATE TRIGGER "customers_search_insert" AFTER INSERT ON "customers" BEGIN
    INSERT INTO "customers_search" (rowid, "customer_number", "name", "contact", "email") VALUES (new.rowid, new."customer_number", new."name", new."contact", new."email");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "customers_search_delete" AFTER DELETE ON "customers" BEGIN
    INSERT INTO "customers_search" ("customers_search", rowid, "customer_number", "name", "contact", "email") VALUES ('delete', old.rowid, old."customer_number", old."name", old."contact", old."email");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "customers_search_update" AFTER UPDATE OF "customer_number", "name", "contact", "email" ON "customers" WHEN old."customer_number" IS NOT new."customer_number" OR old."name" IS NOT new."name" OR old."contact" IS NOT new."contact" OR old."email" IS NOT new."email" BEGIN
    INSERT INTO "customers_search" ("customers_search", rowid, "customer_number", "name", "contact", "email") VALUES ('delete', old.rowid, old."customer_number", old."name", old."contact", old."email");
    INSERT INTO "customers_search" (rowid, "customer_number", "name", "contact", "email") VALUES (new.rowid, new."customer_number", new."name", new."contact", new."email");
END;
-- +goose StatementEnd
DROP TRIGGER "contracts_search_insert";
DROP TRIGGER "contracts_search_delete";
DROP TRIGGER "contracts_search_update";
INSERT INTO "contracts_search" (rowid, "contract_number", "subject", "type") SELECT rowid, "contract_number", "subject", "type" FROM "contracts" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'contracts');
-- +goose StatementBegin
CREATE TRIGGER "contracts_search_insert" AFTER INSERT ON "contracts" BEGIN
    INSERT INTO "contracts_search" (rowid, "contract_number", "subject", "type") VALUES (new.rowid, new."contract_number", new."subject", new."type");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "contracts_search_delete" AFTER DELETE ON "contracts" BEGIN
    INSERT INTO "contracts_search" ("contracts_search", rowid, "contract_number", "subject", "type") VALUES ('delete', old.rowid, old."contract_number", old."subject", old."type");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "contracts_search_update" AFTER UPDATE OF "contract_number", "subject", "type" ON "contracts" WHEN old."contract_number" IS NOT new."contract_number" OR old."subject" IS NOT new."subject" OR old."type" IS NOT new."type" BEGIN
    INSERT INTO "contracts_search" ("contracts_search", rowid, "contract_number", "subject", "type") VALUES ('delete', old.rowid, old."contract_number", old."subject", old."type");
    INSERT INTO "contracts_search" (rowid, "contract_number", "subject", "type") VALUES (new.rowid, new."contract_number", new."subject", new."type");
END;
-- +goose StatementEnd
DROP TRIGGER "proposals_search_insert";
DROP TRIGGER "proposals_search_delete";
DROP TRIGGER "proposals_search_update";
INSERT INTO "proposals_search" (rowid, "lead_title", "deal_title") SELECT rowid, "lead_title", "deal_title" FROM "proposals" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'proposals');
-- +goose StatementBegin
CREATE TRIGGER "proposals_search_insert" AFTER INSERT ON "proposals" BEGIN
    INSERT INTO "proposals_search" (rowid, "lead_title", "deal_title") VALUES (new.rowid, new."lead_title", new."deal_title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "proposals_search_delete" AFTER DELETE ON "proposals" BEGIN
    INSERT INTO "proposals_search" ("proposals_search", rowid, "lead_title", "deal_title") VALUES ('delete', old.rowid, old."lead_title", old."deal_title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "proposals_search_update" AFTER UPDATE OF "lead_title", "deal_title" ON "proposals" WHEN old."lead_title" IS NOT new."lead_title" OR old."deal_title" IS NOT new."deal_title" BEGIN
    INSERT INTO "proposals_search" ("proposals_search", rowid, "lead_title", "deal_title") VALUES ('delete', old.rowid, old."lead_title", old."deal_title");
    INSERT INTO "proposals_search" (rowid, "lead_title", "deal_title") VALUES (new.rowid, new."lead_title", new."deal_title");
END;
-- +goose StatementEnd
DROP TRIGGER "quotations_search_insert";
DROP TRIGGER "quotations_search_delete";
DROP TRIGGER "quotations_search_update";
INSERT INTO "quotations_search" (rowid, "quotation_number", "lead", "client") SELECT rowid, "quotation_number", "lead", "client" FROM "quotations" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'quotations');
-- +goose StatementBegin
CREATE TRIGGER "quotations_search_insert" AFTER INSERT ON "quotations" BEGIN
    INSERT INTO "quotations_search" (rowid, "quotation_number", "lead", "client") VALUES (new.rowid, new."quotation_number", new."lead", new."client");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "quotations_search_delete" AFTER DELETE ON "quotations" BEGIN
    INSERT INTO "quotations_search" ("quotations_search", rowid, "quotation_number", "lead", "client") VALUES ('delete', old.rowid, old."quotation_number", old."lead", old."client");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "quotations_search_update" AFTER UPDATE OF "quotation_number", "lead", "client" ON "quotations" WHEN old."quotation_number" IS NOT new."quotation_number" OR old."lead" IS NOT new."lead" OR old."client" IS NOT new."client" BEGIN
    INSERT INTO "quotations_search" ("quotations_search", rowid, "quotation_number", "lead", "client") VALUES ('delete', old.rowid, old."quotation_number", old."lead", old."client");
    INSERT INTO "quotations_search" (rowid, "quotation_number", "lead", "client") VALUES (new.rowid, new."quotation_number", new."lead", new."client");
END;
-- +goose StatementEnd
DROP TRIGGER "estimates_search_insert";
DROP TRIGGER "estimates_search_delete";
DROP TRIGGER "estimates_search_update";
INSERT INTO "estimates_search" (rowid, "estimate_number", "project", "client") SELECT rowid, "estimate_number", "project", "client" FROM "estimates" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'estimates');
-- +goose StatementBegin
CREATE TRIGGER "estimates_search_insert" AFTER INSERT ON "estimates" BEGIN
    INSERT INTO "estimates_search" (rowid, "estimate_number", "project", "client") VALUES (new.rowid, new."estimate_number", new."project", new."client");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "estimates_search_delete" AFTER DELETE ON "estimates" BEGIN
    INSERT INTO "estimates_search" ("estimates_search", rowid, "estimate_number", "project", "client") VALUES ('delete', old.rowid, old."estimate_number", old."project", old."client");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "estimates_search_update" AFTER UPDATE OF "estimate_number", "project", "client" ON "estimates" WHEN old."estimate_number" IS NOT new."estimate_number" OR old."project" IS NOT new."project" OR old."client" IS NOT new."client" BEGIN
    INSERT INTO "estimates_search" ("estimates_search", rowid, "estimate_number", "project", "client") VALUES ('delete', old.rowid, old."estimate_number", old."project", old."client");
    INSERT INTO "estimates_search" (rowid, "estimate_number", "project", "client") VALUES (new.rowid, new."estimate_number", new."project", new."client");
END;
-- +goose StatementEnd
DROP TRIGGER "products_search_insert";
DROP TRIGGER "products_search_delete";
DROP TRIGGER "products_search_update";
INSERT INTO "products_search" (rowid, "name", "category", "sku", "hsn_sac") SELECT rowid, "name", "category", "sku", "hsn_sac" FROM "products" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'products');
-- +goose StatementBegin
CREATE TRIGGER "products_search_insert" AFTER INSERT ON "products" BEGIN
    INSERT INTO "products_search" (rowid, "name", "category", "sku", "hsn_sac") VALUES (new.rowid, new."name", new."category", new."sku", new."hsn_sac");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "products_search_delete" AFTER DELETE ON "products" BEGIN
    INSERT INTO "products_search" ("products_search", rowid, "name", "category", "sku", "hsn_sac") VALUES ('delete', old.rowid, old."name", old."category", old."sku", old."hsn_sac");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "products_search_update" AFTER UPDATE OF "name", "category", "sku", "hsn_sac" ON "products" WHEN old."name" IS NOT new."name" OR old."category" IS NOT new."category" OR old."sku" IS NOT new."sku" OR old."hsn_sac" IS NOT new."hsn_sac" BEGIN
    INSERT INTO "products_search" ("products_search", rowid, "name", "category", "sku", "hsn_sac") VALUES ('delete', old.rowid, old."name", old."category", old."sku", old."hsn_sac");
    INSERT INTO "products_search" (rowid, "name", "category", "sku", "hsn_sac") VALUES (new.rowid, new."name", new."category", new."sku", new."hsn_sac");
END;
-- +goose StatementEnd
DROP TRIGGER "notes_search_insert";
DROP TRIGGER "notes_search_delete";
DROP TRIGGER "notes_search_update";
INSERT INTO "notes_search" (rowid, "note_title", "description") SELECT rowid, "note_title", "description" FROM "notes" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'notes');
-- +goose StatementBegin
CREATE TRIGGER "notes_search_insert" AFTER INSERT ON "notes" BEGIN
    INSERT INTO "notes_search" (rowid, "note_title", "description") VALUES (new.rowid, new."note_title", new."description");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notes_search_delete" AFTER DELETE ON "notes" BEGIN
    INSERT INTO "notes_search" ("notes_search", rowid, "note_title", "description") VALUES ('delete', old.rowid, old."note_title", old."description");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "notes_search_update" AFTER UPDATE OF "note_title", "description" ON "notes" WHEN old."note_title" IS NOT new."note_title" OR old."description" IS NOT new."description" BEGIN
    INSERT INTO "notes_search" ("notes_search", rowid, "note_title", "description") VALUES ('delete', old.rowid, old."note_title", old."description");
    INSERT INTO "notes_search" (rowid, "note_title", "description") VALUES (new.rowid, new."note_title", new."description");
END;
-- +goose StatementEnd
DROP TRIGGER "tags_search_insert";
DROP TRIGGER "tags_search_delete";
DROP TRIGGER "tags_search_update";
INSERT INTO "tags_search" (rowid, "name") SELECT rowid, "name" FROM "tags" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'tags');
-- +goose StatementBegin
CREATE TRIGGER "tags_search_insert" AFTER INSERT ON "tags" BEGIN
    INSERT INTO "tags_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tags_search_delete" AFTER DELETE ON "tags" BEGIN
    INSERT INTO "tags_search" ("tags_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tags_search_update" AFTER UPDATE OF "name" ON "tags" WHEN old."name" IS NOT new."name" BEGIN
    INSERT INTO "tags_search" ("tags_search", rowid, "name") VALUES ('delete', old.rowid, old."name");
    INSERT INTO "tags_search" (rowid, "name") VALUES (new.rowid, new."name");
END;
-- +goose StatementEnd
DROP TRIGGER "projects_search_insert";
DROP TRIGGER "projects_search_delete";
DROP TRIGGER "projects_search_update";
INSERT INTO "projects_search" (rowid, "project_name", "project_category") SELECT rowid, "project_name", "project_category" FROM "projects" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'projects');
-- +goose StatementBegin
CREATE TRIGGER "projects_search_insert" AFTER INSERT ON "projects" BEGIN
    INSERT INTO "projects_search" (rowid, "project_name", "project_category") VALUES (new.rowid, new."project_name", new."project_category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "projects_search_delete" AFTER DELETE ON "projects" BEGIN
    INSERT INTO "projects_search" ("projects_search", rowid, "project_name", "project_category") VALUES ('delete', old.rowid, old."project_name", old."project_category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "projects_search_update" AFTER UPDATE OF "project_name", "project_category" ON "projects" WHEN old."project_name" IS NOT new."project_name" OR old."project_category" IS NOT new."project_category" BEGIN
    INSERT INTO "projects_search" ("projects_search", rowid, "project_name", "project_category") VALUES ('delete', old.rowid, old."project_name", old."project_category");
    INSERT INTO "projects_search" (rowid, "project_name", "project_category") VALUES (new.rowid, new."project_name", new."project_category");
END;
-- +goose StatementEnd
DROP TRIGGER "tasks_search_insert";
DROP TRIGGER "tasks_search_delete";
DROP TRIGGER "tasks_search_update";
INSERT INTO "tasks_search" (rowid, "task_name") SELECT rowid, "task_name" FROM "tasks" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'tasks');
-- +goose StatementBegin
CREATE TRIGGER "tasks_search_insert" AFTER INSERT ON "tasks" BEGIN
    INSERT INTO "tasks_search" (rowid, "task_name") VALUES (new.rowid, new."task_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tasks_search_delete" AFTER DELETE ON "tasks" BEGIN
    INSERT INTO "tasks_search" ("tasks_search", rowid, "task_name") VALUES ('delete', old.rowid, old."task_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "tasks_search_update" AFTER UPDATE OF "task_name" ON "tasks" WHEN old."task_name" IS NOT new."task_name" BEGIN
    INSERT INTO "tasks_search" ("tasks_search", rowid, "task_name") VALUES ('delete', old.rowid, old."task_name");
    INSERT INTO "tasks_search" (rowid, "task_name") VALUES (new.rowid, new."task_name");
END;
-- +goose StatementEnd
DROP TRIGGER "milestones_search_insert";
DROP TRIGGER "milestones_search_delete";
DROP TRIGGER "milestones_search_update";
INSERT INTO "milestones_search" (rowid, "milestone_title") SELECT rowid, "milestone_title" FROM "milestones" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'milestones');
-- +goose StatementBegin
CREATE TRIGGER "milestones_search_insert" AFTER INSERT ON "milestones" BEGIN
    INSERT INTO "milestones_search" (rowid, "milestone_title") VALUES (new.rowid, new."milestone_title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "milestones_search_delete" AFTER DELETE ON "milestones" BEGIN
    INSERT INTO "milestones_search" ("milestones_search", rowid, "milestone_title") VALUES ('delete', old.rowid, old."milestone_title");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "milestones_search_update" AFTER UPDATE OF "milestone_title" ON "milestones" WHEN old."milestone_title" IS NOT new."milestone_title" BEGIN
    INSERT INTO "milestones_search" ("milestones_search", rowid, "milestone_title") VALUES ('delete', old.rowid, old."milestone_title");
    INSERT INTO "milestones_search" (rowid, "milestone_title") VALUES (new.rowid, new."milestone_title");
END;
-- +goose StatementEnd
DROP TRIGGER "taskcalendars_search_insert";
DROP TRIGGER "taskcalendars_search_delete";
DROP TRIGGER "taskcalendars_search_update";
INSERT INTO "taskcalendars_search" (rowid, "task_name") SELECT rowid, "task_name" FROM "taskcalendars" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'taskcalendars');
-- +goose StatementBegin
CREATE TRIGGER "taskcalendars_search_insert" AFTER INSERT ON "taskcalendars" BEGIN
    INSERT INTO "taskcalendars_search" (rowid, "task_name") VALUES (new.rowid, new."task_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "taskcalendars_search_delete" AFTER DELETE ON "taskcalendars" BEGIN
    INSERT INTO "taskcalendars_search" ("taskcalendars_search", rowid, "task_name") VALUES ('delete', old.rowid, old."task_name");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "taskcalendars_search_update" AFTER UPDATE OF "task_name" ON "taskcalendars" WHEN old."task_name" IS NOT new."task_name" BEGIN
    INSERT INTO "taskcalendars_search" ("taskcalendars_search", rowid, "task_name") VALUES ('delete', old.rowid, old."task_name");
    INSERT INTO "taskcalendars_search" (rowid, "task_name") VALUES (new.rowid, new."task_name");
END;
-- +goose StatementEnd
DROP TRIGGER "currencies_search_insert";
DROP TRIGGER "currencies_search_delete";
DROP TRIGGER "currencies_search_update";
INSERT INTO "currencies_search" (rowid, "currency_name", "currency_code") SELECT rowid, "currency_name", "currency_code" FROM "currencies" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'currencies');
-- +goose StatementBegin
CREATE TRIGGER "currencies_search_insert" AFTER INSERT ON "currencies" BEGIN
    INSERT INTO "currencies_search" (rowid, "currency_name", "currency_code") VALUES (new.rowid, new."currency_name", new."currency_code");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "currencies_search_delete" AFTER DELETE ON "currencies" BEGIN
    INSERT INTO "currencies_search" ("currencies_search", rowid, "currency_name", "currency_code") VALUES ('delete', old.rowid, old."currency_name", old."currency_code");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "currencies_search_update" AFTER UPDATE OF "currency_name", "currency_code" ON "currencies" WHEN old."currency_name" IS NOT new."currency_name" OR old."currency_code" IS NOT new."currency_code" BEGIN
    INSERT INTO "currencies_search" ("currencies_search", rowid, "currency_name", "currency_code") VALUES ('delete', old.rowid, old."currency_name", old."currency_code");
    INSERT INTO "currencies_search" (rowid, "currency_name", "currency_code") VALUES (new.rowid, new."currency_name", new."currency_code");
END;
-- +goose StatementEnd
DROP TRIGGER "countries_search_insert";
DROP TRIGGER "countries_search_delete";
DROP TRIGGER "countries_search_update";
INSERT INTO "countries_search" (rowid, "country_name", "country_code") SELECT rowid, "country_name", "country_code" FROM "countries" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'countries');
-- +goose StatementBegin
CREATE TRIGGER "countries_search_insert" AFTER INSERT ON "countries" BEGIN
    INSERT INTO "countries_search" (rowid, "country_name", "country_code") VALUES (new.rowid, new."country_name", new."country_code");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "countries_search_delete" AFTER DELETE ON "countries" BEGIN
    INSERT INTO "countries_search" ("countries_search", rowid, "country_name", "country_code") VALUES ('delete', old.rowid, old."country_name", old."country_code");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "countries_search_update" AFTER UPDATE OF "country_name", "country_code" ON "countries" WHEN old."country_name" IS NOT new."country_name" OR old."country_code" IS NOT new."country_code" BEGIN
    INSERT INTO "countries_search" ("countries_search", rowid, "country_name", "country_code") VALUES ('delete', old.rowid, old."country_name", old."country_code");
    INSERT INTO "countries_search" (rowid, "country_name", "country_code") VALUES (new.rowid, new."country_name", new."country_code");
END;
-- +goose StatementEnd
DROP TRIGGER "invoices_search_insert";
DROP TRIGGER "invoices_search_delete";
DROP TRIGGER "invoices_search_update";
INSERT INTO "invoices_search" (rowid, "invoice_number", "client") SELECT rowid, "invoice_number", "client" FROM "invoices" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'invoices');
-- +goose StatementBegin
CREATE TRIGGER "invoices_search_insert" AFTER INSERT ON "invoices" BEGIN
    INSERT INTO "invoices_search" (rowid, "invoice_number", "client") VALUES (new.rowid, new."invoice_number", new."client");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "invoices_search_delete" AFTER DELETE ON "invoices" BEGIN
    INSERT INTO "invoices_search" ("invoices_search", rowid, "invoice_number", "client") VALUES ('delete', old.rowid, old."invoice_number", old."client");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "invoices_search_update" AFTER UPDATE OF "invoice_number", "client" ON "invoices" WHEN old."invoice_number" IS NOT new."invoice_number" OR old."client" IS NOT new."client" BEGIN
    INSERT INTO "invoices_search" ("invoices_search", rowid, "invoice_number", "client") VALUES ('delete', old.rowid, old."invoice_number", old."client");
    INSERT INTO "invoices_search" (rowid, "invoice_number", "client") VALUES (new.rowid, new."invoice_number", new."client");
END;
-- +goose StatementEnd
DROP TRIGGER "payments_search_insert";
DROP TRIGGER "payments_search_delete";
DROP TRIGGER "payments_search_update";
INSERT INTO "payments_search" (rowid, "transaction_id") SELECT rowid, "transaction_id" FROM "payments" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'payments');
-- +goose StatementBegin
CREATE TRIGGER "payments_search_insert" AFTER INSERT ON "payments" BEGIN
    INSERT INTO "payments_search" (rowid, "transaction_id") VALUES (new.rowid, new."transaction_id");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "payments_search_delete" AFTER DELETE ON "payments" BEGIN
    INSERT INTO "payments_search" ("payments_search", rowid, "transaction_id") VALUES ('delete', old.rowid, old."transaction_id");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "payments_search_update" AFTER UPDATE OF "transaction_id" ON "payments" WHEN old."transaction_id" IS NOT new."transaction_id" BEGIN
    INSERT INTO "payments_search" ("payments_search", rowid, "transaction_id") VALUES ('delete', old.rowid, old."transaction_id");
    INSERT INTO "payments_search" (rowid, "transaction_id") VALUES (new.rowid, new."transaction_id");
END;
-- +goose StatementEnd
DROP TRIGGER "expenses_search_insert";
DROP TRIGGER "expenses_search_delete";
DROP TRIGGER "expenses_search_update";
INSERT INTO "expenses_search" (rowid, "item") SELECT rowid, "item" FROM "expenses" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'expenses');
-- +goose StatementBegin
CREATE TRIGGER "expenses_search_insert" AFTER INSERT ON "expenses" BEGIN
    INSERT INTO "expenses_search" (rowid, "item") VALUES (new.rowid, new."item");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "expenses_search_delete" AFTER DELETE ON "expenses" BEGIN
    INSERT INTO "expenses_search" ("expenses_search", rowid, "item") VALUES ('delete', old.rowid, old."item");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "expenses_search_update" AFTER UPDATE OF "item" ON "expenses" WHEN old."item" IS NOT new."item" BEGIN
    INSERT INTO "expenses_search" ("expenses_search", rowid, "item") VALUES ('delete', old.rowid, old."item");
    INSERT INTO "expenses_search" (rowid, "item") VALUES (new.rowid, new."item");
END;
-- +goose StatementEnd
DROP TRIGGER "sales_quotations_search_insert";
DROP TRIGGER "sales_quotations_search_delete";
DROP TRIGGER "sales_quotations_search_update";
INSERT INTO "sales_quotations_search" (rowid, "sales_quotation_number", "category") SELECT rowid, "sales_quotation_number", "category" FROM "sales_quotations" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'sales_quotations');
-- +goose StatementBegin
CREATE TRIGGER "sales_quotations_search_insert" AFTER INSERT ON "sales_quotations" BEGIN
    INSERT INTO "sales_quotations_search" (rowid, "sales_quotation_number", "category") VALUES (new.rowid, new."sales_quotation_number", new."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_quotations_search_delete" AFTER DELETE ON "sales_quotations" BEGIN
    INSERT INTO "sales_quotations_search" ("sales_quotations_search", rowid, "sales_quotation_number", "category") VALUES ('delete', old.rowid, old."sales_quotation_number", old."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_quotations_search_update" AFTER UPDATE OF "sales_quotation_number", "category" ON "sales_quotations" WHEN old."sales_quotation_number" IS NOT new."sales_quotation_number" OR old."category" IS NOT new."category" BEGIN
    INSERT INTO "sales_quotations_search" ("sales_quotations_search", rowid, "sales_quotation_number", "category") VALUES ('delete', old.rowid, old."sales_quotation_number", old."category");
    INSERT INTO "sales_quotations_search" (rowid, "sales_quotation_number", "category") VALUES (new.rowid, new."sales_quotation_number", new."category");
END;
-- +goose StatementEnd
DROP TRIGGER "sales_invoices_search_insert";
DROP TRIGGER "sales_invoices_search_delete";
DROP TRIGGER "sales_invoices_search_update";
INSERT INTO "sales_invoices_search" (rowid, "sales_invoice_number", "category") SELECT rowid, "sales_invoice_number", "category" FROM "sales_invoices" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'sales_invoices');
-- +goose StatementBegin
CREATE TRIGGER "sales_invoices_search_insert" AFTER INSERT ON "sales_invoices" BEGIN
    INSERT INTO "sales_invoices_search" (rowid, "sales_invoice_number", "category") VALUES (new.rowid, new."sales_invoice_number", new."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_invoices_search_delete" AFTER DELETE ON "sales_invoices" BEGIN
    INSERT INTO "sales_invoices_search" ("sales_invoices_search", rowid, "sales_invoice_number", "category") VALUES ('delete', old.rowid, old."sales_invoice_number", old."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_invoices_search_update" AFTER UPDATE OF "sales_invoice_number", "category" ON "sales_invoices" WHEN old."sales_invoice_number" IS NOT new."sales_invoice_number" OR old."category" IS NOT new."category" BEGIN
    INSERT INTO "sales_invoices_search" ("sales_invoices_search", rowid, "sales_invoice_number", "category") VALUES ('delete', old.rowid, old."sales_invoice_number", old."category");
    INSERT INTO "sales_invoices_search" (rowid, "sales_invoice_number", "category") VALUES (new.rowid, new."sales_invoice_number", new."category");
END;
-- +goose StatementEnd
DROP TRIGGER "sales_revenues_search_insert";
DROP TRIGGER "sales_revenues_search_delete";
DROP TRIGGER "sales_revenues_search_update";
INSERT INTO "sales_revenues_search" (rowid, "account", "category") SELECT rowid, "account", "category" FROM "sales_revenues" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = 'sales_revenues');
-- +goose StatementBegin
CREATE TRIGGER "sales_revenues_search_insert" AFTER INSERT ON "sales_revenues" BEGIN
    INSERT INTO "sales_revenues_search" (rowid, "account", "category") VALUES (new.rowid, new."account", new."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_revenues_search_delete" AFTER DELETE ON "sales_revenues" BEGIN
    INSERT INTO "sales_revenues_search" ("sales_revenues_search", rowid, "account", "category") VALUES ('delete', old.rowid, old."account", old."category");
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER "sales_revenues_search_update" AFTER UPDATE OF "account", "category" ON "sales_revenues" WHEN old."account" IS NOT new."account" OR old."category" IS NOT new."category" BEGIN
    INSERT INTO "sales_revenues_search" ("sales_revenues_search", rowid, "account", "category") VALUES ('delete', old.rowid, old."account", old."category");
    INSERT INTO "sales_revenues_search" (rowid, "account", "category") VALUES (new.rowid, new."account", new."category");
END;
-- +goose StatementEnd
DROP TABLE "search_queue";
