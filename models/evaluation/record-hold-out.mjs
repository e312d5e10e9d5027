// Writes into a gzipped global walk-forward report the coins its run held out of training (config.holdOut)
// and its networks' anchor (config.anchor), for reports made before `evaluate --hold-out --anchor` recorded
// them itself. Both must be the ones its COMMAND.md ran with; nothing else in the report changes.
// usage: node models/evaluation/record-hold-out.mjs models/evaluation/1d-global ADA,LINK,DOGE,LTC,AVAX,NEAR har
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

const [dir, list, anchor] = process.argv.slice(2);
if (!dir || !list || (anchor !== "har" && anchor !== "ewma"))
  throw new Error("usage: record-hold-out.mjs <report folder> <coins, comma-separated> <har|ewma>");
const file = join(dir, "report.json.gz");
const report = JSON.parse(gunzipSync(await readFile(file)).toString("utf8"));
const holdOut = list.split(",").map((c) => (c.includes("/") ? c : `${c}/USDT`).toUpperCase());
const missing = holdOut.filter((c) => !report.symbols.includes(c));
if (missing.length > 0) throw new Error(`not scored in ${file}: ${missing.join(", ")}`);
report.config.holdOut = holdOut;
report.config.anchor = anchor;
await writeFile(file, gzipSync(`${JSON.stringify(report, null, 2)}\n`, { level: 9 }));
console.log(`${file}: config.holdOut = ${holdOut.join(", ")}, config.anchor = ${anchor}`);
