-- Answers are published, not computed. Everything a listing needs that depends only on a release is derived
-- when the release is applied, in its transaction, and stored with the range of releases it holds for:
--   valid_from <= R AND (valid_to IS NULL OR valid_to > R)
-- selects the rows an answer "as of release R" is made of, so a read is an index range scan. The observation
-- tables stay the record of every vintage; the published tables can be derived again from them at any time.

-- Release times: microseconds, fixed width, so that they sort as text and two releases in one second differ.
UPDATE releases SET released_at = substr(released_at, 1, 19) || '.000000Z' WHERE length(released_at) = 20;

-- Currency statements by different officials are different figures in the write key too (stated_key: the
-- speaker of a statement, empty for a statistic), as they are in the listings.
ALTER TABLE currency_share_observations ADD COLUMN stated_key TEXT NOT NULL DEFAULT '';
UPDATE currency_share_observations SET stated_key = stated_by WHERE kind = 'statement' AND stated_by IS NOT NULL;
DROP INDEX currency_current_vintage;
CREATE UNIQUE INDEX currency_current_vintage
    ON currency_share_observations(country, counterpart, direction, period, currency, kind, stated_key, source_id) WHERE superseded_in IS NULL;

-- The release each dataset's published tables are derived through; start-up derives any release after it.
CREATE TABLE published_through (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets(id),
    release_id INTEGER NOT NULL
);

CREATE TABLE trade_published (
    valid_from        INTEGER NOT NULL,     -- the release from which this row holds
    valid_to          INTEGER,              -- the release that replaced it; NULL while it holds
    observation_id    INTEGER NOT NULL,     -- the vintage in trade_observations
    reporter          TEXT NOT NULL,
    partner           TEXT NOT NULL,
    flow              TEXT NOT NULL,
    freq              TEXT NOT NULL,
    period            TEXT NOT NULL,
    period_start      INTEGER NOT NULL,
    period_end        INTEGER NOT NULL,
    value             REAL,
    unit              TEXT NOT NULL,
    value_status      TEXT NOT NULL,
    yoy_change_pct    REAL,
    yoy_change_status TEXT NOT NULL,
    yoy_base_period   TEXT,
    cited_body        TEXT NOT NULL,
    confidence        TEXT NOT NULL,
    preferred         INTEGER NOT NULL,
    versions          INTEGER NOT NULL,
    version_rank      INTEGER NOT NULL,
    source_id         TEXT NOT NULL,
    release_id        INTEGER NOT NULL,     -- the release that published the vintage
    note              TEXT
);
CREATE INDEX trade_published_listing ON trade_published(period_start, period_end, freq, reporter, partner, flow, unit, version_rank);
CREATE INDEX trade_published_series ON trade_published(reporter, partner, flow, unit, period_start, period_end, freq, version_rank);

CREATE TABLE brand_share_published (
    valid_from      INTEGER NOT NULL,
    valid_to        INTEGER,
    observation_id  INTEGER NOT NULL,
    market          TEXT NOT NULL,
    segment         TEXT NOT NULL,
    freq            TEXT NOT NULL,
    period          TEXT NOT NULL,
    period_start    INTEGER NOT NULL,
    period_end      INTEGER NOT NULL,
    brand           TEXT NOT NULL,
    origin          TEXT,
    platform_origin TEXT,
    units           INTEGER,
    share_pct       REAL,
    share_status    TEXT NOT NULL,
    rank            INTEGER,
    top_ten         INTEGER,
    yoy_change_pct  REAL,
    cited_body      TEXT NOT NULL,
    confidence      TEXT NOT NULL,
    preferred       INTEGER NOT NULL,
    versions        INTEGER NOT NULL,
    version_rank    INTEGER NOT NULL,
    source_id       TEXT NOT NULL,
    release_id      INTEGER NOT NULL,
    note            TEXT,
    sort_group      INTEGER NOT NULL,       -- 0 the market total, 1 an origin aggregate, 2 a brand
    sort_rank       INTEGER NOT NULL,       -- rank, 1000 when not stated
    sort_units      INTEGER NOT NULL,       -- minus units (more first), 1 when not stated
    origin_key      TEXT NOT NULL           -- origin, '' for the market total
);
CREATE INDEX brand_published_listing ON brand_share_published(market, segment, period_start, period_end, freq, sort_group, sort_rank, sort_units, brand, origin_key, version_rank);
CREATE INDEX brand_published_period ON brand_share_published(market, segment, period, valid_to);

CREATE TABLE brand_origin_published (
    valid_from     INTEGER NOT NULL,
    valid_to       INTEGER,
    market         TEXT NOT NULL,
    segment        TEXT NOT NULL,
    freq           TEXT NOT NULL,
    period         TEXT NOT NULL,
    period_start   INTEGER NOT NULL,
    period_end     INTEGER NOT NULL,
    origin_basis   TEXT NOT NULL,
    position       INTEGER NOT NULL,        -- the row's place in its period: origins, published aggregates, the remainder
    origin         TEXT NOT NULL,
    brands_listed  INTEGER NOT NULL,
    brands         TEXT NOT NULL,
    units          INTEGER,
    share_pct      REAL,
    share_status   TEXT NOT NULL,
    top_ten_brands INTEGER NOT NULL,
    top_ten_listed INTEGER NOT NULL,
    market_units   INTEGER,
    sources        TEXT NOT NULL
);
CREATE INDEX brand_origin_listing ON brand_origin_published(market, segment, origin_basis, period_start, period_end, freq, position);
CREATE INDEX brand_origin_period ON brand_origin_published(market, segment, period, valid_to);

CREATE TABLE currency_share_published (
    valid_from       INTEGER NOT NULL,
    valid_to         INTEGER,
    observation_id   INTEGER NOT NULL,
    country          TEXT NOT NULL,
    counterpart      TEXT NOT NULL,
    direction        TEXT NOT NULL,
    freq             TEXT NOT NULL,
    period           TEXT NOT NULL,
    period_start     INTEGER NOT NULL,
    period_end       INTEGER NOT NULL,
    currency         TEXT NOT NULL,
    share_pct        REAL,
    qualifier        TEXT,
    kind             TEXT NOT NULL,
    stated_by        TEXT,
    stated_as        TEXT,
    cited_body       TEXT NOT NULL,
    confidence       TEXT NOT NULL,
    preferred        INTEGER NOT NULL,
    versions         INTEGER NOT NULL,
    version_rank     INTEGER NOT NULL,
    source_id        TEXT NOT NULL,
    release_id       INTEGER NOT NULL,
    note             TEXT,
    counterpart_sort INTEGER NOT NULL,      -- the counterpart's place in its code list
    currency_sort    INTEGER NOT NULL,      -- the currency's place in its code list
    stated_key       TEXT NOT NULL
);
CREATE INDEX currency_published_listing ON currency_share_published(country, counterpart_sort, direction, period_start, period_end, freq, currency_sort, kind, stated_key, version_rank);
CREATE INDEX currency_published_unit ON currency_share_published(country, counterpart, direction, period, valid_to);

-- Every Idempotency-Key a release was asked for by, including a repeat of the same content under a new key,
-- so that the key then answers with that release and conflicts with other content.
CREATE TABLE idempotency_keys (
    key        TEXT PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases(id)
) WITHOUT ROWID;
INSERT INTO idempotency_keys (key, release_id) SELECT idempotency_key, id FROM releases WHERE idempotency_key IS NOT NULL;
