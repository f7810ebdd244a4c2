#!/usr/bin/env python3
"""Where the CPU goes: share of JFR CPU-time samples (jdk.CPUTimeSample, which include native SQLite time) by layer,
by thread, by top frame and by first Crystal frame.

usage: classify.py x.json   (x.json from: jfr print --json --stack-depth 96 --events jdk.CPUTimeSample x.jfr)

Layers, decided from the top of the stack down:
  commit       SQLite executing COMMIT / RELEASE (WAL page writes, fsync in the kernel)
  SQL native   SQLite executing any other statement (NativeDB.step)
  SQL JDBC     the rest of sqlite-jdbc and Crystal's store layer (binding, result sets, statement cache)
  JSON         Jackson
  HTTP         Jetty and Javalin
  runtime      Crystal's worker runtime (mailboxes, batches, outbox)
  domain       the rest of Crystal (domains, server, jobs, trace log rendering)
  metrics/log  Micrometer, Logback; other: the JDK and everything else
"""
import collections
import json
import re
import sys

COMMIT = re.compile(r'(commit|releaseSavepoint|release)$', re.IGNORECASE)


def frames(event):
    st = event['values'].get('stackTrace') or {}
    return [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in st.get('frames') or []]


def thread(event):
    v = event['values']
    t = (v.get('sampledThread') or v.get('eventThread') or {}).get('javaName') or '?'
    return re.sub(r'[-#]?\d+$', '', t)


def layer(names):
    if names and names[0].endswith('NativeDB.step') or names and names[0].startswith('org.sqlite.core.NativeDB'):
        caller = [n for n in names[1:] if not n.startswith('org.sqlite') and not n.startswith('java.')][:3]
        if any(COMMIT.search(n.split('.')[-1]) for n in caller) or any(n.split('.')[-1] == 'commit' for n in names):
            return 'commit'
        return 'SQL native'
    for n in names:
        if n.startswith('org.sqlite') or n.startswith('dev.crystal.store.') and '.trace.' not in n:
            return 'SQL JDBC'
        if n.startswith('com.fasterxml.jackson'):
            return 'JSON'
        if n.startswith('org.eclipse.jetty') or n.startswith('io.javalin'):
            return 'HTTP'
        if n.startswith('io.micrometer') or n.startswith('ch.qos.logback') or n.startswith('org.slf4j'):
            return 'metrics/log'
        if n.startswith('dev.crystal.runtime'):
            return 'runtime'
        if n.startswith('dev.crystal'):
            return 'domain'
    return 'other'


def main():
    events = json.load(open(sys.argv[1]))['recording']['events']
    n = len(events)
    by_layer, by_thread, top, first_crystal = (collections.Counter() for _ in range(4))
    for e in events:
        names = frames(e)
        by_layer[layer(names)] += 1
        by_thread[thread(e)] += 1
        if names:
            top[names[0]] += 1
        for f in names:
            if f.startswith('dev.crystal'):
                first_crystal[f] += 1
                break
    print('samples', n)
    for title, counter, k in (('layer', by_layer, 20), ('thread', by_thread, 25), ('top frame', top, 20),
                              ('first crystal frame', first_crystal, 25)):
        print('-- by', title)
        for key, v in counter.most_common(k):
            print(f'{v / n * 100:5.1f}% {key}')


if __name__ == '__main__':
    main()
