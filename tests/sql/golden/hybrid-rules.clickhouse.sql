WITH
`__telcokit_offers` AS (
SELECT 'x' AS `offerId`, 0 AS `offerIndex`, 0 AS `category`
UNION ALL SELECT 'y' AS `offerId`, 1 AS `offerIndex`, 0 AS `category`
UNION ALL SELECT 'z\'; --' AS `offerId`, 2 AS `offerIndex`, 1 AS `category`
),
`__telcokit_popularity` AS (
SELECT (-1) AS `seg`, 0 AS `offerIndex`, 2e0 AS `raw`
UNION ALL SELECT (-1) AS `seg`, 1 AS `offerIndex`, 1e0 AS `raw`
UNION ALL SELECT (-1) AS `seg`, 2 AS `offerIndex`, 1e0 AS `raw`
UNION ALL SELECT (-1) AS `seg`, 3 AS `offerIndex`, 0e0 AS `raw`
),
`__telcokit_known` AS (
SELECT 'a' AS `subscriberId`, (-1) AS `popSegment`, 2 AS `nHistory`, 1 AS `__telcokit_isKnown`
UNION ALL SELECT 'b' AS `subscriberId`, (-1) AS `popSegment`, 1 AS `nHistory`, 1 AS `__telcokit_isKnown`
UNION ALL SELECT 'c' AS `subscriberId`, (-1) AS `popSegment`, 1 AS `nHistory`, 1 AS `__telcokit_isKnown`
),
`__telcokit_history` AS (
SELECT 'a' AS `subscriberId`, 0 AS `offerIndex`, 1e0 AS `strength`
UNION ALL SELECT 'a' AS `subscriberId`, 1 AS `offerIndex`, 1e0 AS `strength`
UNION ALL SELECT 'b' AS `subscriberId`, 0 AS `offerIndex`, 1e0 AS `strength`
UNION ALL SELECT 'c' AS `subscriberId`, 2 AS `offerIndex`, 3e-1 AS `strength`
),
`__telcokit_subs` AS (
SELECT DISTINCT `s`.`subscriberId` AS `subscriberId`, CASE WHEN COALESCE(`u`.`__telcokit_isKnown`, 0) = 1 THEN `u`.`popSegment` ELSE -1 END AS `seg`, CASE WHEN COALESCE(`u`.`__telcokit_isKnown`, 0) = 1 THEN `u`.`nHistory` ELSE 0 END AS `nh`
  FROM `crm`.`subscribers` AS `s`
  LEFT JOIN `__telcokit_known` AS `u` ON `u`.`subscriberId` = `s`.`subscriberId`
),
`__telcokit_neighbours` AS (
SELECT 0 AS `fromIndex`, 1 AS `toIndex`, 7.071067811865475e-1 AS `sim`
UNION ALL SELECT 1 AS `fromIndex`, 0 AS `toIndex`, 7.071067811865475e-1 AS `sim`
),
`__telcokit_knn` AS (
SELECT `h`.`subscriberId` AS `subscriberId`, `nb`.`toIndex` AS `offerIndex`, SUM(1 * `nb`.`sim`) AS `score`
  FROM `__telcokit_history` AS `h`
  JOIN `__telcokit_neighbours` AS `nb` ON `nb`.`fromIndex` = `h`.`offerIndex`
  GROUP BY `h`.`subscriberId`, `nb`.`toIndex`
),
`__telcokit_raw` AS (
SELECT `s`.`subscriberId` AS `subscriberId`, `s`.`nh` AS `nh`, `v`.`offerId` AS `offerId`, `v`.`offerIndex` AS `offerIndex`, `v`.`category` AS `category`,
    (COALESCE(`kn`.`score`, 0)) AS `r_itemKnn`,
    (`p`.`raw`) AS `r_popularity`
  FROM `__telcokit_subs` AS `s`
  CROSS JOIN `__telcokit_offers` AS `v`
  JOIN `__telcokit_popularity` AS `p` ON `p`.`seg` = `s`.`seg` AND `p`.`offerIndex` = `v`.`offerIndex`
  LEFT JOIN `__telcokit_knn` AS `kn` ON `kn`.`subscriberId` = `s`.`subscriberId` AND `kn`.`offerIndex` = `v`.`offerIndex`
  LEFT ANTI JOIN `__telcokit_history` AS `x0` ON `x0`.`subscriberId` = `s`.`subscriberId` AND `x0`.`offerIndex` = `v`.`offerIndex`
  LEFT ANTI JOIN `held` AS `x1` ON `x1`.`subscriberId` = `s`.`subscriberId` AND `x1`.`offerId` = `v`.`offerId`
  LEFT SEMI JOIN `crm`.`allowed` AS `x2` ON `x2`.`subscriberId` = `s`.`subscriberId` AND `x2`.`offerId` = `v`.`offerId`
),
`__telcokit_moments` AS (
SELECT *,
    AVG(`r_itemKnn`) OVER (PARTITION BY `subscriberId`) AS `m_itemKnn`, stddevPopStable(`r_itemKnn`) OVER (PARTITION BY `subscriberId`) AS `s_itemKnn`,
    AVG(`r_popularity`) OVER (PARTITION BY `subscriberId`) AS `m_popularity`, stddevPopStable(`r_popularity`) OVER (PARTITION BY `subscriberId`) AS `s_popularity`
  FROM `__telcokit_raw`
),
`__telcokit_blended` AS (
  SELECT `subscriberId`, `offerId`, `offerIndex`, `category`, CASE WHEN `nh` > 0 THEN ((0e0 + CASE WHEN `s_itemKnn` > 1e-12 * (ABS(`m_itemKnn`) + 1) THEN 1e0 * ((`r_itemKnn` - `m_itemKnn`) / `s_itemKnn`) ELSE 0 END) + CASE WHEN `s_popularity` > 1e-12 * (ABS(`m_popularity`) + 1) THEN 1e0 * ((`r_popularity` - `m_popularity`) / `s_popularity`) ELSE 0 END) ELSE (0e0 + CASE WHEN `s_popularity` > 1e-12 * (ABS(`m_popularity`) + 1) THEN 1e0 * ((`r_popularity` - `m_popularity`) / `s_popularity`) ELSE 0 END) END AS `score`
  FROM `__telcokit_moments`
),
`__telcokit_category_rank` AS (
  SELECT `subscriberId`, `offerId`, `offerIndex`, `category`, `score`,
    row_number() OVER (PARTITION BY `subscriberId`, `category` ORDER BY `score` DESC, `offerIndex`) AS `categoryRank`
  FROM `__telcokit_blended`
),
`__telcokit_scored` AS (
  SELECT `subscriberId`, `offerId`, `offerIndex`, `score`
  FROM `__telcokit_category_rank`
  WHERE `category` < 0 OR `categoryRank` <= 1
)
SELECT `subscriberId`, `rank`, `offerId`, `score` FROM (
  SELECT `subscriberId`, row_number() OVER (PARTITION BY `subscriberId` ORDER BY `score` DESC, `offerIndex`) AS `rank`, `offerId`, `score`, `offerIndex`
  FROM `__telcokit_scored`
  ORDER BY `subscriberId`, `score` DESC, `offerIndex`
  LIMIT 2 BY `subscriberId`
)
