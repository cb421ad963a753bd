# Journey 11: reads a drill's output folder (default /tmp/j11b): per-process event counts in time
# order, per-second outcomes of each agent, the longest audit line, and a leak grep for the client
# secret, the token key, the emails, the names, every JWT-shaped string and the TLS key.
import json, collections, re, sys, glob, os
out = sys.argv[1] if len(sys.argv) > 1 else '/tmp/j11b'
secrets = json.load(open(f'{out}/secrets.json'))
def ms(d):
    t = d.get('time') or d.get('at')
    if isinstance(t, (int, float)): return t
    if t is None: return None
    from datetime import datetime
    return datetime.fromisoformat(t.replace('Z', '+00:00')).timestamp() * 1000
t0 = None
last_t = None
for name in ['api', 'agentA', 'agentB']:
    counts = collections.Counter(); first = {}; last = {}; last_t = t0 or 0
    for line in open(f'{out}/{name}.log'):
        d = json.loads(line)
        now = ms(d) or last_t
        last_t = now
        t0 = t0 or now
        k = (d.get('event'), d.get('level'), d.get('reason') or d.get('status_code') or d.get('error_type') or d.get('operation') or d.get('name'))
        counts[k] += 1; first.setdefault(k, now); last[k] = now
    print('==', name)
    for k, v in sorted(counts.items(), key=lambda kv: first[kv[0]]):
        print(f'{v:6d} {k} first {(first[k]-t0)/1000:7.1f}s last {(last[k]-t0)/1000:7.1f}s')
for name in ['agentA', 'agentB']:
    print('== outcomes per second', name)
    for line in open(f'{out}/{name}.log'):
        d = json.loads(line)
        if d.get('event') == 'SUMMARY':
            rest = {k: v for k, v in d.items() if k not in ('event', 'at')}
            print(f'{(d["at"]-t0)/1000:6.1f}', rest)
    for line in open(f'{out}/{name}.log'):
        d = json.loads(line)
        if d.get('event') == 'CALL_FAILED': print('  CALL_FAILED', f'{(d["at"]-t0)/1000:6.1f}s', {k: d[k] for k in ('ms', 'name', 'status', 'message', 'cause') if k in d})
longest = max((len(l.encode()), f, l[:160]) for f in glob.glob(f'{out}/*.log') for l in open(f))
print('== longest log line (bytes):', longest[0], longest[1])
over = [(f, len(l.encode())) for f in glob.glob(f'{out}/*.log') for l in open(f) if len(l.encode()) > 16384]
print('== lines over 16 KiB:', len(over))
needles = {k: v for k, v in secrets.items() if isinstance(v, str)}
print('== leak grep')
for f in sorted(glob.glob(f'{out}/*.log') + glob.glob(f'{out}/*.stderr') + glob.glob(f'{out}/drill.out')):
    text = open(f).read()
    for k, v in needles.items():
        if v and v in text: print('  LEAK', k, 'in', f)
    for m in set(re.findall(r'eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}', text)): print('  JWT in', f, m[:20] + '…')
    if 'Bearer ey' in text: print('  bearer in', f)
print('  done')
print('== log volume at info and above (what a shipper carries with the default level)')
for name in ['agentA', 'agentB', 'api']:
    total = lines = calls = 0
    for line in open(f'{out}/{name}.log'):
        d = json.loads(line)
        if d.get('level') in ('info', 'warn', 'error'):
            total += len(line.encode()); lines += 1
        if d.get('event') == 'api_call_complete' or (name == 'api' and d.get('event') == 'dual_auth_decision'):
            calls += 1
    print(f'  {name}: {lines / max(calls, 1):.2f} lines and {total / max(calls, 1):.0f} bytes per call;'
          f' at 2 000 calls/s {2000 * total / max(calls, 1) / 1e6:.1f} MB/s')
