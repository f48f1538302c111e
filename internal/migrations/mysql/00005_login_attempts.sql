-- Failed-attempt counters of the login throttle, shared by every instance:
-- one row per hashed key (account, address or unknown login) and window.
-- +goose Up
CREATE TABLE `login_attempts` (
    `throttle_key` VARCHAR(100) NOT NULL PRIMARY KEY,
    `window_start` BIGINT NOT NULL,
    `hits` INT NOT NULL,
    `expires_at` BIGINT NOT NULL
);
CREATE INDEX `login_attempts_expires_at` ON `login_attempts` (`expires_at`);

-- +goose Down
DROP TABLE `login_attempts`;
