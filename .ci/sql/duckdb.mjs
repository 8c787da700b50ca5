// Runs a query of journey sql in DuckDB over an events CSV and saves its
// result as CSV, as DuckDB's own COPY writes it.
//
//	node duckdb.mjs EVENTS.csv QUERY.sql OUT.csv
//
// The events become the table "events" with user_id, event, persona as
// VARCHAR and timestamp as TIMESTAMP.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [events, queryFile, out] = process.argv.slice(2);
if (!out) {
  console.error('duckdb.mjs: usage: EVENTS.csv QUERY.sql OUT.csv');
  process.exit(2);
}
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv(${lit(events)}, header = true,
  columns = {'user_id': 'VARCHAR', 'event': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'persona': 'VARCHAR'})`);
const query = readFileSync(queryFile, 'utf8').trim().replace(/;$/, '');
await con.run(`COPY (${query}\n) TO ${lit(out)} (HEADER, DELIMITER ',')`);
