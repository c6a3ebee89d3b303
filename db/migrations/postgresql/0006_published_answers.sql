-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.
-- The published tables carry a rowid, the row's identity that the publisher closes rows by, as SQLite's own.

ALTER TABLE currency_share_observations ADD COLUMN stated_key TEXT NOT NULL DEFAULT '';
DROP INDEX currency_current_vintage;
CREATE UNIQUE INDEX currency_current_vintage
    ON currency_share_observations(country, counterpart, direction, period, currency, kind, stated_key, source_id) WHERE superseded_in IS NULL;

CREATE TABLE published_through (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets(id),
    release_id BIGINT NOT NULL
);

CREATE TABLE trade_published (
    rowid             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    valid_from        BIGINT NOT NULL,
    valid_to          BIGINT,
    observation_id    BIGINT NOT NULL,
    reporter          TEXT NOT NULL,
    partner           TEXT NOT NULL,
    flow              TEXT NOT NULL,
    freq              TEXT NOT NULL,
    period            TEXT NOT NULL,
    period_start      BIGINT NOT NULL,
    period_end        BIGINT NOT NULL,
    value             DOUBLE PRECISION,
    unit              TEXT NOT NULL,
    value_status      TEXT NOT NULL,
    yoy_change_pct    DOUBLE PRECISION,
    yoy_change_status TEXT NOT NULL,
    yoy_base_period   TEXT,
    cited_body        TEXT NOT NULL,
    confidence        TEXT NOT NULL,
    preferred         BIGINT NOT NULL,
    versions          BIGINT NOT NULL,
    version_rank      BIGINT NOT NULL,
    source_id         TEXT NOT NULL,
    release_id        BIGINT NOT NULL,
    note              TEXT
);
CREATE INDEX trade_published_listing ON trade_published(period_start, period_end, freq, reporter, partner, flow, unit, version_rank);
CREATE INDEX trade_published_series ON trade_published(reporter, partner, flow, unit, period_start, period_end, freq, version_rank);

CREATE TABLE brand_share_published (
    rowid             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    valid_from      BIGINT NOT NULL,
    valid_to        BIGINT,
    observation_id  BIGINT NOT NULL,
    market          TEXT NOT NULL,
    segment         TEXT NOT NULL,
    freq            TEXT NOT NULL,
    period          TEXT NOT NULL,
    period_start    BIGINT NOT NULL,
    period_end      BIGINT NOT NULL,
    brand           TEXT NOT NULL,
    origin          TEXT,
    platform_origin TEXT,
    units           BIGINT,
    share_pct       DOUBLE PRECISION,
    share_status    TEXT NOT NULL,
    rank            BIGINT,
    top_ten         BIGINT,
    yoy_change_pct  DOUBLE PRECISION,
    cited_body      TEXT NOT NULL,
    confidence      TEXT NOT NULL,
    preferred       BIGINT NOT NULL,
    versions        BIGINT NOT NULL,
    version_rank    BIGINT NOT NULL,
    source_id       TEXT NOT NULL,
    release_id      BIGINT NOT NULL,
    note            TEXT,
    sort_group      BIGINT NOT NULL,
    sort_rank       BIGINT NOT NULL,
    sort_units      BIGINT NOT NULL,
    origin_key      TEXT NOT NULL
);
CREATE INDEX brand_published_listing ON brand_share_published(market, segment, period_start, period_end, freq, sort_group, sort_rank, sort_units, brand, origin_key, version_rank);
CREATE INDEX brand_published_period ON brand_share_published(market, segment, period, valid_to);

CREATE TABLE brand_origin_published (
    rowid             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    valid_from     BIGINT NOT NULL,
    valid_to       BIGINT,
    market         TEXT NOT NULL,
    segment        TEXT NOT NULL,
    freq           TEXT NOT NULL,
    period         TEXT NOT NULL,
    period_start   BIGINT NOT NULL,
    period_end     BIGINT NOT NULL,
    origin_basis   TEXT NOT NULL,
    position       BIGINT NOT NULL,
    origin         TEXT NOT NULL,
    brands_listed  BIGINT NOT NULL,
    brands         TEXT NOT NULL,
    units          BIGINT,
    share_pct      DOUBLE PRECISION,
    share_status   TEXT NOT NULL,
    top_ten_brands BIGINT NOT NULL,
    top_ten_listed BIGINT NOT NULL,
    market_units   BIGINT,
    sources        TEXT NOT NULL
);
CREATE INDEX brand_origin_listing ON brand_origin_published(market, segment, origin_basis, period_start, period_end, freq, position);
CREATE INDEX brand_origin_period ON brand_origin_published(market, segment, period, valid_to);

CREATE TABLE currency_share_published (
    rowid             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    valid_from       BIGINT NOT NULL,
    valid_to         BIGINT,
    observation_id   BIGINT NOT NULL,
    country          TEXT NOT NULL,
    counterpart      TEXT NOT NULL,
    direction        TEXT NOT NULL,
    freq             TEXT NOT NULL,
    period           TEXT NOT NULL,
    period_start     BIGINT NOT NULL,
    period_end       BIGINT NOT NULL,
    currency         TEXT NOT NULL,
    share_pct        DOUBLE PRECISION,
    qualifier        TEXT,
    kind             TEXT NOT NULL,
    stated_by        TEXT,
    stated_as        TEXT,
    cited_body       TEXT NOT NULL,
    confidence       TEXT NOT NULL,
    preferred        BIGINT NOT NULL,
    versions         BIGINT NOT NULL,
    version_rank     BIGINT NOT NULL,
    source_id        TEXT NOT NULL,
    release_id       BIGINT NOT NULL,
    note             TEXT,
    counterpart_sort BIGINT NOT NULL,
    currency_sort    BIGINT NOT NULL,
    stated_key       TEXT NOT NULL
);
CREATE INDEX currency_published_listing ON currency_share_published(country, counterpart_sort, direction, period_start, period_end, freq, currency_sort, kind, stated_key, version_rank);
CREATE INDEX currency_published_unit ON currency_share_published(country, counterpart, direction, period, valid_to);

CREATE TABLE idempotency_keys (
    key        TEXT PRIMARY KEY,
    release_id BIGINT NOT NULL REFERENCES releases(id)
);
