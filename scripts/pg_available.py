"""Exit 0 when the PostgreSQL server named by the URL argument answers, 1 otherwise (prints why)."""

import sys

import dj_database_url
import psycopg

url = sys.argv[1]
cfg = dj_database_url.parse(url)
try:
    psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except psycopg.Error as exc:
    print(str(exc).strip().splitlines()[0])
    sys.exit(1)
