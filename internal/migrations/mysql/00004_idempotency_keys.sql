-- Idempotency keys: the stored answer of a POST sent with an Idempotency-Key
-- header. key_hash is the hex SHA-256 of the principal id and the key, so keys
-- compare byte for byte whatever the collation; request_hash is the hex SHA-256
-- of the method, path and body. Rows expire at expires_at (Unix ms).
-- +goose Up
CREATE TABLE `idempotency_keys` (
    `key_hash` VARCHAR(64) NOT NULL PRIMARY KEY,
    `principal_id` VARCHAR(64) NOT NULL,
    `request_hash` VARCHAR(64) NOT NULL,
    `status` BIGINT NOT NULL,
    `body` LONGTEXT NOT NULL,
    `created_at` BIGINT NOT NULL,
    `expires_at` BIGINT NOT NULL
);
CREATE INDEX `idx_idempotency_keys_expires_at` ON `idempotency_keys` (`expires_at`);

-- +goose Down
DROP TABLE `idempotency_keys`;
