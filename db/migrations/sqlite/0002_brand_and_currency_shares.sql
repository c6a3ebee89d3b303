-- Brand market share (cars sold in Russia by brand) and currency settlement share.
-- Same vintage scheme as trade_observations: release_id / superseded_in.

CREATE TABLE brand_share_observations (
    id              INTEGER PRIMARY KEY,
    market          TEXT NOT NULL,
    segment         TEXT NOT NULL,
    freq            TEXT NOT NULL,
    period          TEXT NOT NULL,
    period_start    INTEGER NOT NULL,
    period_end      INTEGER NOT NULL,
    brand           TEXT NOT NULL,          -- 'ALL' = all brands (of `origin`, or the whole market when origin is NULL)
    origin          TEXT,                   -- brand owner's country as the source states it (ISO alpha-2)
    platform_origin TEXT,                   -- country of the platform the brand is built on, where it differs and is documented
    units           INTEGER,
    share_pct       REAL,                   -- as published; NULL = not published (the API may compute it from units)
    rank            INTEGER,
    top_ten         INTEGER,                -- 1 = in the period's top ten (rank stated or not); NULL = not stated
    yoy_pct         REAL,
    cited_body      TEXT NOT NULL,
    confidence      TEXT NOT NULL CHECK (confidence IN ('reported', 'weak', 'disputed')),
    note            TEXT,
    source_id       TEXT NOT NULL REFERENCES sources(id),
    release_id      INTEGER NOT NULL REFERENCES releases(id),
    superseded_in   INTEGER REFERENCES releases(id),
    CHECK (units IS NOT NULL OR share_pct IS NOT NULL OR yoy_pct IS NOT NULL)
);
CREATE UNIQUE INDEX brand_current_vintage
    ON brand_share_observations(market, segment, period, brand, COALESCE(origin, ''), source_id) WHERE superseded_in IS NULL;
CREATE INDEX brand_series ON brand_share_observations(market, segment, period_start, period_end);
-- The vintage writer matches on (..., origin IS origin), which the COALESCE index above cannot serve.
CREATE INDEX brand_key ON brand_share_observations(market, segment, period, brand, source_id);

CREATE TABLE currency_share_observations (
    id            INTEGER PRIMARY KEY,
    country       TEXT NOT NULL,
    counterpart   TEXT NOT NULL,            -- WLD all partners, ASIA the Bank of Russia's Asia region, or a country
    direction     TEXT NOT NULL CHECK (direction IN ('exports', 'imports', 'all')),
    freq          TEXT NOT NULL,
    period        TEXT NOT NULL,
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    share_pct     REAL,
    qualifier     TEXT CHECK (qualifier IN ('above', 'below', 'at-most', 'about')),
    kind          TEXT NOT NULL CHECK (kind IN ('statistic', 'statement')),
    stated_by     TEXT,
    stated_as     TEXT,                     -- the words of a statement ("two thirds", "more than 80%")
    cited_body    TEXT NOT NULL,
    confidence    TEXT NOT NULL CHECK (confidence IN ('reported', 'weak', 'disputed')),
    note          TEXT,
    source_id     TEXT NOT NULL REFERENCES sources(id),
    release_id    INTEGER NOT NULL REFERENCES releases(id),
    superseded_in INTEGER REFERENCES releases(id),
    CHECK (share_pct IS NOT NULL OR stated_as IS NOT NULL)
);
CREATE UNIQUE INDEX currency_current_vintage
    ON currency_share_observations(country, counterpart, direction, period, currency, source_id) WHERE superseded_in IS NULL;
CREATE INDEX currency_series ON currency_share_observations(country, counterpart, direction, period_start);

INSERT INTO datasets (id, title, description, unit, path, licence, sort) VALUES
('brand-shares', 'New passenger cars sold in Russia, by brand',
 'Units sold and share of Russia''s new passenger-car market by brand (Autostat, with AEB cross-checks), with each brand''s country of origin as the source states it (the brand owner''s country) and, where documented, the country of the platform it is built on (Tenet: Chery; Belgee: Geely). Brand ALL is an aggregate: the whole market (no origin) or all brands of one origin. Shares are as published, or computed from units and the market total and labelled so.',
 'units', '/v1/brand-shares',
 'The figures are facts published by the bodies and outlets named in each source; cite them as given. The compilation (codes, structure, origin classification) is offered under CC BY 4.0; cite as "TradeApi, release N".',
 2),
('currency-shares', 'Currencies settling Russia''s trade',
 'Share of each currency in the settlement of Russia''s exports and imports, with all partners (Bank of Russia statistics, as reported by the press) and with China (statements by officials, with who said it and the qualifier: about, above, below, at most). Statistics and statements are kept apart by `kind`.',
 'percent', '/v1/currency-shares',
 'The figures are facts published by the bodies and outlets named in each source; cite them as given. The compilation (codes, structure) is offered under CC BY 4.0; cite as "TradeApi, release N".',
 3);

INSERT INTO dimension_codes (dataset_id, dimension, code, label, description, sort) VALUES
('brand-shares', 'market', 'RU', 'Russia', NULL, 1),
('brand-shares', 'segment', 'new-cars', 'New passenger cars', 'New passenger cars sold to customers (Autostat''s passenger-car market).', 1),
('brand-shares', 'freq', 'A', 'Annual', 'Calendar year, e.g. 2023.', 1),
('brand-shares', 'freq', 'H', 'Half-year', 'e.g. 2024-H1.', 2),
('brand-shares', 'freq', 'M', 'Monthly', 'e.g. 2025-05.', 3),
('brand-shares', 'origin', 'BY', 'Belarus', NULL, 1),
('brand-shares', 'origin', 'CN', 'China', NULL, 2),
('brand-shares', 'origin', 'DE', 'Germany', NULL, 3),
('brand-shares', 'origin', 'FR', 'France', NULL, 4),
('brand-shares', 'origin', 'JP', 'Japan', NULL, 5),
('brand-shares', 'origin', 'KR', 'South Korea', NULL, 6),
('brand-shares', 'origin', 'RU', 'Russia', NULL, 7),
('brand-shares', 'origin', 'US', 'United States', NULL, 8),
('brand-shares', 'originBasis', 'owner', 'Brand owner', 'The brand owner''s country, as the source states it (the default).', 1),
('brand-shares', 'originBasis', 'platform', 'Platform', 'The country of the platform the brand is built on where documented (Tenet and Belgee: China), else the owner''s.', 2),
('currency-shares', 'country', 'RU', 'Russia', NULL, 1),
('currency-shares', 'counterpart', 'WLD', 'All partners', 'Russia''s trade with the whole world.', 1),
('currency-shares', 'counterpart', 'ASIA', 'Asia (Bank of Russia region)', 'The Bank of Russia''s regional grouping; it publishes by region, not by country.', 2),
('currency-shares', 'counterpart', 'CN', 'China', 'Bilateral Russia–China settlements; only statements by officials are available.', 3),
('currency-shares', 'direction', 'exports', 'Exports', 'Settlement of Russia''s exports (receipts).', 1),
('currency-shares', 'direction', 'imports', 'Imports', 'Settlement of Russia''s imports (payments).', 2),
('currency-shares', 'direction', 'all', 'All settlements', 'Exports and imports together (statements).', 3),
('currency-shares', 'freq', 'A', 'Annual', NULL, 1),
('currency-shares', 'freq', 'Q', 'Quarterly', NULL, 2),
('currency-shares', 'freq', 'M', 'Monthly', 'The month the share refers to.', 3),
('currency-shares', 'freq', 'YTD', 'Year to date', 'Cumulative from January.', 4),
('currency-shares', 'currency', 'RUB', 'Russian ruble', NULL, 1),
('currency-shares', 'currency', 'CNY', 'Chinese yuan', NULL, 2),
('currency-shares', 'currency', 'USD', 'US dollar', NULL, 3),
('currency-shares', 'currency', 'EUR', 'Euro', NULL, 4),
('currency-shares', 'currency', 'USD_EUR', 'Dollar, euro and other "toxic" currencies', 'The Bank of Russia''s group of currencies of unfriendly countries (US dollar, euro and others), reported as "toxic" or "unfriendly".', 5),
('currency-shares', 'currency', 'FRIENDLY', 'Friendly currencies', 'Currencies of countries the Bank of Russia counts as friendly (yuan and others), without the ruble.', 6),
('currency-shares', 'currency', 'OTH', 'Other friendly currencies', 'Friendly currencies other than the yuan.', 7),
('currency-shares', 'currency', 'RUB_FRIENDLY', 'Ruble and friendly currencies', 'Ruble plus friendly currencies (Ministry of Economic Development).', 8),
('currency-shares', 'currency', 'RUB_CNY', 'Ruble and yuan', 'National currencies in Russia–China settlements, as officials state them.', 9),
('currency-shares', 'kind', 'statistic', 'Statistic', 'A published statistical series (Bank of Russia, ministries).', 1),
('currency-shares', 'kind', 'statement', 'Statement', 'A statement by an official: who said it, when, and the qualifier. Not a statistic.', 2);
