// Writes each folder's report.md again from its report.json (or report.json.gz), with the report code of this
// checkout: after a change to how a report is rendered (e.g. the direction rule of src/evaluation/direction.ts,
// which shows a recorded zero-drift median as "no call"), so that every report.md reads as the code would write it.
// No figure is recomputed: report.json is the record, report.md its rendering.
// usage (after npm run build): node models/evaluation/rewrite-reports.mjs [folder ...]  (default: every folder here)
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readReport, toMarkdownReport } from "../../dist/src/evaluation/report.js";

const here = "models/evaluation";
const folders =
  process.argv.length > 2
    ? process.argv.slice(2)
    : (await readdir(here, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(here, e.name));
for (const folder of folders) {
  const report = await readReport(folder);
  if (report === null) {
    console.log(`${folder}: no report.json`);
    continue;
  }
  await writeFile(join(folder, "report.md"), toMarkdownReport(report));
  console.log(`${folder}: report.md written`);
}
