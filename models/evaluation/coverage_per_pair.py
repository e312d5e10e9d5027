"""Per-pair coverage of one model in a walk-forward report: how many pairs hold 78-82% (80%) and 93-97% (95%)."""
import json, sys
path, model = sys.argv[1], sys.argv[2]
r = json.load(open(path))
by = {}
for e in r['entries']:
    if e['model'] != model: continue
    by.setdefault(e['horizon'], []).append((e['symbol'], e['metrics']['coverage80'], e['metrics']['coverage95'], e['metrics']['mase']))
for h, rows in sorted(by.items()):
    c80 = [c for _, c, _, _ in rows]; c95 = [c for _, _, c, _ in rows]
    in80 = sum(0.78 <= c <= 0.82 for c in c80); in95 = sum(0.93 <= c <= 0.97 for c in c95)
    print(f"h={h}: {len(rows)} pairs; cov80 {min(c80):.3f}-{max(c80):.3f}, inside 78-82% for {in80}; cov95 {min(c95):.3f}-{max(c95):.3f}, inside 93-97% for {in95}; max MASE {max(m for *_, m in rows):.4f}")
