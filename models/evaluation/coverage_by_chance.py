"""Per-pair coverage at one step against what sampling alone allows.

For each pair of a walk-forward report: its 80% and 95% coverage at the first horizon, and the chance that a
perfectly calibrated model (each one-step hit an independent Bernoulli(0.80) or (0.95) draw, as conditional
calibration makes them) lands inside 78-82% or 93-97% with that pair's number of origins. Prints, per
band, the pairs inside, the number expected inside, and the chance that every pair is inside.
Usage: python3 coverage_by_chance.py REPORT.json.gz MODEL
"""
import gzip, json, math, sys
from scipy.stats import binom

path, model = sys.argv[1], sys.argv[2]
r = json.load(gzip.open(path) if path.endswith(".gz") else open(path))
h = min(r["config"]["horizons"])
rows = [e for e in r["entries"] if e["model"] == model and e["horizon"] == h]
print(f"{path}: {model}, horizon {h}, {len(rows)} pairs, {min(e['metrics']['n'] for e in rows)}-{max(e['metrics']['n'] for e in rows)} origins each")
for key, level, lo, hi in [("coverage80", 0.80, 0.78, 0.82), ("coverage95", 0.95, 0.93, 0.97)]:
    inside, expected, all_inside = 0, 0.0, 1.0
    for e in rows:
        n, c = e["metrics"]["n"], e["metrics"][key]
        p = binom.cdf(math.floor(hi * n + 1e-9), n, level) - binom.cdf(math.ceil(lo * n - 1e-9) - 1, n, level)
        inside += lo <= c <= hi
        expected += p
        all_inside *= p
    print(f"  {key}: inside {lo:.0%}-{hi:.0%} for {inside} of {len(rows)}; a calibrated model: {expected:.1f} expected, every pair inside with chance {all_inside:.3g}")
