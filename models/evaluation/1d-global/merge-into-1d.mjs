// Puts the global network's BTC/ETH/XRP rows (cnn-gru, this walk-forward) into models/evaluation/1d, the
// report the served daily model's card, /model and the verdict read: same folds and settings, so the merge
// replaces the old recipe's cnn-gru rows and keeps every baseline as it was.
// usage (after npm run build): node models/evaluation/1d-global/merge-into-1d.mjs
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { mergeResults } from "../../../dist/src/evaluation/merge.js";
import { readReport, writeReport } from "../../../dist/src/evaluation/report.js";

const here = new URL(".", import.meta.url).pathname;
const global = JSON.parse(gunzipSync(await readFile(`${here}report.json.gz`)).toString("utf8"));
const served = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const rows = {
  ...global,
  models: ["cnn-gru"],
  symbols: served,
  entries: global.entries.filter((e) => e.model === "cnn-gru" && served.includes(e.symbol)),
  timings: global.timings.filter((t) => t.model === "cnn-gru"),
};
const target = `${here}../1d`;
const base = await readReport(target);
if (base === null) throw new Error(`no report in ${target}`);
const files = await writeReport(mergeResults(base, rows), target);
console.log(`merged the global cnn-gru rows into ${files.json}`);
