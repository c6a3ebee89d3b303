-- Each release records the name of the API key that posted it (never the key), for the service's operators.
ALTER TABLE releases ADD COLUMN posted_by TEXT;

-- 0004 created dataset_stats and source_stats without filling them: a database made before it reported 0
-- observations until each dataset's next release. Count them now from what is current.
DELETE FROM dataset_stats;
INSERT INTO dataset_stats (dataset_id, observations, first_period, last_period)
SELECT 'trade', COUNT(*),
       (SELECT period FROM trade_observations WHERE superseded_in IS NULL ORDER BY period_start, period_end LIMIT 1),
       (SELECT period FROM trade_observations WHERE superseded_in IS NULL ORDER BY period_end DESC, period_start DESC LIMIT 1)
FROM trade_observations WHERE superseded_in IS NULL AND EXISTS (SELECT 1 FROM releases WHERE dataset_id = 'trade')
UNION ALL
SELECT 'brand-shares', COUNT(*),
       (SELECT period FROM brand_share_observations WHERE superseded_in IS NULL ORDER BY period_start, period_end LIMIT 1),
       (SELECT period FROM brand_share_observations WHERE superseded_in IS NULL ORDER BY period_end DESC, period_start DESC LIMIT 1)
FROM brand_share_observations WHERE superseded_in IS NULL AND EXISTS (SELECT 1 FROM releases WHERE dataset_id = 'brand-shares')
UNION ALL
SELECT 'currency-shares', COUNT(*),
       (SELECT period FROM currency_share_observations WHERE superseded_in IS NULL ORDER BY period_start, period_end LIMIT 1),
       (SELECT period FROM currency_share_observations WHERE superseded_in IS NULL ORDER BY period_end DESC, period_start DESC LIMIT 1)
FROM currency_share_observations WHERE superseded_in IS NULL AND EXISTS (SELECT 1 FROM releases WHERE dataset_id = 'currency-shares');

DELETE FROM source_stats;
INSERT INTO source_stats (source_id, dataset_id, observations, cited_bodies)
SELECT source_id, dataset_id, SUM(n), group_concat(cited_body, char(31)) FROM (
    SELECT source_id, 'trade' AS dataset_id, cited_body, COUNT(*) AS n FROM trade_observations WHERE superseded_in IS NULL GROUP BY source_id, cited_body
    UNION ALL
    SELECT source_id, 'brand-shares', cited_body, COUNT(*) FROM brand_share_observations WHERE superseded_in IS NULL GROUP BY source_id, cited_body
    UNION ALL
    SELECT source_id, 'currency-shares', cited_body, COUNT(*) FROM currency_share_observations WHERE superseded_in IS NULL GROUP BY source_id, cited_body)
GROUP BY source_id, dataset_id;
