-- A fourth dataset, declared in the test project only (CommodityTradeDataset): trade by commodity, for the test that
-- proves a new dataset needs a migration, a declaration and a seed file, and no other file. Its figures are synthetic,
-- made by the test; it is never part of the served database. (commodity-trade.postgresql.sql: the same for PostgreSQL.)
INSERT INTO datasets (id, title, description, unit, path, licence, sort) VALUES
    ('commodity-trade', 'Trade by commodity (synthetic test dataset)', 'Synthetic figures made by a test: exports and imports by HS chapter.',
     'USD', '/v1/commodity-trade', 'Synthetic test data; not a statistic.', 4);

INSERT INTO dimension_codes (dataset_id, dimension, code, label, description, sort) VALUES
    ('commodity-trade', 'reporter', 'CN', 'China', NULL, 1),
    ('commodity-trade', 'partner', 'RU', 'Russia', NULL, 1),
    ('commodity-trade', 'flow', 'export', 'Exports', NULL, 1),
    ('commodity-trade', 'flow', 'import', 'Imports', NULL, 2),
    ('commodity-trade', 'commodity', '27', 'Mineral fuels and oils (HS 27)', NULL, 1),
    ('commodity-trade', 'commodity', '87', 'Vehicles (HS 87)', NULL, 2),
    ('commodity-trade', 'freq', 'A', 'Annual', NULL, 1),
    ('commodity-trade', 'freq', 'M', 'Monthly', NULL, 2);

CREATE TABLE commodity_trade_observations (
    id            INTEGER PRIMARY KEY,
    reporter      TEXT NOT NULL,
    partner       TEXT NOT NULL,
    flow          TEXT NOT NULL,
    commodity     TEXT NOT NULL,
    freq          TEXT NOT NULL,
    period        TEXT NOT NULL,
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL,
    value         REAL NOT NULL,
    cited_body    TEXT NOT NULL,
    confidence    TEXT NOT NULL,
    note          TEXT,
    source_id     TEXT NOT NULL REFERENCES sources(id),
    release_id    INTEGER NOT NULL REFERENCES releases(id),
    superseded_in INTEGER REFERENCES releases(id)
);
CREATE UNIQUE INDEX commodity_current_vintage
    ON commodity_trade_observations(reporter, partner, flow, commodity, period, source_id) WHERE superseded_in IS NULL;

CREATE TABLE commodity_trade_published (
    valid_from     INTEGER NOT NULL,
    valid_to       INTEGER,
    observation_id INTEGER NOT NULL,
    reporter       TEXT NOT NULL,
    partner        TEXT NOT NULL,
    flow           TEXT NOT NULL,
    commodity      TEXT NOT NULL,
    freq           TEXT NOT NULL,
    period         TEXT NOT NULL,
    period_start   INTEGER NOT NULL,
    period_end     INTEGER NOT NULL,
    value          REAL NOT NULL,
    cited_body     TEXT NOT NULL,
    confidence     TEXT NOT NULL,
    preferred      INTEGER NOT NULL,
    versions       INTEGER NOT NULL,
    version_rank   INTEGER NOT NULL,
    source_id      TEXT NOT NULL,
    release_id     INTEGER NOT NULL,
    note           TEXT
);
CREATE INDEX commodity_published_listing ON commodity_trade_published(period_start, period_end, freq, reporter, partner, flow, commodity, version_rank);
CREATE INDEX commodity_published_unit ON commodity_trade_published(reporter, partner, flow, commodity, valid_to);
