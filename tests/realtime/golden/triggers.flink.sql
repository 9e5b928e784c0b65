CREATE TABLE `telco_events` (
  `subscriber_id` STRING,
  `event_type` STRING,
  `event_time` TIMESTAMP(3),
  `latitude` DOUBLE,
  `longitude` DOUBLE,
  `data_mb` DOUBLE,
  `voice_minutes` DOUBLE,
  `sms` DOUBLE,
  `balance` DOUBLE,
  `quota_remaining_mb` DOUBLE,
  `tag` STRING,
  `tag_on` BOOLEAN,
  WATERMARK FOR `event_time` AS `event_time` - INTERVAL '30.001' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'telco-events',
  'properties.bootstrap.servers' = 'localhost:9092',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE `trigger_actions` (
  `action_id` STRING,
  `rule_id` STRING,
  `rule_kind` STRING,
  `subscriber_id` STRING,
  `event_time` TIMESTAMP(3),
  `channel` STRING,
  `offer` STRING,
  `campaign_id` STRING,
  `period` BIGINT,
  `value` DOUBLE,
  `baseline` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'trigger-actions',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json'
);

CREATE TABLE `do_not_disturb` (
  `subscriber_id` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'do_not_disturb.csv',
  'format' = 'csv'
);

CREATE TEMPORARY VIEW `telcokit_trigger_0` AS
SELECT 'mall-lunch' AS `rule_id`, 'geoFenceEntry' AS `rule_kind`, `subscriber_id`, `match_time` AS `trigger_time`, 'push' AS `channel`, 'lunch-10' AS `offer`, 'lunch' AS `campaign_id`, CAST(TIMESTAMPDIFF(DAY, TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPADD(MINUTE, 480, `match_time`)) AS BIGINT) AS `period`, CAST(NULL AS DOUBLE) AS `value`, CAST(NULL AS DOUBLE) AS `baseline`
FROM (
  SELECT `subscriber_id`, `event_time`, `latitude`, `longitude` FROM `telco_events` WHERE `event_type` = 'location' AND `latitude` IS NOT NULL AND `longitude` IS NOT NULL
) MATCH_RECOGNIZE (
  PARTITION BY `subscriber_id`
  ORDER BY `event_time`
  MEASURES MATCH_ROWTIME() AS `match_time`, B.`latitude` AS `latitude`, B.`longitude` AS `longitude`
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST B
  PATTERN (A B)
  DEFINE
    A AS NOT (POWER(SIN(RADIANS(A.`latitude` - 31.2304) / 2), 2) + 0.8550892849557644 * COS(RADIANS(A.`latitude`)) * POWER(SIN(RADIANS(A.`longitude` - 121.4737) / 2), 2) <= CAST('6.159189948458819e-9' AS DOUBLE)),
    B AS POWER(SIN(RADIANS(B.`latitude` - 31.2304) / 2), 2) + 0.8550892849557644 * COS(RADIANS(B.`latitude`)) * POWER(SIN(RADIANS(B.`longitude` - 121.4737) / 2), 2) <= CAST('6.159189948458819e-9' AS DOUBLE)
      AND (HOUR(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) * 60 + MINUTE(TIMESTAMPADD(MINUTE, 480, B.`event_time`))) >= 690 AND (HOUR(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) * 60 + MINUTE(TIMESTAMPADD(MINUTE, 480, B.`event_time`))) < 810
      AND DAYOFWEEK(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) IN (2, 3, 4, 5, 6)
) AS m;

CREATE TEMPORARY VIEW `telcokit_trigger_1` AS
SELECT 'night-out' AS `rule_id`, 'geoFenceEntry' AS `rule_kind`, `subscriber_id`, `match_time` AS `trigger_time`, 'sms' AS `channel`, CAST(NULL AS STRING) AS `offer`, CAST(NULL AS STRING) AS `campaign_id`, CAST(TIMESTAMPDIFF(HOUR, TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPADD(MINUTE, 480, `match_time`)) AS BIGINT) AS `period`, CAST(NULL AS DOUBLE) AS `value`, CAST(NULL AS DOUBLE) AS `baseline`
FROM (
  SELECT `subscriber_id`, `event_time`, `latitude`, `longitude` FROM `telco_events` WHERE `event_type` = 'location' AND `latitude` IS NOT NULL AND `longitude` IS NOT NULL
) MATCH_RECOGNIZE (
  PARTITION BY `subscriber_id`
  ORDER BY `event_time`
  MEASURES MATCH_ROWTIME() AS `match_time`, B.`latitude` AS `latitude`, B.`longitude` AS `longitude`
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST B
  PATTERN (A B)
  DEFINE
    A AS NOT (POWER(SIN(RADIANS(A.`latitude` - 31.24) / 2), 2) + 0.8550024006656965 * COS(RADIANS(A.`latitude`)) * POWER(SIN(RADIANS(A.`longitude` - 121.49) / 2), 2) <= CAST('1.539797489485681e-9' AS DOUBLE)),
    B AS POWER(SIN(RADIANS(B.`latitude` - 31.24) / 2), 2) + 0.8550024006656965 * COS(RADIANS(B.`latitude`)) * POWER(SIN(RADIANS(B.`longitude` - 121.49) / 2), 2) <= CAST('1.539797489485681e-9' AS DOUBLE)
      AND ((HOUR(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) * 60 + MINUTE(TIMESTAMPADD(MINUTE, 480, B.`event_time`))) >= 1320 OR (HOUR(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) * 60 + MINUTE(TIMESTAMPADD(MINUTE, 480, B.`event_time`))) < 120)
      AND CASE WHEN (HOUR(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) * 60 + MINUTE(TIMESTAMPADD(MINUTE, 480, B.`event_time`))) < 120 THEN DAYOFWEEK(TIMESTAMPADD(DAY, -1, TIMESTAMPADD(MINUTE, 480, B.`event_time`))) ELSE DAYOFWEEK(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) END IN (6, 7)
) AS m;

CREATE TEMPORARY VIEW `telcokit_trigger_2` AS
SELECT 'data-recall' AS `rule_id`, 'usageDrop' AS `rule_kind`, `subscriber_id`, `window_time` AS `trigger_time`, 'call' AS `channel`, 'recall-5gb' AS `offer`, CAST(NULL AS STRING) AS `campaign_id`, CAST(TIMESTAMPDIFF(DAY, TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPADD(MINUTE, 480, `window_time`)) AS BIGINT) AS `period`, `total` AS `value`, `baseline` AS `baseline`
FROM (
  SELECT `subscriber_id`, `window_time`, `total`, (`running_sum` - `total`) / NULLIF(`running_count` - 1, 0) AS `baseline`, `running_count` - 1 AS `n`
  FROM (
    SELECT `subscriber_id`, `window_time`, `total`,
      SUM(`total`) OVER (PARTITION BY `subscriber_id` ORDER BY `window_time` ROWS BETWEEN 7 PRECEDING AND CURRENT ROW) AS `running_sum`,
      COUNT(`total`) OVER (PARTITION BY `subscriber_id` ORDER BY `window_time` ROWS BETWEEN 7 PRECEDING AND CURRENT ROW) AS `running_count`
    FROM (
      SELECT `subscriber_id`, `window_start`, `window_end`, `window_time`, SUM(`data_mb`) AS `total`
      FROM TABLE(TUMBLE(TABLE `telco_events`, DESCRIPTOR(`event_time`), INTERVAL '1' DAY))
      WHERE `event_type` = 'usage' AND `data_mb` IS NOT NULL
      GROUP BY `subscriber_id`, `window_start`, `window_end`, `window_time`
    )
  )
)
WHERE `n` >= 3 AND `baseline` > 0 AND `total` < 0.4 * `baseline`;

CREATE TEMPORARY VIEW `telcokit_trigger_3` AS
SELECT 'voice-dip' AS `rule_id`, 'usageDrop' AS `rule_kind`, `subscriber_id`, `window_time` AS `trigger_time`, 'push' AS `channel`, CAST(NULL AS STRING) AS `offer`, CAST(NULL AS STRING) AS `campaign_id`, CAST(0 AS BIGINT) AS `period`, `total` AS `value`, `baseline` AS `baseline`
FROM (
  SELECT `subscriber_id`, `window_time`, `total`, (`running_sum` - `total`) / NULLIF(`running_count` - 1, 0) AS `baseline`, `running_count` - 1 AS `n`
  FROM (
    SELECT `subscriber_id`, `window_time`, `total`,
      SUM(`total`) OVER (PARTITION BY `subscriber_id` ORDER BY `window_time` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS `running_sum`,
      COUNT(`total`) OVER (PARTITION BY `subscriber_id` ORDER BY `window_time` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS `running_count`
    FROM (
      SELECT `subscriber_id`, `window_start`, `window_end`, `window_time`, SUM(`voice_minutes`) AS `total`
      FROM TABLE(HOP(TABLE `telco_events`, DESCRIPTOR(`event_time`), INTERVAL '1' HOUR, INTERVAL '3' HOUR))
      WHERE `event_type` = 'usage' AND `voice_minutes` IS NOT NULL
      GROUP BY `subscriber_id`, `window_start`, `window_end`, `window_time`
    )
  )
)
WHERE `n` >= 4 AND `baseline` > 0 AND `total` < 0.5 * `baseline`;

CREATE TEMPORARY VIEW `telcokit_trigger_4` AS
SELECT 'low-balance' AS `rule_id`, 'balanceBelow' AS `rule_kind`, `subscriber_id`, `event_time` AS `trigger_time`, 'sms' AS `channel`, 'top-up' AS `offer`, CAST(NULL AS STRING) AS `campaign_id`, CAST(TIMESTAMPDIFF(DAY, TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPADD(MINUTE, 480, `event_time`)) AS BIGINT) AS `period`, `balance` AS `value`, CAST(NULL AS DOUBLE) AS `baseline`
FROM `telco_events`
WHERE `event_type` = 'balance' AND `balance` < 5;

CREATE TEMPORARY VIEW `telcokit_trigger_5` AS
SELECT 'quota' AS `rule_id`, 'balanceBelow' AS `rule_kind`, `subscriber_id`, `event_time` AS `trigger_time`, 'push' AS `channel`, CAST(NULL AS STRING) AS `offer`, CAST(NULL AS STRING) AS `campaign_id`, CAST(TIMESTAMPDIFF(DAY, TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPADD(MINUTE, 480, `event_time`)) AS BIGINT) AS `period`, `quota_remaining_mb` AS `value`, CAST(NULL AS DOUBLE) AS `baseline`
FROM `telco_events`
WHERE `event_type` = 'balance' AND `quota_remaining_mb` < 0.000001;

CREATE TEMPORARY VIEW `telcokit_trigger_6` AS
SELECT 'traveller' AS `rule_id`, 'tagOn' AS `rule_kind`, `subscriber_id`, `match_time` AS `trigger_time`, 'push' AS `channel`, 'roaming-pack' AS `offer`, CAST(NULL AS STRING) AS `campaign_id`, CAST(TIMESTAMPDIFF(DAY, TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPADD(MINUTE, 480, `match_time`)) AS BIGINT) AS `period`, CAST(NULL AS DOUBLE) AS `value`, CAST(NULL AS DOUBLE) AS `baseline`
FROM (
  SELECT `subscriber_id`, `event_time`, `tag_on` FROM `telco_events` WHERE `event_type` = 'tag' AND `tag` = 'travel_enthusiast' AND `tag_on` IS NOT NULL
) MATCH_RECOGNIZE (
  PARTITION BY `subscriber_id`
  ORDER BY `event_time`
  MEASURES MATCH_ROWTIME() AS `match_time`
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST B
  PATTERN (A B)
  DEFINE
    A AS A.`tag_on` = FALSE,
    B AS B.`tag_on` = TRUE
) AS m;

CREATE TEMPORARY VIEW `telcokit_trigger_all` AS
SELECT * FROM `telcokit_trigger_0`
UNION ALL
SELECT * FROM `telcokit_trigger_1`
UNION ALL
SELECT * FROM `telcokit_trigger_2`
UNION ALL
SELECT * FROM `telcokit_trigger_3`
UNION ALL
SELECT * FROM `telcokit_trigger_4`
UNION ALL
SELECT * FROM `telcokit_trigger_5`
UNION ALL
SELECT * FROM `telcokit_trigger_6`;

INSERT INTO `trigger_actions`
SELECT CONCAT(`rule_id`, '|', CAST(`period` AS STRING), '|', `subscriber_id`) AS `action_id`, `rule_id`, `rule_kind`, `subscriber_id`, `trigger_time` AS `event_time`, `channel`, `offer`, `campaign_id`, `period`, `value`, `baseline`
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY `subscriber_id`, `rule_id`, `period` ORDER BY `trigger_time` ASC) AS `rn`
  FROM `telcokit_trigger_all`
)
WHERE `rn` = 1
  AND `subscriber_id` NOT IN (SELECT `subscriber_id` FROM `do_not_disturb`);
