-- Idempotency keys: the stored answer of a POST sent with an Idempotency-Key
-- header. key_hash is the hex SHA-256 of the principal id and the key, so keys
-- compare byte for byte whatever the collation; request_hash is the hex SHA-256
-- of the method, path and body. Rows expire at expires_at (Unix ms).
-- +goose Up
CREATE TABLE "idempotency_keys" (
    "key_hash" TEXT NOT NULL PRIMARY KEY,
    "principal_id" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL
);
CREATE INDEX "idx_idempotency_keys_expires_at" ON "idempotency_keys" ("expires_at");

-- +goose Down
DROP TABLE "idempotency_keys";
