-- An account's token generation: every password change increments it, and a
-- token that carries another generation is refused.
-- +goose Up
ALTER TABLE "principals" ADD COLUMN "token_generation" INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE "principals" DROP COLUMN "token_generation";
