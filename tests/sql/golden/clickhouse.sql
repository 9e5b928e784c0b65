WITH
`__telcokit_0` AS (
  SELECT
    `id` AS `id`,
    (CASE WHEN isNaN(CAST(`dataMB` AS Nullable(Float64))) THEN NULL ELSE CAST(`dataMB` AS Nullable(Float64)) END) AS `dataMB`,
    `region` AS `region`,
    `plan` AS `plan`
  FROM `lake`.`crm`.`subscribers`
),
`__telcokit_1` AS (
  SELECT
    `id`,
    COALESCE(`dataMB`, 1.5e2) AS `dataMB`,
    (CASE WHEN `dataMB` IS NULL THEN 1e0 ELSE 0e0 END) AS `dataMB_missing`,
    `region`,
    `plan`
  FROM `__telcokit_0`
),
`__telcokit_2` AS (
  SELECT
    `id`,
    (CASE WHEN throwIf(ifNull(`dataMB` <= (-1e0), 0), 'toSql: step 2 (log1p): a value of column \'dataMB\' is <= -1 and has no log1p') != 0 THEN NULL ELSE log1p(`dataMB`) END) AS `dataMB_log1p`,
    `dataMB_missing`,
    `region`,
    `plan`
  FROM `__telcokit_1`
),
`__telcokit_3` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    (CASE WHEN COALESCE(`region`, '__missing__') = 'GD' THEN 1e0 ELSE 0e0 END) AS `region=GD`,
    (CASE WHEN COALESCE(`region`, '__missing__') = 'O\'Brien `x`' THEN 1e0 ELSE 0e0 END) AS `region=O'Brien \`x\``,
    (CASE WHEN COALESCE(`region`, '__missing__') = '__missing__' THEN 1e0 ELSE 0e0 END) AS `region=__missing__`,
    (CASE WHEN NOT (COALESCE(`region`, '__missing__') IN ('GD', 'O\'Brien `x`', '__missing__')) THEN 1e0 ELSE 0e0 END) AS `region=__unknown__`,
    `plan`
  FROM `__telcokit_2`
),
`__telcokit_4` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    (CASE WHEN throwIf(ifNull(NOT (COALESCE(`plan`, '__missing__') IN ('A', 'B', '__missing__')), 0), 'toSql: step 4 (ordinal): column \'plan\' holds a category not seen at fit (use handleUnknown: \'missing\')') != 0 THEN NULL ELSE (CASE COALESCE(`plan`, '__missing__') WHEN '__missing__' THEN NULL WHEN 'A' THEN 0e0 WHEN 'B' THEN 1e0 ELSE NULL END) END) AS `plan`
  FROM `__telcokit_3`
),
`__telcokit_5` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    (CASE WHEN isFinite(toFloat64((`dataMB_log1p` > 5e0))) THEN toFloat64((`dataMB_log1p` > 5e0)) END) AS `heavy`
  FROM `__telcokit_4`
),
`__telcokit_6` AS (
  SELECT
    `id`,
    ((`dataMB_log1p` - 4.75e0) / 6.25e-1) AS `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`
  FROM `__telcokit_5`
),
`__telcokit_7` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`,
    ((-5e-1) + 1.25e-1 * `dataMB_log1p` + (-2.5e-1) * `dataMB_missing` + 3.75e-1 * `region=GD` + (-5e-1) * `region=O'Brien \`x\`` + 6.25e-1 * `region=__missing__` + (-7.5e-1) * `region=__unknown__` + 8.75e-1 * `plan` + (-1e0) * `heavy`) AS `churnProbability__margin`
  FROM `__telcokit_6`
),
`__telcokit_8` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`,
    (CASE WHEN `churnProbability__margin` >= 0e0 THEN 1e0 / (1e0 + exp((- `churnProbability__margin`))) ELSE exp(`churnProbability__margin`) / (1e0 + exp(`churnProbability__margin`)) END) AS `churnProbability`
  FROM `__telcokit_7`
),
`__telcokit_9` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`,
    `churnProbability`,
    ((`dataMB_log1p` - (-2.5e-1)) * (`dataMB_log1p` - (-2.5e-1)) + (`dataMB_missing` - 7.5e-1) * (`dataMB_missing` - 7.5e-1) + (`region=GD` - 1.75e0) * (`region=GD` - 1.75e0) + (`region=O'Brien \`x\`` - (-2.5e-1)) * (`region=O'Brien \`x\`` - (-2.5e-1)) + (`region=__missing__` - 7.5e-1) * (`region=__missing__` - 7.5e-1) + (`region=__unknown__` - 1.75e0) * (`region=__unknown__` - 1.75e0) + (`plan` - (-2.5e-1)) * (`plan` - (-2.5e-1)) + (`heavy` - 7.5e-1) * (`heavy` - 7.5e-1)) AS `segment__d0`,
    ((`dataMB_log1p` - 1.75e0) * (`dataMB_log1p` - 1.75e0) + (`dataMB_missing` - (-2.5e-1)) * (`dataMB_missing` - (-2.5e-1)) + (`region=GD` - 7.5e-1) * (`region=GD` - 7.5e-1) + (`region=O'Brien \`x\`` - 1.75e0) * (`region=O'Brien \`x\`` - 1.75e0) + (`region=__missing__` - (-2.5e-1)) * (`region=__missing__` - (-2.5e-1)) + (`region=__unknown__` - 7.5e-1) * (`region=__unknown__` - 7.5e-1) + (`plan` - 1.75e0) * (`plan` - 1.75e0) + (`heavy` - (-2.5e-1)) * (`heavy` - (-2.5e-1))) AS `segment__d1`
  FROM `__telcokit_8`
),
`__telcokit_10` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`,
    `churnProbability`,
    (CASE WHEN `dataMB_log1p` IS NULL OR `dataMB_missing` IS NULL OR `region=GD` IS NULL OR `region=O'Brien \`x\`` IS NULL OR `region=__missing__` IS NULL OR `region=__unknown__` IS NULL OR `plan` IS NULL OR `heavy` IS NULL THEN NULL ELSE (indexOf([`segment__d0`, `segment__d1`], arrayMin([`segment__d0`, `segment__d1`])) - 1) END) AS `segment`
  FROM `__telcokit_9`
),
`__telcokit_11` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`,
    `churnProbability`,
    `segment`,
    COALESCE((CASE WHEN isNaN(CAST(`churnProbability` AS Nullable(Float64))) THEN NULL ELSE CAST(`churnProbability` AS Nullable(Float64)) END) >= 5e-1, FALSE) AS `risk`,
    (COALESCE((CASE WHEN isNaN(CAST(`heavy` AS Nullable(Float64))) THEN NULL ELSE CAST(`heavy` AS Nullable(Float64)) END) = 1e0, FALSE) OR COALESCE((CASE WHEN isNaN(CAST(`dataMB_log1p` AS Nullable(Float64))) THEN NULL ELSE CAST(`dataMB_log1p` AS Nullable(Float64)) END) > 5e-1, FALSE)) AS `heavy.user`
  FROM `__telcokit_10`
),
`__telcokit_12` AS (
  SELECT
    `id`,
    `dataMB_log1p`,
    `dataMB_missing`,
    `region=GD`,
    `region=O'Brien \`x\``,
    `region=__missing__`,
    `region=__unknown__`,
    `plan`,
    `heavy`,
    `churnProbability`,
    `segment`,
    `risk`,
    `heavy.user`,
    (`risk` AND (NOT `heavy.user`)) AS `target`
  FROM `__telcokit_11`
)
SELECT
  `id`,
  `dataMB_log1p`,
  `dataMB_missing`,
  `region=GD`,
  `region=O'Brien \`x\``,
  `region=__missing__`,
  `region=__unknown__`,
  `plan`,
  `heavy`,
  `churnProbability`,
  `segment`,
  `risk`,
  `heavy.user`,
  `target`
FROM `__telcokit_12`
