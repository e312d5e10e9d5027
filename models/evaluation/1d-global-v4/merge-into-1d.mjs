// Puts the served daily model's BTC/ETH/XRP rows (the 2-seed global ensemble, "cnn-gru-x2" in this
// walk-forward) into models/evaluation/1d, the report the served daily model's card, /model and the verdict
// read, under the served model's name "cnn-gru" (its members' meta.json name): same folds and settings as
// that report, so the merge replaces the previous recipe's cnn-gru rows and keeps every baseline as it was.
// usage (after npm run build): node models/evaluation/1d-global-v4/merge-into-1d.mjs
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { mergeResults } from "../../../dist/src/evaluation/merge.js";
import { readReport, writeReport } from "../../../dist/src/evaluation/report.js";

const here = new URL(".", import.meta.url).pathname;
const global = JSON.parse(gunzipSync(await readFile(`${here}report.json.gz`)).toString("utf8"));
const served = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const rename = (model) => (model === "cnn-gru-x2" ? "cnn-gru" : model);
const rows = {
  ...global,
  models: ["cnn-gru"],
  symbols: served,
  entries: global.entries
    .filter((e) => e.model === "cnn-gru-x2" && served.includes(e.symbol))
    .map((e) => ({ ...e, model: rename(e.model) })),
  timings: global.timings.filter((t) => t.model === "cnn-gru-x2").map((t) => ({ ...t, model: rename(t.model) })),
};
const target = `${here}../1d`;
const base = await readReport(target);
if (base === null) throw new Error(`no report in ${target}`);
// The recipe's own keys (holdOut, anchor) stay in this folder's report; the walk-forward settings must match.
for (const key of ["start", "end", "horizons", "refitEvery", "stepMs", "dmLoss", "threshold", "feeRate"])
  if (JSON.stringify(base.config[key]) !== JSON.stringify(global.config[key]))
    throw new Error(`models/evaluation/1d differs in ${key}`);
rows.config = base.config;
const files = await writeReport(mergeResults(base, rows), target);
console.log(`merged the global ensemble's rows into ${files.json} as cnn-gru`);
