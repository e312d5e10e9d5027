// Puts a global walk-forward's BTC/ETH/XRP rows of one model into models/evaluation/<timeframe> (1d or 4h, from
// the run's candle step), the report the served model's card, /model and the verdict read, under the served
// model's name "cnn-gru" (its members' meta.json name): same folds and settings as that report, so the merge
// replaces the previous recipe's cnn-gru rows and keeps every baseline as it was.
// usage (after npm run build): node models/evaluation/merge-global-into-served.mjs <run folder> [row name]
//   e.g. node models/evaluation/merge-global-into-served.mjs models/evaluation/1d-global-v4 cnn-gru-x2
//   (v1, models/evaluation/1d-global, named its single network's rows cnn-gru already)
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { mergeResults } from "../../dist/src/evaluation/merge.js";
import { readReport, writeReport } from "../../dist/src/evaluation/report.js";

const [run, row = "cnn-gru-x2"] = process.argv.slice(2);
if (run === undefined) throw new Error("usage: merge-global-into-served.mjs <run folder> [row name]");
const global = JSON.parse(gunzipSync(await readFile(join(run, "report.json.gz"))).toString("utf8"));
const served = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const rename = (model) => (model === row ? "cnn-gru" : model);
const rows = {
  ...global,
  models: ["cnn-gru"],
  symbols: served,
  entries: global.entries
    .filter((e) => e.model === row && served.includes(e.symbol))
    .map((e) => ({ ...e, model: rename(e.model) })),
  timings: global.timings.filter((t) => t.model === row).map((t) => ({ ...t, model: rename(t.model) })),
};
const timeframes = { 86400000: "1d", 14400000: "4h" };
const timeframe = timeframes[global.config.stepMs];
if (timeframe === undefined) throw new Error(`${run}: candle step ${global.config.stepMs} ms is neither 1d nor 4h`);
const target = new URL(timeframe, import.meta.url).pathname;
const base = await readReport(target);
if (base === null) throw new Error(`no report in ${target}`);
// The recipe's own keys (holdOut, anchor) stay in the run's report; the walk-forward settings must match.
for (const key of ["start", "end", "horizons", "refitEvery", "stepMs", "dmLoss", "threshold", "feeRate"])
  if (JSON.stringify(base.config[key]) !== JSON.stringify(global.config[key]))
    throw new Error(`models/evaluation/${timeframe} differs in ${key}`);
rows.config = base.config;
const files = await writeReport(mergeResults(base, rows), target);
console.log(`merged ${run}'s ${row} rows into ${files.json} as cnn-gru`);
