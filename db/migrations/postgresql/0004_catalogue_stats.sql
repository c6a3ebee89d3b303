-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.

CREATE TABLE dataset_stats (
    dataset_id   TEXT PRIMARY KEY REFERENCES datasets(id),
    observations BIGINT NOT NULL,
    first_period TEXT,
    last_period  TEXT
);

CREATE TABLE source_stats (
    source_id    TEXT NOT NULL REFERENCES sources(id),
    dataset_id   TEXT NOT NULL REFERENCES datasets(id),
    observations BIGINT NOT NULL,
    cited_bodies TEXT NOT NULL,
    PRIMARY KEY (source_id, dataset_id)
);
