-- Reference data: currencies and countries in two layers (company_id '' for the
-- platform catalogue, a company's id for its own additions; codes unique per
-- layer), and reference_seeds, the codes the start-up seeding has ever inserted
-- (so a platform row the super-admin deleted is not seeded again).
-- +goose Up
CREATE TABLE "currencies" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "currency_name" TEXT NOT NULL,
    "currency_icon" TEXT NOT NULL,
    "currency_code" TEXT NOT NULL
);
CREATE UNIQUE INDEX "uq_currencies_code" ON "currencies" ("company_id", "currency_code");

CREATE TABLE "countries" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "company_id" VARCHAR(32) NOT NULL,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "country_name" TEXT NOT NULL,
    "country_code" TEXT NOT NULL,
    "phone_code" TEXT NOT NULL
);
CREATE UNIQUE INDEX "uq_countries_code" ON "countries" ("company_id", "country_code");

CREATE TABLE "reference_seeds" (
    "kind" VARCHAR(16) NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "created_at" BIGINT NOT NULL,
    PRIMARY KEY ("kind", "code")
);

-- +goose Down
DROP TABLE "reference_seeds";
DROP TABLE "countries";
DROP TABLE "currencies";
