-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.

ALTER TABLE releases ADD COLUMN posted_by TEXT;
-- (SQLite counts the stats of a database made before 0004 filled them; a PostgreSQL database never was.)
