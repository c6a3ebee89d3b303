-- Looking up what a release wrote (release_id) and what it superseded (superseded_in), for /v1/releases.
CREATE INDEX trade_release ON trade_observations(release_id);
CREATE INDEX trade_superseded ON trade_observations(superseded_in) WHERE superseded_in IS NOT NULL;
CREATE INDEX brand_release ON brand_share_observations(release_id);
CREATE INDEX brand_superseded ON brand_share_observations(superseded_in) WHERE superseded_in IS NOT NULL;
CREATE INDEX currency_release ON currency_share_observations(release_id);
CREATE INDEX currency_superseded ON currency_share_observations(superseded_in) WHERE superseded_in IS NOT NULL;
