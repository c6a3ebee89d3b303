-- PostgreSQL: the same change as the SQLite migration of this number, in PostgreSQL's SQL: BIGINT and
-- DOUBLE PRECISION for SQLite's INTEGER and REAL, identity columns for its rowids.

ALTER TABLE sources ADD COLUMN replaced_by TEXT REFERENCES sources(id);

CREATE TABLE source_revisions (
    source_id   TEXT NOT NULL REFERENCES sources(id),
    release_id  BIGINT NOT NULL REFERENCES releases(id),
    publisher   TEXT NOT NULL,
    title       TEXT,
    url         TEXT,
    published   TEXT,
    kind        TEXT NOT NULL,
    replaced_by TEXT,
    PRIMARY KEY (source_id, release_id)
);
