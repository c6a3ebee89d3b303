-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.

CREATE TABLE release_sources (
    release_id BIGINT NOT NULL REFERENCES releases(id),
    source_id  TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (release_id, source_id)
);
-- (SQLite fills it from the observations of a database that predates it; a PostgreSQL database never does.)
