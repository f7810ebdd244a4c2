#!/usr/bin/env python3
"""SQLite statement time (samples whose top frame is NativeDB.step) by thread and the two Crystal frames that ran
the statement: which writer's which INSERT/UPDATE/COMMIT costs the most.

usage: step.py x.json [rows]   (x.json as for classify.py)
"""
import collections
import json
import re
import sys


def main():
    events = json.load(open(sys.argv[1]))['recording']['events']
    n = len(events)
    c = collections.Counter()
    for e in events:
        v = e['values']
        fr = [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name']
              for f in (v.get('stackTrace') or {}).get('frames', [])]
        if not fr or not fr[0].endswith('NativeDB.step'):
            continue
        t = re.sub(r'[-#]?\d+$', '', ((v.get('sampledThread') or v.get('eventThread') or {}).get('javaName') or '?'))
        cf = [x for x in fr if x.startswith('dev.crystal') and 'Lambda' not in x and 'store.sqlite' not in x
              and 'Caching' not in x][:2]
        c[(t, ' < '.join(cf))] += 1
    for k, v in c.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 20):
        print(f'{v / n * 100:5.1f}% {k[0]:32s} {k[1][:150]}')


if __name__ == '__main__':
    main()
