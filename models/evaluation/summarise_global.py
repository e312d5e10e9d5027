"""Pooled table of a global walk-forward (issue 27): CRPS over persistence's, coverage, max MASE, and a
one-sided Diebold-Mariano test of each model against the tuned HAR, per coin group and horizon.

usage: python3 summarise_global.py MAIN/report.json [TUNED_HAR/report.json] --hold-out ADA,LINK,...
                                   [--with OTHER/report.json:MODEL] [--against MODEL]
The tuned HAR's report (same origins, another refit cadence) joins as model "har-tuned"; --with joins MODEL's
rows of another report on the same origins (e.g. persistence-daily); every ratio is over the persistence of
MAIN, point for point, or over --against's. Reading aid only (numpy/scipy), never a runtime dependency."""
import json, sys
from collections import defaultdict
import numpy as np
from scipy.stats import norm

def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None
args = [a for a in sys.argv[1:] if not a.startswith("--") and a not in (option("--with"), option("--against"))]
against = option("--against") or "persistence"
held = set()
if "--hold-out" in sys.argv:
    held = {c if "/" in c else c + "/USDT" for c in sys.argv[sys.argv.index("--hold-out") + 1].split(",")}
    args = [a for a in args if a != sys.argv[sys.argv.index("--hold-out") + 1]]
main = json.load(open(args[0]))
entries = list(main["entries"])
models = list(main["models"])
if len(args) > 1:
    extra = json.load(open(args[1]))
    for e in extra["entries"]:
        if e["model"] == "har":
            entries.append({**e, "model": "har-tuned"})
    models.append("har-tuned")
if option("--with"):
    path, joined = option("--with").rsplit(":", 1)
    entries += [e for e in json.load(open(path))["entries"] if e["model"] == joined]
    models.append(joined)
step = main["config"]["stepMs"]
by = {(e["model"], e["symbol"], e["horizon"]): e for e in entries}
horizons = sorted({e["horizon"] for e in entries})
symbols = sorted({e["symbol"] for e in entries})
served = {"BTC/USDT", "ETH/USDT", "XRP/USDT"}
groups = [("all scored coins but the held-out", lambda s: s not in held), ("BTC/ETH/XRP", lambda s: s in served),
          ("corpus coins in training", lambda s: s not in held and s not in served), ("held-out coins (never trained on)", lambda s: s in held)]

def dm_pvalue(diff_by_time, h):
    """One-sided p that the mean loss difference is < 0 (HLN-corrected, Newey-West at h-1 lags)."""
    d = np.array([np.mean(v) for _, v in sorted(diff_by_time.items())])
    n = len(d)
    if n < 30: return float("nan")
    dc = d - d.mean(); v = dc @ dc / n
    for k in range(1, h):
        v += 2 * (1 - k / h) * (dc[k:] @ dc[:-k]) / n
    if v <= 0: return float("nan")
    stat = d.mean() / np.sqrt(v / n) * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return float(norm.cdf(stat))

for title, keep in groups:
    coins = [s for s in symbols if keep(s)]
    if not coins: continue
    print(f"\n**{title}** ({len(coins)} coins)\n")
    print("| model | " + " | ".join(f"{h} step: CRPS / {against} | DM p vs har-tuned | cov80 | cov95" for h in horizons) + " | max MASE |")
    print("| --- |" + " --: | --: | --: | --: |" * len(horizons) + " --: |")
    for m in models:
        cells, mase = [], 0.0
        for h in horizons:
            num = den = 0.0; c80 = c95 = n = 0; diffs = defaultdict(list)
            for s in coins:
                e, p, t = by.get((m, s, h)), by.get((against, s, h)), by.get(("har-tuned", s, h))
                if e is None or p is None or len(e["pointCrps"]) != len(p["pointCrps"]): continue
                k = len(e["pointCrps"])
                num += sum(e["pointCrps"]); den += sum(p["pointCrps"]); n += k
                c80 += e["metrics"]["coverage80"] * k; c95 += e["metrics"]["coverage95"] * k
                mase = max(mase, e["metrics"]["mase"])
                if t is not None and len(t["pointCrps"]) == k:
                    for i, (a, b) in enumerate(zip(e["pointCrps"], t["pointCrps"])):
                        diffs[e["firstOrigin"] + i * step].append(a - b)
            if n == 0: cells.append("— | — | — | —"); continue
            p = dm_pvalue(diffs, h) if m != "har-tuned" and diffs else float("nan")
            cells.append(f"{num/den:.4f} | {'—' if p != p else ('<0.001' if p < 0.001 else f'{p:.3f}')} | {c80/n:.1%} | {c95/n:.1%}")
        print(f"| {m} | " + " | ".join(cells) + f" | {mase:.3f} |")
