-- journey sql (duckdb): the ordered funnel, 30-day window.
-- Save the result as CSV and read it with: journey report MAP --data RESULT.csv
WITH
ev AS (
  SELECT
    CAST(src."user_id" AS VARCHAR) AS u,
    COALESCE(CAST(src."persona" AS VARCHAR), '') AS seg,
    CASE
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('video-ad', 'online video ad', 'video_ad_click') THEN 0
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('savings-calculator', 'savings calculator', 'calculator_completed') THEN 1
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('owner-references', 'references from owners', 'owner_story_view') THEN 2
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('test-drive', 'test drive booking', 'test_drive_booked') THEN 3
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('lease-quote', 'personal lease quote', 'quote_created') THEN 4
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('credit-check', 'credit check', 'credit_check_passed') THEN 5
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('contract', 'digital lease contract', 'contract_signed') THEN 6
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('delivery-updates', 'delivery updates', 'delivery_update_opened') THEN 7
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('charger-install', 'home charger installation', 'charger_installed') THEN 8
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('handover', 'car handover', 'car_handed_over') THEN 9
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('efficiency-report', 'monthly efficiency report', 'efficiency_report_opened') THEN 10
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('referral', 'refer a friend', 'referral_sent') THEN 11
      WHEN lower(CAST(src."event" AS VARCHAR)) IN ('lease-renewal', 'lease renewal offer', 'renewal_accepted') THEN 12
    END AS k,
    epoch_ms(src."timestamp") AS t
  FROM "events" AS src
  WHERE lower(CAST(src."event" AS VARCHAR)) IN ('video-ad', 'online video ad', 'video_ad_click', 'savings-calculator', 'savings calculator', 'calculator_completed', 'owner-references', 'references from owners', 'owner_story_view', 'test-drive', 'test drive booking', 'test_drive_booked', 'lease-quote', 'personal lease quote', 'quote_created', 'credit-check', 'credit check', 'credit_check_passed', 'contract', 'digital lease contract', 'contract_signed', 'delivery-updates', 'delivery updates', 'delivery_update_opened', 'charger-install', 'home charger installation', 'charger_installed', 'handover', 'car handover', 'car_handed_over', 'efficiency-report', 'monthly efficiency report', 'efficiency_report_opened', 'referral', 'refer a friend', 'referral_sent', 'lease-renewal', 'lease renewal offer', 'renewal_accepted')
    AND src."user_id" IS NOT NULL AND src."timestamp" IS NOT NULL
),
ue AS (
  SELECT u, MAX(seg) AS seg, list({'k': k, 't': t}) AS evs
  FROM ev
  WHERE u <> ''
  GROUP BY u
),
f0 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 0]), 4611686018427387904) AS r0
  FROM ue
),
f1 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 1 AND e.t >= r0 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r1
  FROM f0
),
f2 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 2 AND e.t >= r1 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r2
  FROM f1
),
f3 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 3 AND e.t >= r2 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r3
  FROM f2
),
f4 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 4 AND e.t >= r3 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r4
  FROM f3
),
f5 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 5 AND e.t >= r4 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r5
  FROM f4
),
f6 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 6 AND e.t >= r5 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r6
  FROM f5
),
f7 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 7 AND e.t >= r6 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r7
  FROM f6
),
f8 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 8 AND e.t >= r7 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r8
  FROM f7
),
f9 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 9 AND e.t >= r8 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r9
  FROM f8
),
f10 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 10 AND e.t >= r9 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r10
  FROM f9
),
f11 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 11 AND e.t >= r10 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r11
  FROM f10
),
f12 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 12 AND e.t >= r11 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r12
  FROM f11
),
af12 AS (
  SELECT g.g AS g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 THEN 1 END) AS n6,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 THEN 1 END) AS n7,
    COUNT(CASE WHEN f.r8 < 4611686018427387904 THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r9 < 4611686018427387904 THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r10 < 4611686018427387904 THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r11 < 4611686018427387904 THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r12 < 4611686018427387904 THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r2 <= f.r3 THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r3 <= f.r4 THEN 1 END) AS n16,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 AND f.r4 <= f.r5 THEN 1 END) AS n17,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 AND f.r5 <= f.r6 THEN 1 END) AS n18,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 AND f.r6 <= f.r7 THEN 1 END) AS n19,
    COUNT(CASE WHEN f.r8 < 4611686018427387904 AND f.r7 <= f.r8 THEN 1 END) AS n20,
    COUNT(CASE WHEN f.r9 < 4611686018427387904 AND f.r8 <= f.r9 THEN 1 END) AS n21,
    COUNT(CASE WHEN f.r10 < 4611686018427387904 AND f.r9 <= f.r10 THEN 1 END) AS n22,
    COUNT(CASE WHEN f.r11 < 4611686018427387904 AND f.r10 <= f.r11 THEN 1 END) AS n23,
    COUNT(CASE WHEN f.r12 < 4611686018427387904 AND f.r11 <= f.r12 THEN 1 END) AS n24
  FROM f12 AS f
  CROSS JOIN (VALUES (0), (1)) AS g(g)
  GROUP BY g.g, CASE WHEN g.g = 0 THEN '' ELSE f.seg END
),
p20 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 0]), 4611686018427387904) AS r0
  FROM ue
  WHERE seg = 'family'
),
p21 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 1 AND e.t >= r0 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r1
  FROM p20
),
p22 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 2 AND e.t >= r1 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r2
  FROM p21
),
p23 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 3 AND e.t >= r2 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r3
  FROM p22
),
p24 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 4 AND e.t >= r3 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r4
  FROM p23
),
p25 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 5 AND e.t >= r4 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r5
  FROM p24
),
p26 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 6 AND e.t >= r5 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r6
  FROM p25
),
p27 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 7 AND e.t >= r6 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r7
  FROM p26
),
p28 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 8 AND e.t >= r7 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r8
  FROM p27
),
p29 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 9 AND e.t >= r8 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r9
  FROM p28
),
p210 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 11 AND e.t >= r9 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r10
  FROM p29
),
p211 AS (
  SELECT *,
    coalesce(list_min([e.t FOR e IN evs IF e.k = 12 AND e.t >= r10 AND e.t <= r0 + 2592000000]), 4611686018427387904) AS r11
  FROM p210
),
ap211 AS (
  SELECT 1 AS g, f.seg AS seg,
    COUNT(CASE WHEN f.r0 < 4611686018427387904 THEN 1 END) AS n0,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 THEN 1 END) AS n1,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 THEN 1 END) AS n2,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 THEN 1 END) AS n3,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 THEN 1 END) AS n4,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 THEN 1 END) AS n5,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 THEN 1 END) AS n6,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 THEN 1 END) AS n7,
    COUNT(CASE WHEN f.r8 < 4611686018427387904 THEN 1 END) AS n8,
    COUNT(CASE WHEN f.r9 < 4611686018427387904 THEN 1 END) AS n9,
    COUNT(CASE WHEN f.r10 < 4611686018427387904 THEN 1 END) AS n10,
    COUNT(CASE WHEN f.r11 < 4611686018427387904 THEN 1 END) AS n11,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n12,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r1 <= f.r2 THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r2 <= f.r3 THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r3 <= f.r4 THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 AND f.r4 <= f.r5 THEN 1 END) AS n16,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 AND f.r5 <= f.r6 THEN 1 END) AS n17,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 AND f.r6 <= f.r7 THEN 1 END) AS n18,
    COUNT(CASE WHEN f.r8 < 4611686018427387904 AND f.r7 <= f.r8 THEN 1 END) AS n19,
    COUNT(CASE WHEN f.r9 < 4611686018427387904 AND f.r8 <= f.r9 THEN 1 END) AS n20,
    COUNT(CASE WHEN f.r10 < 4611686018427387904 AND f.r9 <= f.r10 THEN 1 END) AS n21,
    COUNT(CASE WHEN f.r11 < 4611686018427387904 AND f.r10 <= f.r11 THEN 1 END) AS n22
  FROM p211 AS f
  GROUP BY f.seg
)
SELECT touchpoint, from_touchpoint, persona, users
FROM (
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, CASE WHEN a.g = 0 THEN 'Total' ELSE a.seg END AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 WHEN 17 THEN a.n17 WHEN 18 THEN a.n18 WHEN 19 THEN a.n19 WHEN 20 THEN a.n20 WHEN 21 THEN a.n21 WHEN 22 THEN a.n22 WHEN 23 THEN a.n23 WHEN 24 THEN a.n24 ELSE 0 END AS users,
    a.g AS o, s.i AS i
  FROM af12 AS a
  CROSS JOIN (VALUES (0, 'video-ad', ''), (1, 'savings-calculator', ''), (2, 'owner-references', ''), (3, 'test-drive', ''), (4, 'lease-quote', ''), (5, 'credit-check', ''), (6, 'contract', ''), (7, 'delivery-updates', ''), (8, 'charger-install', ''), (9, 'handover', ''), (10, 'efficiency-report', ''), (11, 'referral', ''), (12, 'lease-renewal', ''), (13, 'savings-calculator', 'video-ad'), (14, 'owner-references', 'savings-calculator'), (15, 'test-drive', 'owner-references'), (16, 'lease-quote', 'test-drive'), (17, 'credit-check', 'lease-quote'), (18, 'contract', 'credit-check'), (19, 'delivery-updates', 'contract'), (20, 'charger-install', 'delivery-updates'), (21, 'handover', 'charger-install'), (22, 'efficiency-report', 'handover'), (23, 'referral', 'efficiency-report'), (24, 'lease-renewal', 'referral')) AS s(i, touchpoint, from_touchpoint)
  WHERE a.g = 0 OR (a.seg <> '' AND a.seg NOT IN ('family') AND (s.from_touchpoint = '' OR a.seg IN ('commuter')))
  UNION ALL
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, a.seg AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 WHEN 17 THEN a.n17 WHEN 18 THEN a.n18 WHEN 19 THEN a.n19 WHEN 20 THEN a.n20 WHEN 21 THEN a.n21 WHEN 22 THEN a.n22 ELSE 0 END AS users,
    1 AS o, s.i AS i
  FROM ap211 AS a
  CROSS JOIN (VALUES (0, 'video-ad', ''), (1, 'savings-calculator', ''), (2, 'owner-references', ''), (3, 'test-drive', ''), (4, 'lease-quote', ''), (5, 'credit-check', ''), (6, 'contract', ''), (7, 'delivery-updates', ''), (8, 'charger-install', ''), (9, 'handover', ''), (10, 'referral', ''), (11, 'lease-renewal', ''), (12, 'savings-calculator', 'video-ad'), (13, 'owner-references', 'savings-calculator'), (14, 'test-drive', 'owner-references'), (15, 'lease-quote', 'test-drive'), (16, 'credit-check', 'lease-quote'), (17, 'contract', 'credit-check'), (18, 'delivery-updates', 'contract'), (19, 'charger-install', 'delivery-updates'), (20, 'handover', 'charger-install'), (21, 'referral', 'handover'), (22, 'lease-renewal', 'referral')) AS s(i, touchpoint, from_touchpoint)
) AS r
ORDER BY o, persona, i;
