-- Indexes for the calendar's one range query per source (GET /api/v1/calendar).
-- +goose Up
CREATE INDEX `idx_cal_events` ON `events` (`company_id`, `event_date`);
CREATE INDEX `idx_cal_meetings` ON `meetings` (`company_id`, `date`);
CREATE INDEX `idx_cal_leaves` ON `leaves` (`company_id`, `status`, `start_date`);
CREATE INDEX `idx_cal_contracts` ON `contracts` (`company_id`, `end_date`);
CREATE INDEX `idx_cal_milestones` ON `milestones` (`company_id`, `milestone_start_date`);
CREATE INDEX `idx_cal_taskcalendars` ON `taskcalendars` (`company_id`, `task_date`);

-- +goose Down
DROP INDEX `idx_cal_events` ON `events`;
DROP INDEX `idx_cal_meetings` ON `meetings`;
DROP INDEX `idx_cal_leaves` ON `leaves`;
DROP INDEX `idx_cal_contracts` ON `contracts`;
DROP INDEX `idx_cal_milestones` ON `milestones`;
DROP INDEX `idx_cal_taskcalendars` ON `taskcalendars`;
