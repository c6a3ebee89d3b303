-- Catalogue, releases and the bilateral trade series.
-- A value is never overwritten: a revision inserts a new vintage and stamps the old one
-- with the release that superseded it (superseded_in). "As of release R" is therefore
--   release_id <= R AND (superseded_in IS NULL OR superseded_in > R).

CREATE TABLE datasets (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    unit        TEXT NOT NULL,
    path        TEXT NOT NULL,          -- where its records are served, e.g. /v1/trade
    licence     TEXT NOT NULL,
    sort        INTEGER NOT NULL
);

-- Every code a filter accepts, per dataset and dimension, so that clients never guess.
CREATE TABLE dimension_codes (
    dataset_id  TEXT NOT NULL REFERENCES datasets(id),
    dimension   TEXT NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    description TEXT,
    sort        INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, dimension, code)
);

CREATE TABLE releases (
    id              INTEGER PRIMARY KEY,        -- the release number, global and increasing
    dataset_id      TEXT NOT NULL REFERENCES datasets(id),
    title           TEXT NOT NULL,
    description     TEXT,
    released_at     TEXT NOT NULL,              -- ISO 8601 UTC
    origin          TEXT NOT NULL,              -- seed:FILE, api, cli, fetch:SOURCE
    content_sha256  TEXT NOT NULL,
    idempotency_key TEXT,
    added           INTEGER NOT NULL DEFAULT 0,
    revised         INTEGER NOT NULL DEFAULT 0,
    withdrawn       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (dataset_id, content_sha256)
);
CREATE UNIQUE INDEX releases_idempotency_key ON releases(idempotency_key) WHERE idempotency_key IS NOT NULL;

-- A source is the page a figure was read on. The body that page cites (GACC, Bank of
-- Russia, ...) is kept per observation, because one page can cite more than one body.
CREATE TABLE sources (
    id            TEXT PRIMARY KEY,
    publisher     TEXT NOT NULL,
    title         TEXT,
    url           TEXT,
    published     TEXT,                 -- EDTF: 2025-01-13, 2025-05, with ~ when approximate
    kind          TEXT NOT NULL CHECK (kind IN ('news', 'analysis', 'official')),
    first_release INTEGER NOT NULL REFERENCES releases(id)
);

CREATE TABLE trade_observations (
    id           INTEGER PRIMARY KEY,
    reporter     TEXT NOT NULL,
    partner      TEXT NOT NULL,
    flow         TEXT NOT NULL CHECK (flow IN ('export', 'import', 'total')),
    freq         TEXT NOT NULL,
    period       TEXT NOT NULL,
    period_start INTEGER NOT NULL,       -- month index: year * 12 + month - 1
    period_end   INTEGER NOT NULL,
    unit         TEXT NOT NULL,          -- the basis currency the figure is reported in
    value        REAL,                   -- in units of `unit`, not billions; NULL = not published
    yoy_pct      REAL,                   -- the published year-on-year change, in percent
    cited_body   TEXT NOT NULL,
    confidence   TEXT NOT NULL CHECK (confidence IN ('reported', 'weak', 'disputed')),
    note         TEXT,
    source_id    TEXT NOT NULL REFERENCES sources(id),
    release_id   INTEGER NOT NULL REFERENCES releases(id),
    superseded_in INTEGER REFERENCES releases(id),
    CHECK (value IS NOT NULL OR yoy_pct IS NOT NULL)
);
-- One current vintage per series key and source.
CREATE UNIQUE INDEX trade_current_vintage
    ON trade_observations(reporter, partner, flow, unit, period, source_id) WHERE superseded_in IS NULL;
CREATE INDEX trade_series ON trade_observations(reporter, partner, flow, unit, period_start, period_end);

INSERT INTO datasets (id, title, description, unit, path, licence, sort) VALUES
('trade', 'China–Russia bilateral trade in goods',
 'Exports, imports and total trade in goods between China and Russia as published by China''s customs (GACC) and, as mirror statistics, Russia''s customs: annual, quarterly, monthly and year-to-date, in US dollars (a few figures on a yuan basis are kept apart). Each figure is as reported by a named outlet citing the primary body; where sources disagree every version is kept and one is marked preferred.',
 'USD', '/v1/trade',
 'The figures are facts published by the bodies and outlets named in each source; cite them as given. The compilation (codes, structure, preferred-version marks) is offered under CC BY 4.0; cite as "TradeApi, release N".',
 1);

INSERT INTO dimension_codes (dataset_id, dimension, code, label, description, sort) VALUES
('trade', 'reporter', 'CN', 'China', 'Figures as reported by China''s customs (GACC).', 1),
('trade', 'reporter', 'RU', 'Russia', 'Mirror statistics as reported by Russia''s Federal Customs Service.', 2),
('trade', 'partner', 'CN', 'China', NULL, 1),
('trade', 'partner', 'RU', 'Russia', NULL, 2),
('trade', 'flow', 'export', 'Exports', 'Goods the reporter exports to the partner.', 1),
('trade', 'flow', 'import', 'Imports', 'Goods the reporter imports from the partner.', 2),
('trade', 'flow', 'total', 'Total trade', 'Exports plus imports (trade turnover).', 3),
('trade', 'freq', 'A', 'Annual', 'Calendar year, e.g. 2024.', 1),
('trade', 'freq', 'Q', 'Quarterly', 'Calendar quarter, e.g. 2024-Q3.', 2),
('trade', 'freq', 'M', 'Monthly', 'Calendar month, e.g. 2024-07.', 3),
('trade', 'freq', 'YTD', 'Year to date', 'Cumulative from January, e.g. 2025-01..2025-04.', 4),
('trade', 'basis', 'USD', 'US dollar', 'Values in US dollars (the default).', 1),
('trade', 'basis', 'CNY', 'Chinese yuan', 'Values and changes computed by GACC on a yuan basis; kept apart from the dollar series.', 2);
