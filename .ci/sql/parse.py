"""Parses the golden queries of the dialects CI has no engine for
(BigQuery, Snowflake, ClickHouse) with sqlglot (Debian's python3-sqlglot),
each in its own dialect: a syntax check, not a run. The queries of the
hostile-name maps are left to the DuckDB and PostgreSQL runs: this sqlglot
does not read the doubled quotes and backslash escapes that keep those
names safe, which the engines do.

    /usr/bin/python3 .ci/sql/parse.py render/warehouse/testdata
"""
import pathlib
import sys

import sqlglot

root = pathlib.Path(sys.argv[1])
failed = checked = 0
for path in sorted(root.rglob("*.sql")):
    dialect = path.name.split(".")[-2]
    if dialect not in ("bigquery", "snowflake", "clickhouse") or "hostile" in path.name:
        continue
    checked += 1
    try:
        parsed = sqlglot.parse(path.read_text(encoding="utf-8"), read=dialect)
        if len([p for p in parsed if p is not None]) != 1:
            raise ValueError(f"expected one statement, found {len(parsed)}")
    except Exception as e:  # sqlglot's errors have no common base here
        failed += 1
        print(f"FAIL {path}: {str(e).splitlines()[0][:200]}")
if failed or not checked:
    print(f"sql parse: {failed} of {checked} queries do not parse", file=sys.stderr)
    sys.exit(1)
print(f"sql parse: {checked} BigQuery, Snowflake and ClickHouse queries parse in their dialects")
