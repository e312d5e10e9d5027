"""Rough paired comparison of two runs' cnn-gru-x2 on the scored coins in training: pooled CRPS ratios and a
Newey-West t of the per-point CRPS difference (ensw - base), coins' points concatenated (indicative only)."""
import gzip, json, math, sys
held = {s + "/USDT" for s in "ADA,LINK,DOGE,LTC,AVAX,NEAR".split(",")}
tf = sys.argv[1]
r = {k: json.load(gzip.open(f"{tf}/{k}/report.json.gz")) for k in ["base", "ensw"]}
for k, d in r.items():
    m = [e["metrics"]["mase"] for e in d["entries"] if e["model"] == "cnn-gru-x2" and e["metrics"]["mase"] is not None]
    print(tf, k, "MASE of cnn-gru-x2 rows: max", max(m), "min", min(m))
def find(d, model, h, s):
    return next(e for e in d["entries"] if e["model"] == model and e["horizon"] == h and e["symbol"] == s)
for h in sorted({e["horizon"] for e in r["base"]["entries"]}):
    diffs = []; sb = se = sp = 0
    for eb in r["base"]["entries"]:
        if eb["model"] != "cnn-gru-x2" or eb["horizon"] != h or eb["symbol"] in held: continue
        a = eb["pointCrps"]; b = find(r["ensw"], "cnn-gru-x2", h, eb["symbol"])["pointCrps"]
        p = find(r["base"], "persistence", h, eb["symbol"])["pointCrps"]
        sb += sum(a); se += sum(b); sp += sum(p); diffs += [y - x for x, y in zip(a, b)]
    n = len(diffs); mu = sum(diffs) / n
    L = max(h, int(n ** (1 / 3)))
    g = [sum((diffs[i] - mu) * (diffs[i - k] - mu) for i in range(k, n)) / n for k in range(L + 1)]
    var = g[0] + 2 * sum((1 - k / (L + 1)) * g[k] for k in range(1, L + 1))
    t = "n/a (identical)" if var <= 0 else round(mu / math.sqrt(var / n), 2)
    print(f"{tf} h={h}: base {sb/sp:.6f} ensw {se/sp:.6f} (ensw - base {(se-sb)/sp:+.6f}), points {n}, "
          f"changed {sum(1 for x in diffs if x != 0)}, NW t {t}")
