"""Would the 4h network's 24-hour forecast serve the daily one-day horizon better than the daily network?

On the selection window's base runs (this folder: 1d/base and 4h/base, same 10 coins, same folds), the
per-origin CRPS of the 4h ensemble at 6 steps (24 hours) is taken at the origins that open a UTC day, where
its target is the daily candle's close, and set beside the daily ensemble's one-day CRPS at the same origins.
Both are divided by the daily persistence's summed CRPS at those origins. Run from this folder.
"""
import gzip, json

DAY, FOUR_H = 86_400_000, 14_400_000
daily = json.load(gzip.open("1d/base/report.json.gz"))
four = json.load(gzip.open("4h/base/report.json.gz"))

def series(report, model, horizon):
    return {e["symbol"]: e for e in report["entries"] if e["model"] == model and e["horizon"] == horizon}

d_net, d_per = series(daily, "cnn-gru-x2", 1), series(daily, "persistence", 1)
h_net, h_per = series(four, "cnn-gru-x2", 6), series(four, "persistence", 6)
sums = {"daily network": 0.0, "4h network at 24 hours": 0.0, "daily persistence": 0.0, "4h persistence at 24 hours": 0.0}
n = 0
for symbol in daily["symbols"]:
    dn, dp, hn, hp = d_net[symbol], d_per[symbol], h_net[symbol], h_per[symbol]
    for i, crps in enumerate(dn["pointCrps"]):
        t = dn["firstOrigin"] + i * DAY
        j, rest = divmod(t - hn["firstOrigin"], FOUR_H)
        if rest != 0 or not 0 <= j < len(hn["pointCrps"]):
            continue
        sums["daily network"] += crps
        sums["daily persistence"] += dp["pointCrps"][i]
        sums["4h network at 24 hours"] += hn["pointCrps"][j]
        sums["4h persistence at 24 hours"] += hp["pointCrps"][j]
        n += 1
print(f"{n} (coin, daily origin) pairs on 2020-2022; CRPS over the daily persistence's:")
for name, total in sums.items():
    print(f"  {name:28s} {total / sums['daily persistence']:.6f}")
