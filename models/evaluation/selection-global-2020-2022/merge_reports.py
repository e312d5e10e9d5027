"""Joins the networks of several walk-forward reports on the same origins into one report for
summarise_global.py (issue 27 selection): the first report is kept whole, each later one adds its networks
renamed with a suffix. usage: python3 merge_reports.py OUT.json FIRST.json [OTHER.json:SUFFIX ...]
Reading aid only (never a runtime dependency)."""
import json, sys

out, first, *others = sys.argv[1:]
main = json.load(open(first))
for arg in others:
    path, suffix = arg.rsplit(":", 1)
    extra = json.load(open(path))
    for m in extra["models"]:
        if not m.startswith("cnn-gru"):
            continue
        name = m + suffix
        main["models"].append(name)
        main["entries"] += [{**e, "model": name} for e in extra["entries"] if e["model"] == m]
json.dump(main, open(out, "w"))
