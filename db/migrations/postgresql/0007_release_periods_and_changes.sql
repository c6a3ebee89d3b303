-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.

ALTER TABLE releases ADD COLUMN first_period TEXT;
ALTER TABLE releases ADD COLUMN last_period TEXT;

CREATE INDEX trade_published_from ON trade_published(valid_from);
CREATE INDEX trade_published_to ON trade_published(valid_to) WHERE valid_to IS NOT NULL;
CREATE INDEX brand_published_from ON brand_share_published(valid_from);
CREATE INDEX brand_published_to ON brand_share_published(valid_to) WHERE valid_to IS NOT NULL;
CREATE INDEX currency_published_from ON currency_share_published(valid_from);
CREATE INDEX currency_published_to ON currency_share_published(valid_to) WHERE valid_to IS NOT NULL;
