// Writes Parquet files of one event export with DuckDB, one file for each
// way the user, event and time columns can be stored, and the same events
// as CSV, so that journey's figures for each file can be checked against
// the CSV's (testdata/parquet/README.md, .ci/parquet/check.sh).
//
//	node write.mjs SRC.csv OUTDIR [--nulls] [--only NAME]
//
// SRC.csv has the columns user_id, event, timestamp (RFC 3339, whole
// seconds, UTC) and optionally persona. OUTDIR gets:
//
//	events.csv              the events as CSV (with --nulls: some user ids
//	                        and personas empty)
//	timestamptz.parquet     TIMESTAMP WITH TIME ZONE (micros, UTC-adjusted)
//	timestamp-ms.parquet    TIMESTAMP_MS (millis, local: no UTC adjustment)
//	timestamp-ns.parquet    TIMESTAMP_NS (nanos), zstd-compressed
//	epoch-ms.parquet        BIGINT Unix milliseconds, gzip-compressed
//	epoch-s.parquet         BIGINT Unix seconds, uncompressed
//	string.parquet          VARCHAR times as in the CSV, every string column
//	                        dictionary-encoded by DuckDB
//	row-groups.parquet      row groups of 2,048 rows
//	nested.parquet          the user id inside a struct (user.id)
//	folder/part-N.parquet   the events in three files of a third of the rows
//	                        each, in the CSV's order: each user's events
//	                        spread over them
//
// --only NAME writes the CSV and that one Parquet file (NAME without
// .parquet).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
let src = null, out = null, nulls = false, only = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--nulls') nulls = true;
  else if (args[i] === '--only' && i + 1 < args.length) only = args[++i];
  else if (src === null) src = args[i];
  else if (out === null) out = args[i];
  else {
    console.error(`write.mjs: unexpected argument ${JSON.stringify(args[i])}; usage: SRC.csv OUTDIR [--nulls] [--only NAME]`);
    process.exit(2);
  }
}
if (src === null || out === null) {
  console.error('write.mjs: usage: SRC.csv OUTDIR [--nulls] [--only NAME]');
  process.exit(2);
}
mkdirSync(join(out, 'folder'), { recursive: true });

const q = (s) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
// One thread keeps the rows in the CSV's order in every file.
await con.run('SET threads = 1');
await con.run(`CREATE TABLE src AS SELECT * FROM read_csv(${q(src)}, header = true, all_varchar = true)`);
const cols = (await con.runAndReadAll('SELECT column_name FROM (DESCRIBE src)')).getRows().map((r) => r[0]);
const persona = cols.includes('persona');
// Every 37th event has no user id and every 23rd no persona: Parquet
// nulls, empty cells in the CSV.
await con.run(`CREATE TABLE ev AS SELECT row_number() OVER () AS n,
  ${nulls ? 'CASE WHEN row_number() OVER () % 37 = 0 THEN NULL ELSE user_id END' : 'user_id'} AS user_id,
  event, "timestamp"${persona ? `, ${nulls ? 'CASE WHEN row_number() OVER () % 23 = 0 THEN NULL ELSE persona END' : 'persona'} AS persona` : ''}
  FROM src`);
const p = persona ? ', persona' : '';
const ts = `CAST("timestamp" AS TIMESTAMPTZ)`;
await con.run(`SET TimeZone = 'UTC'`);
await con.run(`COPY (SELECT user_id, event, "timestamp"${p} FROM ev ORDER BY n) TO ${q(join(out, 'events.csv'))} (HEADER, DELIMITER ',')`);

const files = {
  'timestamptz': [`user_id, event, ${ts} AS "timestamp"${p}`, "COMPRESSION 'snappy'"],
  'timestamp-ms': [`user_id, event, CAST(CAST(${ts} AS TIMESTAMP) AS TIMESTAMP_MS) AS "timestamp"${p}`, "COMPRESSION 'snappy'"],
  'timestamp-ns': [`user_id, event, CAST(CAST(${ts} AS TIMESTAMP) AS TIMESTAMP_NS) AS "timestamp"${p}`, "COMPRESSION 'zstd'"],
  'epoch-ms': [`user_id, event, epoch_ms(${ts}) AS "timestamp"${p}`, "COMPRESSION 'gzip'"],
  'epoch-s': [`user_id, event, CAST(epoch(${ts}) AS BIGINT) AS "timestamp"${p}`, "COMPRESSION 'uncompressed'"],
  'string': [`user_id, event, "timestamp"${p}`, "COMPRESSION 'snappy'"],
  'row-groups': [`user_id, event, ${ts} AS "timestamp"${p}`, "COMPRESSION 'snappy', ROW_GROUP_SIZE 2048"],
  'nested': [`{'id': user_id} AS "user", event, ${ts} AS "timestamp"${p}`, "COMPRESSION 'snappy'"],
};
for (const [name, [select, options]] of Object.entries(files)) {
  if (only !== null && only !== name) continue;
  await con.run(`COPY (SELECT ${select} FROM ev ORDER BY n) TO ${q(join(out, name + '.parquet'))} (FORMAT parquet, ${options})`);
}
if (only === null || only === 'folder') {
  for (let i = 0; i < 3; i++) {
    await con.run(`COPY (SELECT user_id, event, ${ts} AS "timestamp"${p} FROM ev
      WHERE n > ${i} * (SELECT count(*) FROM ev) // 3 AND n <= ${i + 1} * (SELECT count(*) FROM ev) // 3 + ${i === 2 ? 3 : 0} ORDER BY n)
      TO ${q(join(out, 'folder', `part-${i}.parquet`))} (FORMAT parquet, COMPRESSION 'snappy')`);
  }
}
