// The benchmark funnel in DuckDB, the way an analyst writes it: load the
// export, then one CTE per step that keeps each user's earliest qualifying
// event after the previous step, within 30 days of the first step.
//
//	node funnel.duckdb.mjs events.csv
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const steps = ['ad_click', 'session_start', 'view_item', 'add_to_cart', 'begin_checkout', 'add_shipping_info', 'add_payment_info', 'purchase'];
const ids = ['ad', 'landing', 'product', 'cart', 'checkout', 'shipping', 'payment', 'order'];

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true,
  columns = {'user_id': 'VARCHAR', 'event': 'VARCHAR', 'timestamp': 'TIMESTAMPTZ'})`);

let sql = `WITH s0 AS (SELECT user_id, min(timestamp) AS t, min(timestamp) AS t0 FROM events WHERE event = '${steps[0]}' GROUP BY user_id)`;
for (let k = 1; k < steps.length; k++) {
  sql += `,
s${k} AS (SELECT e.user_id, min(e.timestamp) AS t, any_value(p.t0) AS t0
  FROM events e JOIN s${k - 1} p ON e.user_id = p.user_id
  WHERE e.event = '${steps[k]}' AND e.timestamp >= p.t AND e.timestamp <= p.t0 + INTERVAL 30 DAY
  GROUP BY e.user_id)`;
}
sql += '\nSELECT ' + steps.map((_, k) => `(SELECT count(*) FROM s${k}) AS "${ids[k]}"`).join(', ');
const reader = await con.runAndReadAll(sql);
const row = reader.getRowObjects()[0];
for (const id of ids) console.log(`${id} ${Number(row[id])}`);
