-- ~1.4M cases for benchmarks/indicators.py (deterministic: seeded random dates, spread over days and courts)
TRUNCATE cases_case, cases_dispute CASCADE;
SELECT setseed(0.42);
CREATE TEMP TABLE bc AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, code FROM courts_court WHERE level = 'basic';
SELECT count(*) FROM bc;
INSERT INTO cases_dispute (id, created_at) SELECT g, now() FROM generate_series(1, 800000) g;
-- 民初 (600k) and 民诉前调 (200k) roots, mid-2024 .. 2025
INSERT INTO cases_case (id, case_number, year, court_code, specialized_code, type_code, sequence, type_class, family,
  cause_text, claim_amount, filed_on, closed_on, closing_method, recovered_amount, status, origin_text, derivative_kind,
  flags, created_at, updated_at, court_id, origin_id, dispute_id)
SELECT g, '（B）' || g, 2025, bc.code, '', CASE WHEN g % 4 = 0 THEN '民诉前调' ELSE '民初' END, g, '', 'civil',
  CASE WHEN g % 17 = 0 THEN '追索劳动报酬纠纷' ELSE '民间借贷纠纷' END, (g % 50000) + 100,
  d, CASE WHEN g % 5 <> 0 THEN d + (random() * 120)::int END,
  CASE WHEN g % 5 = 0 THEN '' WHEN g % 4 = 0 THEN (ARRAY['mediation','transfer'])[1 + g % 2]
       ELSE (ARRAY['judgment','mediation','withdrawal'])[1 + g % 3] END,
  NULL, 'x', '', '', '[]', now(), now(), bc.id, NULL, g
FROM generate_series(1::bigint, 800000) g
JOIN LATERAL (SELECT date '2024-07-01' + ((random() * 539)::int + 0 * g)::int AS d) dd ON true
JOIN bc ON bc.k = g % (SELECT count(*) FROM bc);
-- 500k 执 derived from the 民初 cases (and 100k 执恢 from them)
INSERT INTO cases_case (id, case_number, year, court_code, specialized_code, type_code, sequence, type_class, family,
  cause_text, claim_amount, filed_on, closed_on, closing_method, recovered_amount, status, origin_text, derivative_kind,
  flags, created_at, updated_at, court_id, origin_id, dispute_id)
SELECT 1000000 + g, '（E）' || g, 2025, c.court_code, '', CASE WHEN g > 500000 THEN '执恢' ELSE '执' END, g, '', 'enf', '',
  CASE WHEN g % 9 = 0 THEN 0 ELSE (g % 80000) + 50 END,
  c.d, CASE WHEN g % 10 < 7 THEN c.d + (random() * 200)::int END,
  CASE WHEN g % 10 >= 7 THEN '' ELSE (ARRAY['fully_performed','tcp','settlement_performed','terminated'])[1 + g % 4] END,
  CASE WHEN g % 10 < 7 THEN (g % 30000) + 0.07 END, 'x', '', CASE WHEN g > 500000 THEN 'resumption' ELSE 'enforcement' END,
  '[]', now(), now(), c.court_id, c.id, c.dispute_id
FROM generate_series(1::bigint, 600000) g
JOIN LATERAL (SELECT id, court_code, court_id, dispute_id, date '2024-10-01' + ((random() * 449)::int + 0 * g)::int AS d
              FROM cases_case WHERE id = 1 + (g * 3 % 800000)) c ON true;
ANALYZE cases_case;
SELECT type_code, count(*) FROM cases_case GROUP BY 1;
