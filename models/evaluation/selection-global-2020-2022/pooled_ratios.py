"""Pooled CRPS / persistence's, to six decimals, per model and horizon over the scored coins outside
--hold-out (and over the held-out coins): the selection's deciding figure. Reading aid only.
usage: python3 pooled_ratios.py MERGED.json --hold-out ADA,LINK,..."""
import json, sys
r = json.load(open(sys.argv[1]))
held = {c + "/USDT" for c in sys.argv[sys.argv.index("--hold-out") + 1].split(",")}
by = {(e["model"], e["symbol"], e["horizon"]): e for e in r["entries"]}
hs = sorted({e["horizon"] for e in r["entries"]})
for group, keep in (("trained coins", lambda s: s not in held), ("held-out coins", lambda s: s in held)):
    print(f"{group}: " + "  ".join(f"h={h}" for h in hs))
    for m in r["models"]:
        cells = []
        for h in hs:
            num = den = 0.0
            for s in r["symbols"]:
                e, p = by.get((m, s, h)), by.get(("persistence", s, h))
                if keep(s) and e and p:
                    num += sum(e["pointCrps"]); den += sum(p["pointCrps"])
            cells.append(f"{num / den:.6f}" if den else "n/a")
        print(f"  {m:22s} " + "  ".join(cells))
