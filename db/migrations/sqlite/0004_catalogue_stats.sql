-- What the catalogue shows about each dataset and source (coverage, counts, cited bodies), kept
-- current by every release in its own transaction instead of being counted again on each request.
CREATE TABLE dataset_stats (
    dataset_id   TEXT PRIMARY KEY REFERENCES datasets(id),
    observations INTEGER NOT NULL,
    first_period TEXT,
    last_period  TEXT
);

CREATE TABLE source_stats (
    source_id    TEXT NOT NULL REFERENCES sources(id),
    dataset_id   TEXT NOT NULL REFERENCES datasets(id),
    observations INTEGER NOT NULL,
    cited_bodies TEXT NOT NULL,          -- the distinct bodies cited, separated by char(31)
    PRIMARY KEY (source_id, dataset_id)
) WITHOUT ROWID;
