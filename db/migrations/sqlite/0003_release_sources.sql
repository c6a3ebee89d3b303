-- The sources each release cites (what it added, revised or withdrew), for /v1/releases,
-- written with the release rather than searched for in the observation tables.
CREATE TABLE release_sources (
    release_id INTEGER NOT NULL REFERENCES releases(id),
    source_id  TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (release_id, source_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO release_sources (release_id, source_id)
SELECT release_id, source_id FROM trade_observations
UNION SELECT superseded_in, source_id FROM trade_observations WHERE superseded_in IS NOT NULL
UNION SELECT release_id, source_id FROM brand_share_observations
UNION SELECT superseded_in, source_id FROM brand_share_observations WHERE superseded_in IS NOT NULL
UNION SELECT release_id, source_id FROM currency_share_observations
UNION SELECT superseded_in, source_id FROM currency_share_observations WHERE superseded_in IS NOT NULL;
