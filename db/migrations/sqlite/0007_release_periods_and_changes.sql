-- What the feeds say of each release (the periods it touched), kept with the release when it is written,
-- and the indexes that let /v1/changes find what changed after a release without reading everything.
ALTER TABLE releases ADD COLUMN first_period TEXT;
ALTER TABLE releases ADD COLUMN last_period TEXT;

UPDATE releases SET
    first_period = (SELECT period FROM (
        SELECT period, period_start, period_end FROM trade_observations WHERE release_id = releases.id OR superseded_in = releases.id
        UNION ALL SELECT period, period_start, period_end FROM brand_share_observations WHERE release_id = releases.id OR superseded_in = releases.id
        UNION ALL SELECT period, period_start, period_end FROM currency_share_observations WHERE release_id = releases.id OR superseded_in = releases.id)
        ORDER BY period_start, period_end LIMIT 1),
    last_period = (SELECT period FROM (
        SELECT period, period_start, period_end FROM trade_observations WHERE release_id = releases.id OR superseded_in = releases.id
        UNION ALL SELECT period, period_start, period_end FROM brand_share_observations WHERE release_id = releases.id OR superseded_in = releases.id
        UNION ALL SELECT period, period_start, period_end FROM currency_share_observations WHERE release_id = releases.id OR superseded_in = releases.id)
        ORDER BY period_end DESC, period_start DESC LIMIT 1);

CREATE INDEX trade_published_from ON trade_published(valid_from);
CREATE INDEX trade_published_to ON trade_published(valid_to) WHERE valid_to IS NOT NULL;
CREATE INDEX brand_published_from ON brand_share_published(valid_from);
CREATE INDEX brand_published_to ON brand_share_published(valid_to) WHERE valid_to IS NOT NULL;
CREATE INDEX currency_published_from ON currency_share_published(valid_from);
CREATE INDEX currency_published_to ON currency_share_published(valid_to) WHERE valid_to IS NOT NULL;
