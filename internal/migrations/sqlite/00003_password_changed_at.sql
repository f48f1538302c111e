-- When an account's password last changed: tokens issued before it are refused.
-- +goose Up
ALTER TABLE "principals" ADD COLUMN "password_changed_at" INTEGER;

-- +goose Down
ALTER TABLE "principals" DROP COLUMN "password_changed_at";
