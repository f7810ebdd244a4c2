# usage: OUT=/tmp/thr python3 breakdown.py RUN... : medians of the hops of the traces prof.sh saved
import json,glob,os,sys,statistics as st
from datetime import datetime
def t(s): 
    s=s.rstrip('Z'); 
    if '.' in s:
        a,b=s.split('.'); s=a+'.'+(b+'000000')[:6]
    return datetime.fromisoformat(s).timestamp()*1000
for run in sys.argv[1:]:
    rows=[]
    for f in sorted(glob.glob(os.path.join(os.environ.get('OUT','/tmp/thr'),run,'traces','*.json'))):
        d=json.load(open(f)); 
        if 'steps' not in d: continue
        h=d['steps'][0]; c=[x for x in h['children'] if x['type']=='PROCESS_SETTLEMENT'][0]
        b=[x for x in c['children'] if x['type']=='POST_SETTLEMENT'][0]
        h0=t(h['startedAt']); hend=t(h['finishedAt'])
        c_start=t(c['startedAt']); c_fin=t(c['finishedAt']); c_com=c_fin+c['commitWaitMs']
        b_start=t(b['startedAt']); b_fin=t(b['finishedAt']); b_com=b_fin+b['commitWaitMs']
        rows.append(dict(total=hend-h0, http_to_collections=c_start-h0, collections_handling=c['handlingMs'],
            pending_commit=c['commitWaitMs'], ledger_handoff=b_start-t(b['enqueuedAt']) if False else b['queueWaitMs'],
            ledger_handling=b['handlingMs'], ledger_commit=b['commitWaitMs'],
            after_ledger_commit=hend-max(b_com,c_com)))
    print(run, len(rows), 'medians ms:', {k: round(st.median(r[k] for r in rows),2) for k in rows[0]})
