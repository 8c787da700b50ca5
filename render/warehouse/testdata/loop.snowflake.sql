-- journey sql (snowflake): the ordered funnel, 30-day window.
-- Save the result as CSV and read it with: journey report MAP --data RESULT.csv
WITH
ev AS (
  SELECT
    CAST(src."DOMAIN_USERID" AS VARCHAR) AS u,
    COALESCE(CAST(src."PERSONA" AS VARCHAR), '') AS seg,
    CASE
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('start', 'open') THEN 0
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('login', 'log in') THEN 1
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('form', 'form_view') THEN 2
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('quick', 'quick apply') THEN 3
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('review') THEN 4
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('retry') THEN 5
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('done', 'purchase') THEN 6
      WHEN LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('survey') THEN 7
    END AS k,
    DATE_PART(EPOCH_MILLISECOND, src."DERIVED_TSTAMP") AS t
  FROM "ATOMIC"."EVENTS" AS src
  WHERE LOWER(CAST(src."EVENT_NAME" AS VARCHAR)) IN ('start', 'open', 'login', 'log in', 'form', 'form_view', 'quick', 'quick apply', 'review', 'retry', 'done', 'purchase', 'survey')
    AND src."DOMAIN_USERID" IS NOT NULL AND src."DERIVED_TSTAMP" IS NOT NULL
),
ue AS (
  SELECT u, MAX(seg) AS seg, ARRAY_AGG(OBJECT_CONSTRUCT('k', k, 't', t)) AS evs
  FROM ev
  WHERE u <> ''
  GROUP BY u
),
f0 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 0), e -> e:t::INT))::INT, 4611686018427387904) AS r0
  FROM ue
),
f1 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 1 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM f0
),
f2 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, r1) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM f1
),
f3 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 3 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM f2
),
f4 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r2, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM f3
),
f5 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 5 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM f4
),
f6 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r6
  FROM f5
),
f7 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r6 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r7
  FROM f6
),
f8 AS (
  SELECT u, seg, evs, r0, r2, r3, r4, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 1 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM f7
),
f9 AS (
  SELECT u, seg, evs, r0, r1, r3, r4, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, LEAST(r1, r5)) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM f8
),
f10 AS (
  SELECT u, seg, evs, r0, r1, r2, r4, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 3 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM f9
),
f11 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r2, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM f10
),
f12 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 5 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM f11
),
f13 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r5, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r6
  FROM f12
),
f14 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r6 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r7
  FROM f13
),
f15 AS (
  SELECT u, seg, evs, r0, r2, r3, r4, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 1 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM f14
),
f16 AS (
  SELECT u, seg, evs, r0, r1, r3, r4, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, LEAST(r1, r5)) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM f15
),
f17 AS (
  SELECT u, seg, evs, r0, r1, r2, r4, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 3 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM f16
),
f18 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r5, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r2, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM f17
),
f19 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r6, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 5 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM f18
),
f20 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r5, r7,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r6
  FROM f19
),
f21 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r6 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r7
  FROM f20
),
af21 AS (
  SELECT g.g AS g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 THEN 1 END) AS n6,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 THEN 1 END) AS n7,
    0 AS n8,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r0 <= f.r2 AND NOT (f.r1 <= f.r2 AND f.r1 > f.r0) AND NOT (f.r5 <= f.r2 AND f.r5 > f.r0) THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r1) AND NOT (f.r5 <= f.r2 AND f.r5 > f.r1) THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r5 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r5) AND NOT (f.r1 <= f.r2 AND f.r1 >= f.r5) THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r0 <= f.r3 THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r2 <= f.r4 AND NOT (f.r3 <= f.r4 AND f.r3 > f.r2) THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r3 <= f.r4 AND NOT (f.r2 <= f.r4 AND f.r2 >= f.r3) THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 AND f.r4 <= f.r5 THEN 1 END) AS n16,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 AND f.r4 <= f.r6 THEN 1 END) AS n17,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 AND f.r6 <= f.r7 THEN 1 END) AS n18
  FROM f21 AS f
  CROSS JOIN (VALUES (0), (1)) AS g(g)
  GROUP BY g.g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END
),
p10 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 0), e -> e:t::INT))::INT, 4611686018427387904) AS r0
  FROM ue
  WHERE seg = 'new'
),
p11 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM p10
),
p12 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r0, r1) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM p11
),
p13 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 5 AND e:t::INT >= r2 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM p12
),
p14 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r2 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM p13
),
p15 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM p14
),
p16 AS (
  SELECT u, seg, evs, r0, r2, r3, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM p15
),
p17 AS (
  SELECT u, seg, evs, r0, r1, r3, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r0, r1) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM p16
),
p18 AS (
  SELECT u, seg, evs, r0, r1, r2, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 5 AND e:t::INT >= r2 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM p17
),
p19 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r2 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM p18
),
p110 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM p19
),
p111 AS (
  SELECT u, seg, evs, r0, r2, r3, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM p110
),
p112 AS (
  SELECT u, seg, evs, r0, r1, r3, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r0, r1) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM p111
),
p113 AS (
  SELECT u, seg, evs, r0, r1, r2, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 5 AND e:t::INT >= r2 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM p112
),
p114 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r2 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM p113
),
p115 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM p114
),
ap115 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 THEN 1 END) AS n5,
    0 AS n6,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 AND NOT (f.r3 <= f.r1 AND f.r3 > f.r0) THEN 1 END) AS n7,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r3 <= f.r1 AND NOT (f.r0 <= f.r1 AND f.r0 >= f.r3) THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r0 <= f.r2 AND NOT (f.r1 <= f.r2 AND f.r1 > f.r0) THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r1) THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r2 <= f.r3 THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r2 <= f.r4 THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 AND f.r4 <= f.r5 THEN 1 END) AS n13
  FROM p115 AS f
  GROUP BY f.seg
),
p20 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 0), e -> e:t::INT))::INT, 4611686018427387904) AS r0
  FROM ue
  WHERE seg = 'returning'
),
p21 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 1 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM p20
),
p22 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, r1) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM p21
),
p23 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 3 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM p22
),
p24 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r2, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM p23
),
p25 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM p24
),
p26 AS (
  SELECT *,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r5 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r6
  FROM p25
),
p27 AS (
  SELECT u, seg, evs, r0, r2, r3, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 1 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM p26
),
p28 AS (
  SELECT u, seg, evs, r0, r1, r3, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, LEAST(r1, r4)) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM p27
),
p29 AS (
  SELECT u, seg, evs, r0, r1, r2, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 3 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM p28
),
p210 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r2, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM p29
),
p211 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM p210
),
p212 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r5 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r6
  FROM p211
),
p213 AS (
  SELECT u, seg, evs, r0, r2, r3, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 1 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r1
  FROM p212
),
p214 AS (
  SELECT u, seg, evs, r0, r1, r3, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 2 AND e:t::INT >= LEAST(r0, LEAST(r1, r4)) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r2
  FROM p213
),
p215 AS (
  SELECT u, seg, evs, r0, r1, r2, r4, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 3 AND e:t::INT >= r0 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r3
  FROM p214
),
p216 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r5, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 4 AND e:t::INT >= LEAST(r2, r3) AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r4
  FROM p215
),
p217 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r6,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 6 AND e:t::INT >= r4 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r5
  FROM p216
),
p218 AS (
  SELECT u, seg, evs, r0, r1, r2, r3, r4, r5,
    COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> e:k::INT = 7 AND e:t::INT >= r5 AND e:t::INT <= r0 + 2592000000), e -> e:t::INT))::INT, 4611686018427387904) AS r6
  FROM p217
),
ap218 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 THEN 1 END) AS n6,
    0 AS n7,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r0 <= f.r2 AND NOT (f.r1 <= f.r2 AND f.r1 > f.r0) AND NOT (f.r4 <= f.r2 AND f.r4 > f.r0) THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r1) AND NOT (f.r4 <= f.r2 AND f.r4 > f.r1) THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r4 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r4) AND NOT (f.r1 <= f.r2 AND f.r1 >= f.r4) THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r0 <= f.r3 THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r2 <= f.r4 AND NOT (f.r3 <= f.r4 AND f.r3 > f.r2) THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r3 <= f.r4 AND NOT (f.r2 <= f.r4 AND f.r2 >= f.r3) THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 AND f.r4 <= f.r5 THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 AND f.r5 <= f.r6 THEN 1 END) AS n16
  FROM p218 AS f
  GROUP BY f.seg
)
SELECT touchpoint, from_touchpoint, persona, users
FROM (
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, CASE WHEN a.g = 0 THEN 'Total' ELSE a.seg END AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 WHEN 17 THEN a.n17 WHEN 18 THEN a.n18 ELSE 0 END AS users,
    a.g AS o, s.i AS i
  FROM af21 AS a
  CROSS JOIN (VALUES (0, 'start', ''), (1, 'login', ''), (2, 'form', ''), (3, 'quick', ''), (4, 'review', ''), (5, 'retry', ''), (6, 'done', ''), (7, 'survey', ''), (8, 'start', 'done'), (9, 'login', 'start'), (10, 'form', 'start'), (11, 'form', 'login'), (12, 'form', 'retry'), (13, 'quick', 'start'), (14, 'review', 'form'), (15, 'review', 'quick'), (16, 'retry', 'review'), (17, 'done', 'review'), (18, 'survey', 'done')) AS s(i, touchpoint, from_touchpoint)
  WHERE a.g = 0 OR (a.seg <> '' AND a.seg NOT IN ('new', 'returning') AND s.from_touchpoint = '')
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap115 AS a
  CROSS JOIN (VALUES (0, 'start', ''), (1, 'form', ''), (2, 'review', ''), (3, 'retry', ''), (4, 'done', ''), (5, 'survey', ''), (6, 'start', 'done'), (7, 'form', 'start'), (8, 'form', 'retry'), (9, 'review', 'start'), (10, 'review', 'form'), (11, 'retry', 'review'), (12, 'done', 'review'), (13, 'survey', 'done')) AS s(i, touchpoint, from_touchpoint)
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap218 AS a
  CROSS JOIN (VALUES (0, 'start', ''), (1, 'login', ''), (2, 'form', ''), (3, 'quick', ''), (4, 'review', ''), (5, 'done', ''), (6, 'survey', ''), (7, 'start', 'done'), (8, 'login', 'start'), (9, 'form', 'start'), (10, 'form', 'login'), (11, 'form', 'review'), (12, 'quick', 'start'), (13, 'review', 'form'), (14, 'review', 'quick'), (15, 'done', 'review'), (16, 'survey', 'done')) AS s(i, touchpoint, from_touchpoint)
) AS r
ORDER BY o, persona, i;
