// The benchmark funnel in DuckDB, the way an analyst writes it: load the
// export, then one CTE per step that keeps each user's earliest qualifying
// event after the previous step, within 30 days of the first step.
//
//	node funnel.duckdb.mjs events.csv
//	node funnel.duckdb.mjs events.jsonl --time ms --persona
//
// A file named .jsonl or .ndjson is read as JSON lines, anything else as
// CSV. --time ms reads the timestamp column as Unix milliseconds (the
// default is RFC 3339). --persona carries the persona column through every
// step (GROUP BY user and persona) and counts each step overall and per
// persona. Prints "touchpoint users" per step, then, with --persona,
// "persona.touchpoint users" per persona in name order.
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
let file = null, ms = false, persona = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--persona') persona = true;
  else if (args[i] === '--time' && (args[i + 1] === 'ms' || args[i + 1] === 'rfc3339')) ms = args[++i] === 'ms';
  else if (file === null && !args[i].startsWith('--')) file = args[i];
  else {
    console.error(`funnel.duckdb.mjs: unexpected argument ${JSON.stringify(args[i])}; usage: FILE [--time rfc3339|ms] [--persona]`);
    process.exit(2);
  }
}
if (file === null) {
  console.error('funnel.duckdb.mjs: expected an events file; usage: FILE [--time rfc3339|ms] [--persona]');
  process.exit(2);
}

const steps = ['ad_click', 'session_start', 'view_item', 'add_to_cart', 'begin_checkout', 'add_shipping_info', 'add_payment_info', 'purchase'];
const ids = ['ad', 'landing', 'product', 'cart', 'checkout', 'shipping', 'payment', 'order'];

const quoted = `'${file.replaceAll("'", "''")}'`;
const columns = `{'user_id': 'VARCHAR', 'event': 'VARCHAR', 'timestamp': '${ms ? 'BIGINT' : 'TIMESTAMPTZ'}'${persona ? ", 'persona': 'VARCHAR'" : ''}}`;
const read = /\.(jsonl|ndjson)$/i.test(file)
  ? `read_json(${quoted}, format = 'newline_delimited', columns = ${columns})`
  : `read_csv(${quoted}, header = true, columns = ${columns})`;
const select = ms ? `user_id, event, epoch_ms("timestamp") AS "timestamp"${persona ? ', persona' : ''}` : '*';

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE events AS SELECT ${select} FROM ${read}`);

// With personas every step keeps each user's persona beside them.
const keep = persona ? ', persona' : '';
const ekeep = persona ? ', e.persona' : '';
let sql = `WITH s0 AS (SELECT user_id${keep}, min(timestamp) AS t, min(timestamp) AS t0 FROM events WHERE event = '${steps[0]}' GROUP BY user_id${keep})`;
for (let k = 1; k < steps.length; k++) {
  sql += `,
s${k} AS (SELECT e.user_id${ekeep}, min(e.timestamp) AS t, any_value(p.t0) AS t0
  FROM events e JOIN s${k - 1} p ON e.user_id = p.user_id
  WHERE e.event = '${steps[k]}' AND e.timestamp >= p.t AND e.timestamp <= p.t0 + INTERVAL 30 DAY
  GROUP BY e.user_id${ekeep})`;
}
if (!persona) {
  sql += '\nSELECT ' + steps.map((_, k) => `(SELECT count(*) FROM s${k}) AS "${ids[k]}"`).join(', ');
  const row = (await con.runAndReadAll(sql)).getRowObjects()[0];
  for (const id of ids) console.log(`${id} ${Number(row[id])}`);
} else {
  // Overall and per persona in one pass over each step.
  sql += '\n' + steps.map((_, k) => `SELECT ${k} AS step, grouping(persona) AS overall, persona, count(*) AS users FROM s${k} GROUP BY GROUPING SETS ((), (persona))`).join('\nUNION ALL ');
  const rows = (await con.runAndReadAll(sql)).getRowObjects();
  const overall = new Map(), by = new Map();
  for (const r of rows) {
    const step = Number(r.step), users = Number(r.users);
    if (Number(r.overall) === 1) overall.set(step, users);
    else by.set(`${r.persona}.${ids[step]}`, users);
  }
  ids.forEach((id, k) => console.log(`${id} ${overall.get(k) ?? 0}`));
  const names = [...new Set([...by.keys()].map((key) => key.slice(0, key.lastIndexOf('.'))))].sort();
  for (const p of names) for (const id of ids) console.log(`${p}.${id} ${by.get(`${p}.${id}`) ?? 0}`);
}
