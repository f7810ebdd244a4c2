# usage: OUT=/tmp/thr python3 critical.py RUN... : the critical path of the traces prof.sh/seqwarm.sh saved, split at
# the points the trace shows: HTTP in -> collections starts -> ledger starts -> ledger committed (and PENDING
# committed) -> collections' reply callback (the outcome's events are published there) -> outcome committed (the
# first subscriber starts on an outcome event, which leaves only after that commit) -> HTTP answer written.
import json,glob,os,sys,statistics as st
from datetime import datetime
def t(s):
    s=s.rstrip('Z')
    if '.' in s:
        a,b=s.split('.'); s=a+'.'+(b+'000000')[:6]
    return datetime.fromisoformat(s).timestamp()*1000
for run in sys.argv[1:]:
    rows=[]
    for f in sorted(glob.glob(os.path.join(os.environ.get('OUT','/tmp/thr'),run,'traces','*.json'))):
        d=json.load(open(f))
        if 'steps' not in d: continue
        h=d['steps'][0]; c=[x for x in h['children'] if x['type']=='PROCESS_SETTLEMENT'][0]
        b=[x for x in c['children'] if x['type']=='POST_SETTLEMENT'][0]
        outs=[x for x in c['children'] if x['type']=='SETTLEMENT_PROCESSED']
        if not outs: continue
        h0=t(h['startedAt']); hend=t(h['finishedAt'])
        c0=t(c['startedAt']); ccom=t(c['finishedAt'])+c['commitWaitMs']
        b0=t(b['startedAt']); bcom=t(b['finishedAt'])+b['commitWaitMs']
        callback=min(t(x['enqueuedAt']) for x in outs)
        delivered=min(t(x['startedAt']) for x in outs)
        both=max(ccom,bcom)
        rows.append({'total':hend-h0,'http_in_to_collections':c0-h0,'collections_to_ledger_start':b0-c0,
            'ledger_start_to_both_committed':both-b0,'committed_to_callback':callback-both,
            'outcome_commit_and_relay':delivered-callback,'released_to_http_out':hend-delivered})
    print(run, len(rows), 'medians ms:', {k: round(st.median(r[k] for r in rows),2) for k in rows[0]})
