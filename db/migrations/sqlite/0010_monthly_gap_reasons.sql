-- The monthly trade series (GACC, USD) miss most months between their first and last: SOURCES.md states the monthly
-- coverage it found. period '*': every missing period of that series at that frequency.
INSERT INTO coverage_gap_reasons (dataset_id, series, freq, period, reason) VALUES
('trade', 'CN/RU/total/USD', 'M', '*', 'SOURCES.md: "YTD: many cumulative periods 2009–2025; monthly values for 2024-06/07/08/12 and 2025-06/07": no figure for this month alone was found.'),
('trade', 'CN/RU/export/USD', 'M', '*', 'SOURCES.md: "YTD: many cumulative periods 2009–2025; monthly values for 2024-06/07/08/12 and 2025-06/07": no figure for this month alone was found.'),
('trade', 'CN/RU/import/USD', 'M', '*', 'SOURCES.md: "YTD: many cumulative periods 2009–2025; monthly values for 2024-06/07/08/12 and 2025-06/07": no figure for this month alone was found.');
