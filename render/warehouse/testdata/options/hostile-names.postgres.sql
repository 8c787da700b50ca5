-- journey sql (postgres): the ordered funnel, 30-day window.
-- Save the result as CSV and read it with: journey report MAP --data RESULT.csv
WITH
ev AS (
  SELECT
    CAST(src."user_id" AS TEXT) AS u,
    CASE
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('search-referral', 'search or peer referral', 'first_visit') THEN 0
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('analyst-report', 'analyst report mention', 'report_download') THEN 1
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('webinar', 'automation webinar', 'webinar_attended') THEN 2
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('pricing-page', 'pricing page', 'pricing_viewed') THEN 3
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('demo-call', 'sales demo', 'demo_held') THEN 4
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('free-trial', '30-day free trial', 'trial_started') THEN 5
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('live-chat', 'live chat during trial', 'chat_started') THEN 6
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('security-review', 'security review', 'security_review_completed') THEN 7
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('procurement-portal', 'procurement portal', 'vendor_registered') THEN 8
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('contract-signed', 'contract signed', 'contract_signed') THEN 9
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('kickoff', 'onboarding kickoff', 'kickoff_held') THEN 10
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('first-workflow', 'first workflow live', 'workflow_published') THEN 11
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('quarterly-review', 'quarterly business review', 'qbr_held') THEN 12
      WHEN lower(CAST((src."props")."event" AS TEXT)) IN ('renewal', 'renewal and seat expansion', 'renewal_signed') THEN 13
    END AS k,
    CAST(floor(extract(epoch FROM src."ts") * 1000) AS BIGINT) AS t
  FROM "public"."Events""x" AS src
  WHERE lower(CAST((src."props")."event" AS TEXT)) IN ('search-referral', 'search or peer referral', 'first_visit', 'analyst-report', 'analyst report mention', 'report_download', 'webinar', 'automation webinar', 'webinar_attended', 'pricing-page', 'pricing page', 'pricing_viewed', 'demo-call', 'sales demo', 'demo_held', 'free-trial', '30-day free trial', 'trial_started', 'live-chat', 'live chat during trial', 'chat_started', 'security-review', 'security review', 'security_review_completed', 'procurement-portal', 'procurement portal', 'vendor_registered', 'contract-signed', 'contract signed', 'contract_signed', 'kickoff', 'onboarding kickoff', 'kickoff_held', 'first-workflow', 'first workflow live', 'workflow_published', 'quarterly-review', 'quarterly business review', 'qbr_held', 'renewal', 'renewal and seat expansion', 'renewal_signed')
    AND src."user_id" IS NOT NULL AND src."ts" IS NOT NULL
),
ue AS (
  SELECT u, array_agg(k) AS ks, array_agg(t) AS ts
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
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 2 AND x.t >= r0 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r2
  FROM f1
),
f3 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 3 AND x.t >= LEAST(r1, r2) AND x.t <= r0 + 2592000000), 4611686018427387904) AS r3
  FROM f2
),
f4 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 4 AND x.t >= r3 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r4
  FROM f3
),
f5 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 5 AND x.t >= r3 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r5
  FROM f4
),
f6 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 6 AND x.t >= r5 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r6
  FROM f5
),
f7 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 7 AND x.t >= LEAST(r4, r6) AND x.t <= r0 + 2592000000), 4611686018427387904) AS r7
  FROM f6
),
f8 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 8 AND x.t >= r7 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r8
  FROM f7
),
f9 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 9 AND x.t >= r8 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r9
  FROM f8
),
f10 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 10 AND x.t >= r9 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r10
  FROM f9
),
f11 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 11 AND x.t >= r10 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r11
  FROM f10
),
f12 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 12 AND x.t >= r11 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r12
  FROM f11
),
f13 AS (
  SELECT *,
    COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE x.k = 13 AND x.t >= r12 AND x.t <= r0 + 2592000000), 4611686018427387904) AS r13
  FROM f12
),
af13 AS (
  SELECT 0 AS g, '' AS seg,
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
    COUNT(CASE WHEN f.r13 < 4611686018427387904 THEN 1 END) AS n13,
    COUNT(CASE WHEN f.r1 < 4611686018427387904 AND f.r0 <= f.r1 THEN 1 END) AS n14,
    COUNT(CASE WHEN f.r2 < 4611686018427387904 AND f.r0 <= f.r2 THEN 1 END) AS n15,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r1 <= f.r3 AND NOT (f.r2 <= f.r3 AND f.r2 > f.r1) THEN 1 END) AS n16,
    COUNT(CASE WHEN f.r3 < 4611686018427387904 AND f.r2 <= f.r3 AND NOT (f.r1 <= f.r3 AND f.r1 >= f.r2) THEN 1 END) AS n17,
    COUNT(CASE WHEN f.r4 < 4611686018427387904 AND f.r3 <= f.r4 THEN 1 END) AS n18,
    COUNT(CASE WHEN f.r5 < 4611686018427387904 AND f.r3 <= f.r5 THEN 1 END) AS n19,
    COUNT(CASE WHEN f.r6 < 4611686018427387904 AND f.r5 <= f.r6 THEN 1 END) AS n20,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 AND f.r4 <= f.r7 AND NOT (f.r6 <= f.r7 AND f.r6 > f.r4) THEN 1 END) AS n21,
    COUNT(CASE WHEN f.r7 < 4611686018427387904 AND f.r6 <= f.r7 AND NOT (f.r4 <= f.r7 AND f.r4 >= f.r6) THEN 1 END) AS n22,
    COUNT(CASE WHEN f.r8 < 4611686018427387904 AND f.r7 <= f.r8 THEN 1 END) AS n23,
    COUNT(CASE WHEN f.r9 < 4611686018427387904 AND f.r8 <= f.r9 THEN 1 END) AS n24,
    COUNT(CASE WHEN f.r10 < 4611686018427387904 AND f.r9 <= f.r10 THEN 1 END) AS n25,
    COUNT(CASE WHEN f.r11 < 4611686018427387904 AND f.r10 <= f.r11 THEN 1 END) AS n26,
    COUNT(CASE WHEN f.r12 < 4611686018427387904 AND f.r11 <= f.r12 THEN 1 END) AS n27,
    COUNT(CASE WHEN f.r13 < 4611686018427387904 AND f.r12 <= f.r13 THEN 1 END) AS n28
  FROM f13 AS f
)
SELECT touchpoint, from_touchpoint, persona, users
FROM (
  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, 'Total' AS persona,
    CASE s.i WHEN 0 THEN a.n0 WHEN 1 THEN a.n1 WHEN 2 THEN a.n2 WHEN 3 THEN a.n3 WHEN 4 THEN a.n4 WHEN 5 THEN a.n5 WHEN 6 THEN a.n6 WHEN 7 THEN a.n7 WHEN 8 THEN a.n8 WHEN 9 THEN a.n9 WHEN 10 THEN a.n10 WHEN 11 THEN a.n11 WHEN 12 THEN a.n12 WHEN 13 THEN a.n13 WHEN 14 THEN a.n14 WHEN 15 THEN a.n15 WHEN 16 THEN a.n16 WHEN 17 THEN a.n17 WHEN 18 THEN a.n18 WHEN 19 THEN a.n19 WHEN 20 THEN a.n20 WHEN 21 THEN a.n21 WHEN 22 THEN a.n22 WHEN 23 THEN a.n23 WHEN 24 THEN a.n24 WHEN 25 THEN a.n25 WHEN 26 THEN a.n26 WHEN 27 THEN a.n27 WHEN 28 THEN a.n28 ELSE 0 END AS users,
    0 AS o, s.i AS i
  FROM af13 AS a
  CROSS JOIN (VALUES (0, 'search-referral', ''), (1, 'analyst-report', ''), (2, 'webinar', ''), (3, 'pricing-page', ''), (4, 'demo-call', ''), (5, 'free-trial', ''), (6, 'live-chat', ''), (7, 'security-review', ''), (8, 'procurement-portal', ''), (9, 'contract-signed', ''), (10, 'kickoff', ''), (11, 'first-workflow', ''), (12, 'quarterly-review', ''), (13, 'renewal', ''), (14, 'analyst-report', 'search-referral'), (15, 'webinar', 'search-referral'), (16, 'pricing-page', 'analyst-report'), (17, 'pricing-page', 'webinar'), (18, 'demo-call', 'pricing-page'), (19, 'free-trial', 'pricing-page'), (20, 'live-chat', 'free-trial'), (21, 'security-review', 'demo-call'), (22, 'security-review', 'live-chat'), (23, 'procurement-portal', 'security-review'), (24, 'contract-signed', 'procurement-portal'), (25, 'kickoff', 'contract-signed'), (26, 'first-workflow', 'kickoff'), (27, 'quarterly-review', 'first-workflow'), (28, 'renewal', 'quarterly-review')) AS s(i, touchpoint, from_touchpoint)
) AS r
ORDER BY o, persona, i;
