-- Every figure as its source gave it (issue 8).
-- * Trade and brand figures carry the source's qualifier (about, above, below, at-most; NULL = exactly), as
--   currency shares already do.
-- * A computed year-on-year change names the base record's source and release, is computed wherever a base
--   exists (yoy_computed_pct, beside a published change too), and yoy_check flags a computed change that differs
--   from a change published for the same key and period by more than 1 percentage point.
-- * The preferred-version rule changed (statements never outrank statistics; exact before approximate; more
--   precise before rounded), so every published table is derived again at start-up.
-- * A statement whose speaker named no period has the period "as of publication" (freq U, e.g. ..2024-01).
-- * Coverage lists the periods missing from each series, with the reason SOURCES.md gives where it gives one.

ALTER TABLE trade_observations ADD COLUMN qualifier TEXT;
ALTER TABLE trade_published ADD COLUMN qualifier TEXT;
ALTER TABLE trade_published ADD COLUMN yoy_computed_pct REAL;
ALTER TABLE trade_published ADD COLUMN yoy_base_source_id TEXT;
ALTER TABLE trade_published ADD COLUMN yoy_base_release INTEGER;
ALTER TABLE trade_published ADD COLUMN yoy_check TEXT;

ALTER TABLE brand_share_observations ADD COLUMN qualifier TEXT;
ALTER TABLE brand_share_published ADD COLUMN qualifier TEXT;

-- Derive every release again under the new rule.
DELETE FROM trade_published;
DELETE FROM brand_share_published;
DELETE FROM brand_origin_published;
DELETE FROM currency_share_published;
DELETE FROM published_through;

INSERT OR IGNORE INTO dimension_codes (dataset_id, dimension, code, label, description, sort) VALUES
('currency-shares', 'freq', 'U', 'As of publication',
 'A statement whose speaker named no reference period ("the latest data"): written ..2024-01, the month it was published. It never joins a statistic''s series.', 5),
('brand-shares', 'freq', 'YTD', 'Year to date', 'Cumulative from January, e.g. 2025-01..2025-05.', 4);

-- Why a period is missing from a series, where ../shared/data/SOURCES.md says. series: the series' codes joined
-- by '/' (as /v1/datasets/{id}/gaps lists them), or '*' for every series of the dataset with that frequency.
CREATE TABLE coverage_gap_reasons (
    dataset_id TEXT NOT NULL REFERENCES datasets(id),
    series     TEXT NOT NULL,
    freq       TEXT NOT NULL,
    period     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    PRIMARY KEY (dataset_id, series, freq, period)
) WITHOUT ROWID;

INSERT INTO coverage_gap_reasons (dataset_id, series, freq, period, reason) VALUES
('trade', 'CN/RU/total/USD', 'A', '2012', 'SOURCES.md: annual totals found for 2008–2011 and 2013–2025; the 2012 value was not found.'),
('trade', 'CN/RU/export/USD', 'A', '2011', 'SOURCES.md: 2011 only as a rounded total; no export/import split found.'),
('trade', 'CN/RU/import/USD', 'A', '2011', 'SOURCES.md: 2011 only as a rounded total; no export/import split found.'),
('trade', 'CN/RU/export/USD', 'A', '2012', 'SOURCES.md: no 2012 figure found.'),
('trade', 'CN/RU/import/USD', 'A', '2012', 'SOURCES.md: no 2012 figure found.'),
('trade', 'CN/RU/export/USD', 'A', '2013', 'SOURCES.md: 2013–2014 totals only; no export/import split found.'),
('trade', 'CN/RU/import/USD', 'A', '2013', 'SOURCES.md: 2013–2014 totals only; no export/import split found.'),
('trade', 'CN/RU/export/USD', 'A', '2014', 'SOURCES.md: 2013–2014 totals only; no export/import split found.'),
('trade', 'CN/RU/import/USD', 'A', '2014', 'SOURCES.md: 2013–2014 totals only; no export/import split found.'),
('trade', 'CN/RU/export/USD', 'A', '2015', 'SOURCES.md: the only 2015 split is DISPUTED ($64.2bn total cannot be reconciled with 2014 or 2016), so none is preferred.'),
('trade', 'CN/RU/import/USD', 'A', '2015', 'SOURCES.md: the only 2015 split is DISPUTED ($64.2bn total cannot be reconciled with 2014 or 2016), so none is preferred.'),
('trade', 'CN/RU/export/USD', 'A', '2021', 'SOURCES.md: export/import split missing for 2021.'),
('trade', 'CN/RU/import/USD', 'A', '2021', 'SOURCES.md: export/import split missing for 2021.'),
('trade', 'CN/RU/import/USD', 'A', '2025', 'SOURCES.md: 2025 annual export/import changes are yuan-basis (Reuters); USD split for 2025 not found.'),
('trade', 'CN/RU/export/USD', 'A', '2025', 'SOURCES.md: 2025 annual export/import changes are yuan-basis (Reuters); USD split for 2025 not found.'),
('brand-shares', '*', 'A', '2024', 'SOURCES.md: brand-level 2024 units and shares from Autostat or AEB were not found (2024 totals only).'),
('currency-shares', '*', 'M', '2024-03', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-04', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-05', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-06', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-07', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-08', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-09', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-10', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-11', 'SOURCES.md: most of 2024 (March–December) not found.'),
('currency-shares', '*', 'M', '2024-12', 'SOURCES.md: most of 2024 (March–December) not found.');
