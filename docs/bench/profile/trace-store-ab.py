#!/usr/bin/env python3
"""The trace store's SQLite cost per hop, without the JVM and independent of the machine's speed in what it counts:
replays settlement-shaped hops (13 per operation, a subject and one of 100 customers each, random message ids)
into traces.db with the schema before (V1: 5 indexes, subject and customer per hop) or after (V1+V2: 3 indexes,
trace_keys once per key and operation), in transactions of BATCH hops, through the sqlite3 shell
(WAL, synchronous=NORMAL, as TraceLog's database). Prints sqlite3's CPU time (user+sys) and the bytes appended to
the WAL (pages written by the commits), per hop.

usage: trace-store-ab.py before|after BATCH [operations] [workdir]
"""
import os
import random
import subprocess
import sys
import time

HOPS = 13
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../..')
MIGRATIONS = os.path.join(ROOT, 'crystal-store/src/main/resources/db/traces')
COLS = ('correlation_id, message_id, causation_id, kind, type, source, target, node, enqueued_us, started_us,'
        ' finished_us, commit_wait_us, outcome, detail, subject, customer')


def main():
    schema, batch = sys.argv[1], int(sys.argv[2])
    ops = int(sys.argv[3]) if len(sys.argv) > 3 else 8000
    work = sys.argv[4] if len(sys.argv) > 4 else '/tmp/trace-store-ab'
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, f'{schema}-{batch}.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    rnd = random.Random(15)
    ddl = open(os.path.join(MIGRATIONS, 'V1__trace_hops.sql')).read()
    if schema == 'after':
        ddl += open(os.path.join(MIGRATIONS, 'V2__trace_keys.sql')).read()
    hops = []
    t = 1_700_000_000_000_000
    for o in range(ops):
        corr = '%032x' % rnd.getrandbits(128)
        subject = 'SET_%016x' % rnd.getrandbits(64)
        customer = 'C%d' % rnd.randrange(100)
        for h in range(HOPS):
            t += 10
            hops.append((corr, '%032x' % rnd.getrandbits(128), subject, customer, t))
    lines = ['PRAGMA journal_mode=WAL;', 'PRAGMA synchronous=NORMAL;', 'PRAGMA cache_size=-32768;', ddl]
    for i in range(0, len(hops), batch):
        chunk = hops[i:i + batch]
        lines.append('BEGIN;')
        for corr, mid, subject, customer, us in chunk:
            lines.append(f"INSERT INTO trace_hops ({COLS}) VALUES ('{corr}','{mid}',NULL,'message','SETTLEMENT_REQUESTED',"
                         f"'external','collections','node-a',{us - 5},{us},{us + 5},30,'HANDLED',NULL,'{subject}','{customer}');")
        if schema == 'after':
            spans = {}
            for corr, mid, subject, customer, us in chunk:
                for key in (subject, customer):
                    lo, hi = spans.get((key, corr), (us, us + 5))
                    spans[(key, corr)] = (min(lo, us), max(hi, us + 5))
            for (key, corr), (lo, hi) in sorted(spans.items()):
                lines.append(f"INSERT INTO trace_keys (key, correlation_id, first_us, last_us) VALUES ('{key}','{corr}',"
                             f"{lo},{hi}) ON CONFLICT (key, correlation_id) DO UPDATE SET first_us = CASE WHEN"
                             " excluded.first_us < trace_keys.first_us THEN excluded.first_us ELSE trace_keys.first_us END,"
                             " last_us = CASE WHEN excluded.last_us > trace_keys.last_us THEN excluded.last_us"
                             " ELSE trace_keys.last_us END;")
        lines.append('COMMIT;')
    script = '\n'.join(lines) + '\n'
    before = os.times()
    wal_bytes = 0
    proc = subprocess.run(['sqlite3', db], input=script, text=True, capture_output=True)
    after = os.times()
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    n = len(hops)
    size = os.path.getsize(db) + (os.path.getsize(db + '-wal') if os.path.exists(db + '-wal') else 0)
    print(f'{schema:6s} batch {batch:5d}: {n} hops, sqlite3 CPU {cpu * 1000:.0f} ms = {cpu * 1e6 / n:.1f} us/hop,'
          f' db+wal {size / n:.0f} B/hop  ({time.strftime("%H:%M:%SZ", time.gmtime())},'
          f' loadavg {open("/proc/loadavg").read().split()[0]})')


if __name__ == '__main__':
    main()
