-- journey sql (clickhouse): the ordered funnel, 30-day window.
-- Save the result as CSV and read it with: journey report MAP --data RESULT.csv
WITH
ev AS (
  SELECT
    toString(src.`distinct_id`) AS u,
    COALESCE(toString(src.`persona`), '') AS seg,
    CASE
      WHEN lowerUTF8(toString(src.`event`)) IN ('search-referral', 'search or peer referral', 'first_visit') THEN 0
      WHEN lowerUTF8(toString(src.`event`)) IN ('analyst-report', 'analyst report mention', 'report_download') THEN 1
      WHEN lowerUTF8(toString(src.`event`)) IN ('webinar', 'automation webinar', 'webinar_attended') THEN 2
      WHEN lowerUTF8(toString(src.`event`)) IN ('pricing-page', 'pricing page', 'pricing_viewed') THEN 3
      WHEN lowerUTF8(toString(src.`event`)) IN ('demo-call', 'sales demo', 'demo_held') THEN 4
      WHEN lowerUTF8(toString(src.`event`)) IN ('free-trial', '30-day free trial', 'trial_started') THEN 5
      WHEN lowerUTF8(toString(src.`event`)) IN ('live-chat', 'live chat during trial', 'chat_started') THEN 6
      WHEN lowerUTF8(toString(src.`event`)) IN ('security-review', 'security review', 'security_review_completed') THEN 7
      WHEN lowerUTF8(toString(src.`event`)) IN ('procurement-portal', 'procurement portal', 'vendor_registered') THEN 8
      WHEN lowerUTF8(toString(src.`event`)) IN ('contract-signed', 'contract signed', 'contract_signed') THEN 9
      WHEN lowerUTF8(toString(src.`event`)) IN ('kickoff', 'onboarding kickoff', 'kickoff_held') THEN 10
      WHEN lowerUTF8(toString(src.`event`)) IN ('first-workflow', 'first workflow live', 'workflow_published') THEN 11
      WHEN lowerUTF8(toString(src.`event`)) IN ('quarterly-review', 'quarterly business review', 'qbr_held') THEN 12
      WHEN lowerUTF8(toString(src.`event`)) IN ('renewal', 'renewal and seat expansion', 'renewal_signed') THEN 13
    END AS k,
    toUnixTimestamp64Milli(toDateTime64(src.`timestamp`, 3, 'UTC')) AS t
  FROM `events` AS src
  WHERE lowerUTF8(toString(src.`event`)) IN ('search-referral', 'search or peer referral', 'first_visit', 'analyst-report', 'analyst report mention', 'report_download', 'webinar', 'automation webinar', 'webinar_attended', 'pricing-page', 'pricing page', 'pricing_viewed', 'demo-call', 'sales demo', 'demo_held', 'free-trial', '30-day free trial', 'trial_started', 'live-chat', 'live chat during trial', 'chat_started', 'security-review', 'security review', 'security_review_completed', 'procurement-portal', 'procurement portal', 'vendor_registered', 'contract-signed', 'contract signed', 'contract_signed', 'kickoff', 'onboarding kickoff', 'kickoff_held', 'first-workflow', 'first workflow live', 'workflow_published', 'quarterly-review', 'quarterly business review', 'qbr_held', 'renewal', 'renewal and seat expansion', 'renewal_signed')
    AND src.`distinct_id` IS NOT NULL AND src.`timestamp` IS NOT NULL
),
ue AS (
  SELECT u, MAX(seg) AS seg, groupArray((k, t)) AS evs
  FROM ev
  WHERE u <> ''
  GROUP BY u
),
f0 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 0, e.2, toInt64(4611686018427387904)), evs)) AS r0
  FROM ue
),
f1 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 1 AND e.2 >= r0 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r1
  FROM f0
),
f2 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 2 AND e.2 >= r0 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r2
  FROM f1
),
f3 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 3 AND e.2 >= LEAST(r1, r2) AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r3
  FROM f2
),
f4 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 4 AND e.2 >= r3 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r4
  FROM f3
),
f5 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 5 AND e.2 >= r3 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r5
  FROM f4
),
f6 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 6 AND e.2 >= r5 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r6
  FROM f5
),
f7 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 7 AND e.2 >= LEAST(r4, r6) AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r7
  FROM f6
),
f8 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 8 AND e.2 >= r7 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r8
  FROM f7
),
f9 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 9 AND e.2 >= r8 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r9
  FROM f8
),
f10 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 10 AND e.2 >= r9 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r10
  FROM f9
),
f11 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 11 AND e.2 >= r10 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r11
  FROM f10
),
f12 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 12 AND e.2 >= r11 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r12
  FROM f11
),
f13 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 13 AND e.2 >= r12 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r13
  FROM f12
),
af13 AS (
  SELECT g.g AS g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END AS seg,
    COUNT(CASE WHEN f.r0 < toInt64(4611686018427387904) THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < toInt64(4611686018427387904) THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < toInt64(4611686018427387904) THEN 1 END) AS n6,
    COUNT(CASE WHEN f.r7 < toInt64(4611686018427387904) THEN 1 END) AS n7,
    COUNT(CASE WHEN f.r8 < toInt64(4611686018427387904) THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r9 < toInt64(4611686018427387904) THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r10 < toInt64(4611686018427387904) THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r11 < toInt64(4611686018427387904) THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r12 < toInt64(4611686018427387904) THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r13 < toInt64(4611686018427387904) THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r1 < toInt64(4611686018427387904) AND f.r0 <= f.r1 THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) AND f.r0 <= f.r2 THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) AND f.r1 <= f.r3 AND NOT (f.r2 <= f.r3 AND f.r2 > f.r1) THEN 1 END) AS n16,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) AND f.r2 <= f.r3 AND NOT (f.r1 <= f.r3 AND f.r1 >= f.r2) THEN 1 END) AS n17,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) AND f.r3 <= f.r4 THEN 1 END) AS n18,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) AND f.r3 <= f.r5 THEN 1 END) AS n19,
    COUNT(CASE WHEN f.r6 < toInt64(4611686018427387904) AND f.r5 <= f.r6 THEN 1 END) AS n20,
    COUNT(CASE WHEN f.r7 < toInt64(4611686018427387904) AND f.r4 <= f.r7 AND NOT (f.r6 <= f.r7 AND f.r6 > f.r4) THEN 1 END) AS n21,
    COUNT(CASE WHEN f.r7 < toInt64(4611686018427387904) AND f.r6 <= f.r7 AND NOT (f.r4 <= f.r7 AND f.r4 >= f.r6) THEN 1 END) AS n22,
    COUNT(CASE WHEN f.r8 < toInt64(4611686018427387904) AND f.r7 <= f.r8 THEN 1 END) AS n23,
    COUNT(CASE WHEN f.r9 < toInt64(4611686018427387904) AND f.r8 <= f.r9 THEN 1 END) AS n24,
    COUNT(CASE WHEN f.r10 < toInt64(4611686018427387904) AND f.r9 <= f.r10 THEN 1 END) AS n25,
    COUNT(CASE WHEN f.r11 < toInt64(4611686018427387904) AND f.r10 <= f.r11 THEN 1 END) AS n26,
    COUNT(CASE WHEN f.r12 < toInt64(4611686018427387904) AND f.r11 <= f.r12 THEN 1 END) AS n27,
    COUNT(CASE WHEN f.r13 < toInt64(4611686018427387904) AND f.r12 <= f.r13 THEN 1 END) AS n28
  FROM f13 AS f
  CROSS JOIN values('g UInt8', (0), (1)) AS g
  GROUP BY g.g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END
),
p10 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 0, e.2, toInt64(4611686018427387904)), evs)) AS r0
  FROM ue
  WHERE seg = 'cio'
),
p11 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 1 AND e.2 >= r0 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r1
  FROM p10
),
p12 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 3 AND e.2 >= LEAST(r0, r1) AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r2
  FROM p11
),
p13 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 4 AND e.2 >= r2 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r3
  FROM p12
),
p14 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 7 AND e.2 >= LEAST(r2, r3) AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r4
  FROM p13
),
p15 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 8 AND e.2 >= r4 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r5
  FROM p14
),
p16 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 9 AND e.2 >= r5 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r6
  FROM p15
),
p17 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 12 AND e.2 >= r6 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r7
  FROM p16
),
p18 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 13 AND e.2 >= r7 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r8
  FROM p17
),
ap18 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < toInt64(4611686018427387904) THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < toInt64(4611686018427387904) THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < toInt64(4611686018427387904) THEN 1 END) AS n6,
    COUNT(CASE WHEN f.r7 < toInt64(4611686018427387904) THEN 1 END) AS n7,
    COUNT(CASE WHEN f.r8 < toInt64(4611686018427387904) THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r1 < toInt64(4611686018427387904) AND f.r0 <= f.r1 THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) AND f.r0 <= f.r2 AND NOT (f.r1 <= f.r2 AND f.r1 > f.r0) THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) AND f.r1 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r1) THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) AND f.r2 <= f.r3 THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) AND f.r2 <= f.r4 AND NOT (f.r3 <= f.r4 AND f.r3 > f.r2) THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) AND f.r3 <= f.r4 AND NOT (f.r2 <= f.r4 AND f.r2 >= f.r3) THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) AND f.r4 <= f.r5 THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r6 < toInt64(4611686018427387904) AND f.r5 <= f.r6 THEN 1 END) AS n16,
    COUNT(CASE WHEN f.r7 < toInt64(4611686018427387904) AND f.r6 <= f.r7 THEN 1 END) AS n17,
    COUNT(CASE WHEN f.r8 < toInt64(4611686018427387904) AND f.r7 <= f.r8 THEN 1 END) AS n18
  FROM p18 AS f
  GROUP BY f.seg
),
p30 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 0, e.2, toInt64(4611686018427387904)), evs)) AS r0
  FROM ue
  WHERE seg = 'end-user'
),
p31 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 2 AND e.2 >= r0 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r1
  FROM p30
),
p32 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 3 AND e.2 >= LEAST(r0, r1) AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r2
  FROM p31
),
p33 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 5 AND e.2 >= r2 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r3
  FROM p32
),
p34 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 6 AND e.2 >= r3 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r4
  FROM p33
),
p35 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 10 AND e.2 >= LEAST(r2, r4) AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r5
  FROM p34
),
p36 AS (
  SELECT *,
    arrayMin(arrayMap(e -> if(e.1 = 11 AND e.2 >= r5 AND e.2 <= r0 + 2592000000, e.2, toInt64(4611686018427387904)), evs)) AS r6
  FROM p35
),
ap36 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < toInt64(4611686018427387904) THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < toInt64(4611686018427387904) THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < toInt64(4611686018427387904) THEN 1 END) AS n6,
    COUNT(CASE WHEN f.r1 < toInt64(4611686018427387904) AND f.r0 <= f.r1 THEN 1 END) AS n7,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) AND f.r0 <= f.r2 AND NOT (f.r1 <= f.r2 AND f.r1 > f.r0) THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r2 < toInt64(4611686018427387904) AND f.r1 <= f.r2 AND NOT (f.r0 <= f.r2 AND f.r0 >= f.r1) THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r3 < toInt64(4611686018427387904) AND f.r2 <= f.r3 THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r4 < toInt64(4611686018427387904) AND f.r3 <= f.r4 THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) AND f.r2 <= f.r5 AND NOT (f.r4 <= f.r5 AND f.r4 > f.r2) THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r5 < toInt64(4611686018427387904) AND f.r4 <= f.r5 AND NOT (f.r2 <= f.r5 AND f.r2 >= f.r4) THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r6 < toInt64(4611686018427387904) AND f.r5 <= f.r6 THEN 1 END) AS n14
  FROM p36 AS f
  GROUP BY f.seg
)
SELECT touchpoint, from_touchpoint, persona, users
FROM (
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, CASE WHEN a.g = 0 THEN 'Total' ELSE a.seg END AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 WHEN 17 THEN a.n17 WHEN 18 THEN a.n18 WHEN 19 THEN a.n19 WHEN 20 THEN a.n20 WHEN 21 THEN a.n21 WHEN 22 THEN a.n22 WHEN 23 THEN a.n23 WHEN 24 THEN a.n24 WHEN 25 THEN a.n25 WHEN 26 THEN a.n26 WHEN 27 THEN a.n27 WHEN 28 THEN a.n28 ELSE 0 END AS users,
    a.g AS o, s.i AS i
  FROM af13 AS a
  CROSS JOIN values('i UInt32, touchpoint String, from_touchpoint String', (0, 'search-referral', ''), (1, 'analyst-report', ''), (2, 'webinar', ''), (3, 'pricing-page', ''), (4, 'demo-call', ''), (5, 'free-trial', ''), (6, 'live-chat', ''), (7, 'security-review', ''), (8, 'procurement-portal', ''), (9, 'contract-signed', ''), (10, 'kickoff', ''), (11, 'first-workflow', ''), (12, 'quarterly-review', ''), (13, 'renewal', ''), (14, 'analyst-report', 'search-referral'), (15, 'webinar', 'search-referral'), (16, 'pricing-page', 'analyst-report'), (17, 'pricing-page', 'webinar'), (18, 'demo-call', 'pricing-page'), (19, 'free-trial', 'pricing-page'), (20, 'live-chat', 'free-trial'), (21, 'security-review', 'demo-call'), (22, 'security-review', 'live-chat'), (23, 'procurement-portal', 'security-review'), (24, 'contract-signed', 'procurement-portal'), (25, 'kickoff', 'contract-signed'), (26, 'first-workflow', 'kickoff'), (27, 'quarterly-review', 'first-workflow'), (28, 'renewal', 'quarterly-review')) AS s
  WHERE a.g = 0 OR (a.seg <> '' AND a.seg NOT IN ('cio', 'end-user') AND (s.from_touchpoint = '' OR a.seg IN ('ops-manager')))
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 WHEN 17 THEN a.n17 WHEN 18 THEN a.n18 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap18 AS a
  CROSS JOIN values('i UInt32, touchpoint String, from_touchpoint String', (0, 'search-referral', ''), (1, 'analyst-report', ''), (2, 'pricing-page', ''), (3, 'demo-call', ''), (4, 'security-review', ''), (5, 'procurement-portal', ''), (6, 'contract-signed', ''), (7, 'quarterly-review', ''), (8, 'renewal', ''), (9, 'analyst-report', 'search-referral'), (10, 'pricing-page', 'search-referral'), (11, 'pricing-page', 'analyst-report'), (12, 'demo-call', 'pricing-page'), (13, 'security-review', 'pricing-page'), (14, 'security-review', 'demo-call'), (15, 'procurement-portal', 'security-review'), (16, 'contract-signed', 'procurement-portal'), (17, 'quarterly-review', 'contract-signed'), (18, 'renewal', 'quarterly-review')) AS s
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap36 AS a
  CROSS JOIN values('i UInt32, touchpoint String, from_touchpoint String', (0, 'search-referral', ''), (1, 'webinar', ''), (2, 'pricing-page', ''), (3, 'free-trial', ''), (4, 'live-chat', ''), (5, 'kickoff', ''), (6, 'first-workflow', ''), (7, 'webinar', 'search-referral'), (8, 'pricing-page', 'search-referral'), (9, 'pricing-page', 'webinar'), (10, 'free-trial', 'pricing-page'), (11, 'live-chat', 'free-trial'), (12, 'kickoff', 'pricing-page'), (13, 'kickoff', 'live-chat'), (14, 'first-workflow', 'kickoff')) AS s
) AS r
ORDER BY o, persona, i;
