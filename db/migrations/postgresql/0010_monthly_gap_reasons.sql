-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.

INSERT INTO coverage_gap_reasons (dataset_id, series, freq, period, reason) VALUES
('trade', 'CN/RU/total/USD', 'M', '*', 'SOURCES.md: "YTD: many cumulative periods 2009–2025; monthly values for 2024-06/07/08/12 and 2025-06/07": no figure for this month alone was found.'),
('trade', 'CN/RU/export/USD', 'M', '*', 'SOURCES.md: "YTD: many cumulative periods 2009–2025; monthly values for 2024-06/07/08/12 and 2025-06/07": no figure for this month alone was found.'),
('trade', 'CN/RU/import/USD', 'M', '*', 'SOURCES.md: "YTD: many cumulative periods 2009–2025; monthly values for 2024-06/07/08/12 and 2025-06/07": no figure for this month alone was found.');
