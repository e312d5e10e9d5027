import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainingSeries } from "../../../../src/cli/train.js";
import { createConfig } from "../../../../src/config.js";
import { createServices } from "../../../../src/create-services.js";
import { silentLogger } from "../../../../src/logger.js";
import { fitHarAnchors } from "../../../../src/model/networks/har-anchor.js";

const trainEnd = Date.UTC(2023, 0, 1);
const scratch = await mkdtemp(join(tmpdir(), "diag4h-"));
const services = createServices(createConfig({ ...process.env, DATA_DIR: scratch }), silentLogger());
const { series } = await trainingSeries(services, "4h", true);
const anchors = fitHarAnchors(series, trainEnd, [1, 3, 6]);
for (const s of series) {
  const m = anchors.models.get(s.symbol);
  if (!m) continue;
  const st = m.state() as { horizons: { horizon: number; residualVariance: number }[] };
  const past = s.candles.filter((c) => c.time <= trainEnd);
  let zeros = 0;
  for (let i = 1; i < past.length; i++) if (past[i]!.close === past[i - 1]!.close) zeros++;
  const filled = past.filter((c) => c.filled === true).length;
  console.log(s.symbol.padEnd(11), "n", past.length, "zeroRet", (zeros / past.length).toFixed(3), "filled", filled, "resVar", st.horizons.map((h) => `${h.horizon}:${h.residualVariance.toFixed(2)}`).join(" "));
}
await services.close();
