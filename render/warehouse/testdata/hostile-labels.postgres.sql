-- journey sql (postgres): the ordered funnel, 30-day window.
-- Save the result as CSV and read it with: journey report MAP --data RESULT.csv
WITH
ev AS (
  SELECT
    CAST(src."user_id" AS TEXT) AS u,
    COALESCE(CAST(src."persona" AS TEXT), '') AS seg,
    CASE
      WHEN lower(CAST(src."event" AS TEXT)) IN ('quote', 'it''s "quoted"', 'it''s', 'say "hi"', 'back`tick') THEN 0
      WHEN lower(CAST(src."event" AS TEXT)) IN ('slash', 'c:\path\', '\d+', 'a\''b', 'tab	and
newline') THEN 1
      WHEN lower(CAST(src."event" AS TEXT)) IN ('unicode', 'ärger über ümläute — 東京 🚀', 'événement', 'naïve café') THEN 2
      WHEN lower(CAST(src."event" AS TEXT)) IN ('injection', 'x''); drop table events; --', '''; select 1; --', '/* comment */', '$$dollar$$', '\x27') THEN 3
    END AS k,
    CAST(floor(extract(epoch FROM src."timestamp") * 1000) AS BIGINT) AS t
  FROM "events" AS src
  WHERE lower(CAST(src."event" AS TEXT)) IN ('quote', 'it''s "quoted"', 'it''s', 'say "hi"', 'back`tick', 'slash', 'c:\path\', '\d+', 'a\''b', 'tab	and
newline', 'unicode', 'ärger über ümläute — 東京 🚀', 'événement', 'naïve café', 'injection', 'x''); drop table events; --', '''; select 1; --', '/* comment */', '$$dollar$$', '\x27')
    AND src."user_id" IS NOT NULL AND src."timestamp" IS NOT NULL
),
ue AS (
  SELECT u, MAX(seg) AS seg, array_agg(k) AS ks, array_agg(t) AS ts
  FROM ev
  WHERE u <> ''
  GROUP BY u
),
f0 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 0), 4611686018427387904) AS r0
  FROM ue
),
f1 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 1 AND x.t >= r0 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r1
  FROM f0
),
f2 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 2 AND x.t >= r1 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r2
  FROM f1
),
f3 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 3 AND x.t >= r2 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r3
  FROM f2
),
af3 AS (
  SELECT g.g AS g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r2 <= f.r3 THEN 1 END) AS n6
  FROM f3 AS f
  CROSS JOIN (VALUES (0), (1)) AS g(g)
  GROUP BY g.g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END
),
p10 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 0), 4611686018427387904) AS r0
  FROM ue
  WHERE seg = 'o-brien'
),
p11 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 2 AND x.t >= r0 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r1
  FROM p10
),
p12 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 3 AND x.t >= r1 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r2
  FROM p11
),
ap12 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 THEN 1 END) AS n4
  FROM p12 AS f
  GROUP BY f.seg
),
p20 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 0), 4611686018427387904) AS r0
  FROM ue
  WHERE seg = 'back-slash'
),
p21 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 1 AND x.t >= r0 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r1
  FROM p20
),
p22 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 3 AND x.t >= r1 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r2
  FROM p21
),
ap22 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 THEN 1 END) AS n4
  FROM p22 AS f
  GROUP BY f.seg
)
SELECT touchpoint, from_touchpoint, persona, users
FROM (
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, CASE WHEN a.g = 0 THEN 'Total' ELSE a.seg END AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 ELSE 0 END AS users,
    a.g AS o, s.i AS i
  FROM af3 AS a
  CROSS JOIN (VALUES (0, 'quote', ''), (1, 'slash', ''), (2, 'unicode', ''), (3, 'injection', ''), (4, 'slash', 'quote'), (5, 'unicode', 'slash'), (6, 'injection', 'unicode')) AS s(i, touchpoint, from_touchpoint)
  WHERE a.g = 0 OR (a.seg <> '' AND a.seg NOT IN ('o-brien', 'back-slash') AND s.from_touchpoint = '')
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap12 AS a
  CROSS JOIN (VALUES (0, 'quote', ''), (1, 'unicode', ''), (2, 'injection', ''), (3, 'unicode', 'quote'), (4, 'injection', 'unicode')) AS s(i, touchpoint, from_touchpoint)
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap22 AS a
  CROSS JOIN (VALUES (0, 'quote', ''), (1, 'slash', ''), (2, 'injection', ''), (3, 'slash', 'quote'), (4, 'injection', 'slash')) AS s(i, touchpoint, from_touchpoint)
) AS r
ORDER BY o, persona, i;
