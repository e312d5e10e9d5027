import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainingSeries } from "../../../../src/cli/train.js";
import { createConfig } from "../../../../src/config.js";
import { createServices } from "../../../../src/create-services.js";
import { silentLogger } from "../../../../src/logger.js";
import { fitHarAnchors } from "../../../../src/model/networks/har-anchor.js";
import { restoreVolatilityModel } from "../../../../src/model/baselines/restore.js";

const tf = (process.env.TF ?? "4h") as "4h" | "1d";
const trainEnd = Date.UTC(2023, 0, 1);
const H = tf === "4h" ? [1, 3, 6] : [1, 3, 7];
const scratch = await mkdtemp(join(tmpdir(), "diag4h-"));
const services = createServices(createConfig({ ...process.env, DATA_DIR: scratch }), silentLogger());
const { series } = await trainingSeries(services, tf, true);
const anchors = fitHarAnchors(series, trainEnd, H);
const rows: { sym: string; zOld: number[][]; zNew: number[][]; ratio: number[] }[] = [];
for (const s of series) {
  const m = anchors.models.get(s.symbol);
  if (!m) continue;
  const st = m.state() as any;
  const old = restoreVolatilityModel({ ...st, horizons: st.horizons.map(({ logSmearing: _, ...h }: any) => h) });
  const past = s.candles.filter((c) => c.time <= trainEnd);
  const origins: number[] = [];
  for (let i = 400; i + 7 < past.length; i++) origins.push(i);
  const zNew: number[][] = [], zOld: number[][] = [];
  H.forEach((h) => {
    const a = m.sd(past, origins, h), b = old.sd(past, origins, h);
    zNew.push(origins.map((o, k) => Math.log(past[o + h]!.close / past[o]!.close) / a[k]!).filter(Number.isFinite));
    zOld.push(origins.map((o, k) => Math.log(past[o + h]!.close / past[o]!.close) / b[k]!).filter(Number.isFinite));
  });
  rows.push({ sym: s.symbol, zOld, zNew, ratio: st.horizons.map((h: any) => Math.exp((h.residualVariance / 2 - h.logSmearing) / 2)) });
}
const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(p * (s.length - 1))]!; };
for (const kind of ["zOld", "zNew"] as const) {
  console.log(kind);
  H.forEach((h, j) => {
    const pooled = rows.flatMap((r) => r[kind][j]!);
    const lo = q(pooled, 0.1), hi = q(pooled, 0.9);
    const cov = rows.map((r) => r[kind][j]!.filter((z) => z >= lo && z <= hi).length / r[kind][j]!.length);
    const rms = rows.map((r) => Math.sqrt(r[kind][j]!.reduce((a, z) => a + z * z, 0) / r[kind][j]!.length));
    console.log(` h${h} pooled q10/q90 ${lo.toFixed(2)}/${hi.toFixed(2)} per-coin cov80 min ${Math.min(...cov).toFixed(3)} max ${Math.max(...cov).toFixed(3)} sd ${Math.sqrt(cov.reduce((a, c) => a + (c - 0.8) ** 2, 0) / cov.length).toFixed(3)}; rms z min ${Math.min(...rms).toFixed(2)} max ${Math.max(...rms).toFixed(2)}`);
    if (j === 0) console.log("  ", rows.map((r, i) => `${r.sym.split("/")[0]}:${cov[i]!.toFixed(2)}`).join(" "));
  });
}
console.log("sd old/new factor h1:", rows.map((r) => `${r.sym.split("/")[0]}:${r.ratio[0]!.toFixed(2)}`).join(" "));
console.log("sd old/new factor hmax:", rows.map((r) => `${r.sym.split("/")[0]}:${r.ratio[2]!.toFixed(2)}`).join(" "));
await services.close();
