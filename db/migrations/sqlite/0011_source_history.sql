-- Sources are metadata, not figures: a release may correct one (a URL found later, a publisher spelt out) with a
-- row whose action is `source`, and may say which source replaced it. Every description a source has had is kept
-- with the release that gave it, so /v1/sources/{id} shows its history; `sources` holds the current one.
ALTER TABLE sources ADD COLUMN replaced_by TEXT REFERENCES sources(id);

CREATE TABLE source_revisions (
    source_id   TEXT NOT NULL REFERENCES sources(id),
    release_id  INTEGER NOT NULL REFERENCES releases(id),
    publisher   TEXT NOT NULL,
    title       TEXT,
    url         TEXT,
    published   TEXT,
    kind        TEXT NOT NULL,
    replaced_by TEXT,
    PRIMARY KEY (source_id, release_id)
) WITHOUT ROWID;

-- Until now a source was described once, by the release that brought it.
INSERT INTO source_revisions (source_id, release_id, publisher, title, url, published, kind, replaced_by)
SELECT id, first_release, publisher, title, url, published, kind, NULL FROM sources;
