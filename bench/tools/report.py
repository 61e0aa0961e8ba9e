#!/usr/bin/env python3
"""Render bench/RESULTS.md from a bench/run results folder (results.kv, meta.txt, *-ramp.txt, commands.txt).
usage: tools/report.py OUTDIR > RESULTS.md"""
import os, sys

out = sys.argv[1]
kv = {}
for line in open(os.path.join(out, 'results.kv')):
    p = line.split()
    if len(p) >= 2:
        kv[(p[0], p[1])] = p[2:]
meta = dict(l.rstrip('\n').split(': ', 1) for l in open(os.path.join(out, 'meta.txt')) if ': ' in l)
kam_ran = meta.get('nusers', '').endswith('kamailio: yes') or any(t == 'kam' for t, _ in kv)
P = dict(x.split(': ', 1) for x in ('nusers: ' + meta.get('nusers', '')).split('; ') if ': ' in x)
FW, LR, LN = P.get('fan_w', '1000'), P.get('lat_rate', '1000'), P.get('login_n', '1000')
# runs before session 15 did not record the store; bench/run's default has been the embedded store since issue 9
# runs before session 21 did not record their warm-up: 3000 cycles at 500/s up to session 16, then 200/500/1000/s
WARM = meta.get('warmup', 'SUBSCRIBE/unSUBSCRIBE cycles at 200, 500, 1000/s, 6 s each')
STORE_ON = not meta.get('store', 'embedded').startswith('memory')

# Kamailio reference figures (../shared/bench/RESULTS-kamailio.md, same machine, earlier run)
REF = {
    'max.subscribe': '8000/s', 'lat.sub.resp': '0.225 / 0.643 ms', 'lat.sub.notify': '0.291 / 0.769 ms',
    'mem.10000': '269 MiB (PSS)', 'mem.50000': '360 MiB (PSS)', 'mem.100000': 'not measured',
    'fanpub': '41.2 / 40.8 / 35.5 ms', 'max.publish': '>= 8000/s', 'max.register': '>= 8000/s',
    'lat.pub': '0.287 / 0.626 ms', 'lat.reg': '0.211 / 0.471 ms',
}

def maxcell(t, scen):
    v = g(t, f'max.{scen}')
    if v is None:
        return None
    if v == '0':
        steps = sorted(int(k[1].split('.')[2]) for k in kv if k[0] == t and k[1].startswith(f'ramp.{scen}.'))
        return f'< {steps[0]}/s (no step passed)' if steps else None
    return f'{v}/s'

def g(t, k, i=0):
    v = kv.get((t, k))
    return v[i] if v and len(v) > i and v[i] not in ('-', '') else None

def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None

def ratio(a, b):
    a, b = num(a), num(b)
    return f'{a / b:.2f}' if a is not None and b else '–'

def kamcell(val, refkey):
    if kam_ran:
        return val if val is not None else '–'
    return f'not installed (ref. {REF[refkey]})' if refkey in REF else 'not installed'

def met(ok):
    return '–' if ok is None else ('yes' if ok else '**no**')

rows = []
def row(name, gw, kam, rat, target, ok):
    rows.append(f'| {name} | {gw if gw is not None else "not measured"} | {kam} | {rat} | {target} | {met(ok)} |')

# 1. max sustained SUBSCRIBE
gs, ks = g('gw', 'max.subscribe'), g('kam', 'max.subscribe')
row('1. max sustained SUBSCRIBE/s (UDP, <1 % fail, p99 <50 ms, fresh server per step)', maxcell('gw', 'subscribe'),
    kamcell(maxcell('kam', 'subscribe'), 'max.subscribe'), ratio(gs, ks) if gs != '0' else '–',
    '≥ 12,000/s', None if gs is None else num(gs) >= 12000)

# 1b-1d. the ramp's references (bench/run RAMP_REFS, session 34): the same ramp against a server that does nothing,
# and against the gateway with its store off; each beside the gateway's step at the same rate (or its last step)
def rampsteps(t):
    return sorted(int(k[1].split('.')[2]) for k in kv if k[0] == t and k[1].startswith('ramp.subscribe.'))

def stepcell(t, r, server='', sep=', '):  # ramp value: ok fl fp ach lt1 p50 p99 pass cpu per [sipp_cpu sipp_per]
    v = kv.get((t, f'ramp.subscribe.{r}'), [])
    sipp = f'{sep}sipp {v[11]} µs' if len(v) > 11 else ''
    return f'p99 {v[6] if len(v) > 6 else "?"} ms, {server}{v[9] if len(v) > 9 else "?"} µs{sipp} per call'

gsteps = rampsteps('gw')
for t, name, target in (
        ('floorc', "1b. the same ramp's floor: no presence server, one 200 and one NOTIFY per SUBSCRIBE, nothing kept "
                   '(bench/tools/subfloor.c, C)', 'floor of 1'),
        ('floorj', "1c. the same ramp's floor: no presence server, one 200 and one NOTIFY per SUBSCRIBE, nothing kept "
                   "(bench/tools/SubFloor.java, Java with the gateway's JVM flags)", 'floor of 1'),
        ('gwmem', '1d. the same ramp against the gateway with its store off (store type memory: nothing kept across '
                  'restarts)', 'what the store costs in 1')):
    steps = rampsteps(t)
    if not steps:
        continue
    top = steps[-1]
    gr = top if top in gsteps else (gsteps[-1] if gsteps else None)
    gwcell = (f'; the gateway at {gr}/s{"" if gr == top else " (its last step)"}: {stepcell("gw", gr)}'
              if gr is not None else '')
    row(name, f'{maxcell(t, "subscribe")} ({top}/s: {stepcell(t, top, "server ", "; ")}{gwcell})', '–', '–', target, None)

# 2. latencies
def latrow(name, key, refkey, target_ms=None):
    gp50, gp99 = g('gw', key, 1), g('gw', key, 3)
    kp50, kp99 = g('kam', key, 1), g('kam', key, 3)
    gcell = gp50 and f'{gp50} / {gp99} ms'
    kcell = kamcell(kp50 and f'{kp50} / {kp99} ms', refkey)
    ok = None if (target_ms is None or gp99 is None) else num(gp99) < target_ms
    row(name, gcell, kcell, ratio(gp99, kp99) + ' (p99)', f'p99 < {target_ms} ms' if target_ms else '–', ok)
latrow('2a. SUBSCRIBE → 200, p50 / p99 @' + LR + '/s', 'lat.subscribe.resp', 'lat.sub.resp', 1)
latrow('2b. SUBSCRIBE → first NOTIFY, p50 / p99 @' + LR + '/s', 'lat.subscribe.notify', 'lat.sub.notify', 1)
latrow('6c. PUBLISH → 200, p50 / p99 @' + LR + '/s', 'lat.publish.resp', 'lat.pub', 1)
latrow('6d. REGISTER → 200, p50 / p99 @' + LR + '/s', 'lat.register.resp', 'lat.reg', 1)
sf = kv.get(('floor', 'syncfloor'))
if sf and len(sf) > 4:  # runs before session 40 did not measure it
    row("2e. the durable store's floor: one fdatasync of a 4 KiB append per ms on the data directory's disk "
        '(bench/tools/syncfloor.py), p50 / p99', f'{sf[1]} / {sf[3]} ms (max {sf[4]}, n={sf[0]})',
        '(keeps presence in memory)', '–', 'floor of 2a, 6c, 6d', None)

for t, name, target in (
        ('floorc', "2f. the lat section's floor: the same three runs against bench/tools/subfloor.c, which answers "
                   'at once and keeps nothing, p50 / p99 SUBSCRIBE; PUBLISH; REGISTER', 'floor of 2a, 6c, 6d'),
        ('floorcs', '2g. the same floor answering only after its requests are durable: one pwrite + fdatasync per '
                    "batch of waiting requests (a group commit on one thread, subfloor.c FILE), what a server whose "
                    '2xx means "synced" has to do on this disk', 'floor of 2a, 6c, 6d with the store on')):
    cells = []
    for m in ('subscribe', 'publish', 'register'):
        p50, p99 = g(t, f'lat.{m}.resp', 1), g(t, f'lat.{m}.resp', 3)
        if p50:
            cells.append(f'{p50} / {p99} ms')
    if cells:
        row(name, '; '.join(cells), '(same sipp, same disk)', '–', target, None)

# 3. memory
for lvl in ['0'] + sorted({k[1].split('.')[1] for k in kv if k[1].startswith('mem.') and k[1] != 'mem.0'}, key=int):
    grss, kpss = g('gw', f'mem.{lvl}', 0), g('kam', f'mem.{lvl}', 1)
    gthr = g('gw', f'mem.{lvl}', 2)
    heap, live = g('gw', f'heap.{lvl}'), g('gw', f'live.{lvl}')
    label = 'empty (after warm-up)' if lvl == '0' else f'{int(lvl):,} active subscriptions'
    gcell = grss and f'{grss} MiB RSS, {gthr} threads' + (f', heap used {heap}' if heap else '') \
        + (f', live after full GC {live}' if live else '')
    # runs before session 42 did not record it: the RSS once the whole heap is resident (tools/heapresident.py),
    # what a gateway holds in service after its old generation has filled once
    resident = g('gw', f'resident.{lvl}', 2)
    if gcell and resident:
        gcell += f'; **{resident} MiB RSS with the whole heap resident** (in service)'
    bad = g('gw', f'mem.{lvl}', 4)
    if bad and bad != '0':
        gcell += f' ({bad} SUBSCRIBEs of the last step failed)'
    target = ('≤ 300 MiB RSS, store on' if lvl == '100000' else '–')
    held = resident or grss
    ok = (num(held) <= 300 and STORE_ON) if (lvl == '100000' and held) else None
    row(f'3. resident memory, {label}', gcell, kamcell(kpss and f'{kpss} MiB PSS', f'mem.{lvl}'), ratio(grss, kpss), target, ok)

# 4. fan-out
fx = [kv.get(('gw', f'fanxmpp.{i}')) for i in (1, 2, 3)]
fx = [f for f in fx if f and f[0] != '0']
if fx:
    cell = ' / '.join(f'{f[4]}' for f in fx) + f' ms (NOTIFYs: {"/".join(f[0] for f in fx)})'
    ok = all(num(f[4]) < 20 for f in fx) and all(f[0] == str(max(int(x[0]) for x in fx)) for f in fx)
else:
    cell, ok = None, None
cold = kv.get(('gw', 'fanxmpp.cold'))
if cell and cold and cold[0] != '0':
    cell += f'; the first change after the start (cold JIT): {cold[4]} ms'
row('4a. fan-out: XMPP presence of 1 contact → last of ' + FW + ' NOTIFYs (3 changes, after '
    + P.get('fan_warm', '0') + ' unmeasured)', cell,
    'n/a (Kamailio xmpp module crashes, RESULTS-kamailio.md)', '–', '< 20 ms', ok)
# the same changes on the wire (bench/tools/wiretap.py, kernel timestamps; runs before session 30 have none):
# fanwire.K = n, the stanza's time in the XMPP server, first and last NOTIFY at the watcher's host (ms after the
# stanza reached the XMPP server)
fw = [kv.get(('gw', f'fanwire.{i}')) for i in (1, 2, 3)]
fw = [f for f in fw if f and len(f) > 3 and f[0] != '0' and f[3] != '-']
if fw:
    cell = ' / '.join(f[3] for f in fw) + f' ms (NOTIFYs: {"/".join(f[0] for f in fw)}; the stanza left the ' \
        f'XMPP server after {"/".join(f[1] for f in fw)} ms)'
    wcold = kv.get(('gw', 'fanwire.cold'))
    if wcold and len(wcold) > 3 and wcold[3] != '-':
        cell += f'; cold: {wcold[3]} ms'
    row('4a (wire). the same changes: stanza into the XMPP server → last NOTIFY at the watcher\'s host '
        '(kernel timestamps on lo)', cell, 'n/a', '–', '< 20 ms',
        all(num(f[3]) < 20 for f in fw) and all(f[0] == str(max(int(x[0]) for x in fw)) for f in fw))
fp = [kv.get((t, f'fanpub.{i}')) for t in ('gw', 'kam') for i in (1, 2, 3)]
gfp = [f for f in fp[:3] if f and f[0] != '0']; kfp = [f for f in fp[3:] if f and f[0] != '0']
gcell = gfp and (' / '.join(f[4] for f in gfp) + f' ms (NOTIFYs: {"/".join(f[0] for f in gfp)})') or None
kcell = kamcell(kfp and (' / '.join(f[4] for f in kfp) + f' ms (NOTIFYs: {"/".join(f[0] for f in kfp)})') or None, 'fanpub')
gmed = sorted(num(f[4]) for f in gfp)[len(gfp) // 2] if gfp else None
kmed = sorted(num(f[4]) for f in kfp)[len(kfp) // 2] if kfp else None
row('4b. fan-out: SIP PUBLISH → last of ' + FW + ' NOTIFYs (same scenario both; 3 rounds)', gcell, kcell,
    ratio(gmed, kmed) + ' (median)', '< 20 ms', None if gmed is None else all(num(f[4]) < 20 for f in gfp))
pw = [kv.get((t, f'fanpubwire.{i}')) for t in ('gw', 'kam') for i in (1, 2, 3)]
gpw = [f for f in pw[:3] if f and len(f) > 3 and f[0] != '0' and f[3] != '-']
kpw = [f for f in pw[3:] if f and len(f) > 3 and f[0] != '0' and f[3] != '-']
if gpw or kpw:
    wcell = lambda fs: fs and (' / '.join(f[3] for f in fs) + f' ms (NOTIFYs: {"/".join(f[0] for f in fs)})') or None
    gm = sorted(num(f[3]) for f in gpw)[len(gpw) // 2] if gpw else None
    km = sorted(num(f[3]) for f in kpw)[len(kpw) // 2] if kpw else None
    row('4b (wire). the same rounds: PUBLISH at the server\'s host → last NOTIFY at the watcher\'s host',
        wcell(gpw), kamcell(wcell(kpw), ''), ratio(gm, km) + ' (median)', '< 20 ms',
        None if not gpw else all(num(f[3]) < 20 for f in gpw))
s = kv.get(('gw', 'single'))
row('4c. XMPP stanza sent → NOTIFY received, 1 watcher, p50 / p99 (n changes)',
    s and s[0] != '0' and f'{s[2]} / {s[3]} ms (n={s[0]} of {s[5]}, max {s[4]})' or None,
    'n/a (xmpp module crash)', '–', 'p99 < 5 ms', None if not s or s[0] == '0' else num(s[3]) < 5)
sw = {part: kv.get(('gw', f'singlewire.{part}')) for part in ('wire', 'xmpp', 'gw')}
if sw['wire'] and sw['wire'][0] != '0':
    pp = lambda v: f'{v[2]} / {v[3]} ms' if v and v[0] != '0' else '–'
    row('4c (wire). the same changes: stanza into the XMPP server → NOTIFY at the watcher\'s host, p50 / p99; '
        'of it in the XMPP server; in the gateway', f'{pp(sw["wire"])}; XMPP server {pp(sw["xmpp"])}; gateway '
        f'{pp(sw["gw"])} (n={sw["wire"][0]})', 'n/a', '–', 'p99 < 5 ms', num(sw['wire'][3]) < 5)
rl = [kv.get(('gw', f'rls.{i}')) for i in (1, 2, 3)]
rl = [f for f in rl if f and f[0] != '0']
if rl:  # the rls section is not in the default run: a row only when it ran
    row('4d. resource list (RFC 4662): XMPP change of 1 member → last of the list watchers\' partial NOTIFYs '
        '(3 changes)', ' / '.join(f[4] for f in rl) + f' ms (NOTIFYs: {"/".join(f[0] for f in rl)})',
        'not run', '–', '–', None)
ff = [kv.get(('floor', f'fanfloor.{i}')) for i in range(1, 100)]
ff = [f for f in ff if f and f[0] != '0']
if ff:  # runs before session 29 did not measure it
    last = sorted(num(f[4]) for f in ff)
    under = sum(1 for x in last if x < 20)
    sent = sorted(num(f[5]) for f in ff if len(f) > 5 and f[5] != '-')
    row('4e. fan-out floor: no server, each change\'s ' + FW + ' NOTIFYs pre-encoded and sent back to back '
        '(bench/tools/fanfloor.py) → sipp logs the last (' + str(len(ff)) + ' changes)',
        f'{last[0]:.2f} / {last[len(last) // 2]:.2f} / {last[-1]:.2f} ms (min / median / max); under 20 ms: '
        f'{under} of {len(ff)}' + (f'; sending took {sent[0]:.1f}–{sent[-1]:.1f} ms' if sent else ''),
        '(same watcher)', '–', 'floor of 4a/4b', None)

# 5. cold start and re-login after an XMPP server restart (bench/login.sh), per server
for srv in ('prosody', 'ejabberd'):
    lg = kv.get(('gw', f'login.{srv}'))  # secs online rss pss threads peak
    if lg is None and srv == 'prosody':
        lg = kv.get(('gw', 'login'))  # runs before issue 11: no peak column
    if lg is None:
        continue
    peak = lg[5] if len(lg) > 5 else '?'
    row(f'5. cold start on {srv}, ' + LN + ' mapped accounts + bridge online with rosters',
        f'{lg[0]} s ({lg[1]} online; {lg[2]} MiB RSS, {lg[4]} threads after, peak {peak})', 'n/a', '–',
        '< 10 s, < 100 threads', None if lg[0] == '-' else num(lg[0]) < 10 and num(peak if peak != '?' else lg[4]) < 100)
    rl = kv.get(('gw', f'relogin.{srv}'))  # secs back lost peak rate
    if rl:
        row(f'5b. {srv} restarted: all ' + LN + ' + bridge online again (no storm)',
            f'{rl[0]} s after the restart ({rl[2]} had dropped; peak {rl[3]} threads; at most {rl[4]} logins in 1 s)',
            'n/a', '–', 'paced (xmpp.logins_per_second), < 100 threads', None if rl[0] == '-' else num(rl[3]) < 100)

# 6. publish / register
for scen, key in (('PUBLISH', 'publish'), ('REGISTER', 'register')):
    gv, kvv = g('gw', f'max.{key}'), g('kam', f'max.{key}')
    row(f'6. max sustained {scen}/s (UDP, same criterion)', maxcell('gw', key), kamcell(maxcell('kam', key), f'max.{key}'),
        ratio(gv, kvv) if gv != '0' else '–', '≥ 12,000/s', None if gv is None else num(gv) >= 12000)

# 7. SUBSCRIBE with Event: dialog (BLF, RFC 4235), gateway only
if g('gw', 'max.subscribe-dialog') is not None:
    row('7. max sustained SUBSCRIBE/s with Event: dialog (BLF; UDP, same criterion)', maxcell('gw', 'subscribe-dialog'),
        'not run', '–', 'report', None)

print('# Presence bench: gateway vs Kamailio (written by `bench/run`)\n')
for k in ('date', 'machine', 'java', 'gateway', 'store', 'packages', 'command', 'nusers'):
    if k in meta:
        print(f'* {k}: {meta[k]}')
print(f'* Kamailio: {"run in the same session, same scenarios (kamailio/kamailio.cfg: 4 UDP children, shm 2048 MB, in-memory presence)" if kam_ran else "not installed: its column quotes ../shared/bench/RESULTS-kamailio.md (same machine, earlier run), labelled ref."}')
print('* sipp and the server under test share the same cores. Ratio = gateway ÷ Kamailio (for rates higher is better, for latency and memory lower is better).')
print('* Subscriptions: every SUBSCRIBE comes from a distinct watcher; presentities cycle over user1..N, all in the roster of the bridge account gw1 (served from that one roster). Gateway memory = RSS of the whole JVM; Kamailio = PSS summed over its processes (RSS double-counts shm).\n')
u = kv.get(('all', 'udp_rcvbuf_errors'))
if u:
    print(f'* Kernel UDP receive-buffer drops (nstat UdpRcvbufErrors) over the whole run, all targets (mostly in overload steps): {u[0]}')
print('* Targets: issue 14\'s (performance round 2), every gateway figure with the durable store on; cold start: issue 11\'s. '
      'What bounds each target not met, with its profile: `bench/FINDINGS.md`, "Issue 14: what bounds each target".')
print()
print('| figure | gateway | Kamailio | ratio | target | target met? |')
print('|---|---|---|---|---|---|')
print('\n'.join(rows))
for t, name in (('gw', 'gateway'), ('kam', 'Kamailio'), ('floorc', 'floor in C (subfloor.c)'),
                ('floorj', 'floor in Java (SubFloor.java)'), ('gwmem', 'gateway with its store off (store type memory)')):
    p = os.path.join(out, f'{t}-ramp.txt')
    if os.path.exists(p):
        how = 'fresh server per step, no warm-up (nothing to compile)' if t == 'floorc' else f'fresh server + warm-up per step: {WARM}'
        text = open(p).read().rstrip()
        sipp = '; sipp_s = sipp\'s CPU over the step' if 'sipp_s' in text else ''  # runs before session 34: no such column
        print(f'\n### Ramps, {name} ({how}; p50/p99 = sipp whole ms{sipp})\n```')
        print(text)
        print('```')
ep = os.path.join(out, 'gw-endure', 'samples.txt')
if os.path.exists(ep):  # the endure section is not in the default run
    calls = ', '.join(f'{s} {kv[("gw", "endure." + s)][0]} ok / {kv[("gw", "endure." + s)][1]} failed' for s in
                      ('subscribe', 'publish-cycle', 'register-cycle') if ('gw', 'endure.' + s) in kv)
    live, rss = kv.get(('gw', 'endure.live'), ['-', '-']), kv.get(('gw', 'endure.rss'), ['-', '-'])
    print(f'\n### Endurance, gateway (`endure`: cycles {calls}; with nothing live before and after: live heap '
          f'{live[0]} → {live[1]} MiB, RSS {rss[0]} → {rss[1]} MiB; growth by class in gw-endure/growth.txt)\n```')
    print(open(ep).read().rstrip())
    print('```')
probs = os.path.join(out, 'problems.txt')
if os.path.exists(probs):
    print('\n### Problems reported by the run\n```\n' + open(probs).read().rstrip() + '\n```')
cmds = os.path.join(out, 'commands.txt')
if os.path.exists(cmds):
    seen, ex = set(), []
    for l in open(cmds):
        sc = l.split(' -sf ')[1].split()[0] if ' -sf ' in l else l
        if sc not in seen:
            seen.add(sc); ex.append(l.strip().split(' && ', 1)[-1])
    print('\n### Exact sipp commands (one example per scenario; all in commands.txt of the results folder)\n```')
    print('\n'.join(ex))
    print('```')
print('\nXMPP side: `tools/xmpp_presence.py --jid user1@jabber.test --port P --stdin` (fan-out, changes 2 s apart) and '
      '`--jid user2@jabber.test --count 200 --interval 0.05` (single watcher); watchers: `sipp/watchloop.xml` '
      '(logs every NOTIFY with the `seqN` carried in <status> → PIDF note).')
