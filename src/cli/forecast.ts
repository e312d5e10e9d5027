import type { Command } from "commander";
import { evaluationDir, readReport } from "../evaluation/report.js";
import { type Verdict, verdicts } from "../evaluation/verdict.js";
import { allHorizons, type Forecast, resolveHorizon } from "../forecast/forecast.js";
import type { Services } from "../main.js";
import { utcMinute } from "../time.js";

/** Prices with sensible precision: whole units for BTC, cents for ETH, four decimals for XRP. */
export function formatPrice(value: number): string {
  // ETH trades in the thousands, so whole units start at 10,000: below that a cent is still news.
  const digits = value >= 10_000 ? 0 : value >= 10 ? 2 : 4;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const pct = (x: number, digits = 1): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(digits)}%`;

/** The forecast in a few readable lines, with the model's out-of-sample verdict for it when one is recorded. */
export function describeForecast(f: Forecast, verdict?: Verdict): string {
  const stale = f.data.stale ? " (STALE: the exchange could not be reached)" : "";
  const record =
    verdict === undefined
      ? []
      : [
          `  out of sample: MASE ${verdict.mase?.toFixed(3) ?? "n/a"} against "no change" (${verdict.beatsPersistence ? "beats it" : "does not beat it"}); ` +
            `the 80% interval held ${(verdict.coverage80 * 100).toFixed(0)}% of outcomes`,
        ];
  return [
    `${f.symbol} ${f.horizon}: median ${formatPrice(f.median)} (${pct(f.median / f.lastPrice - 1)}) by ${utcMinute(f.targetTime)} UTC`,
    `  last ${formatPrice(f.lastPrice)}, candle of ${utcMinute(f.asOf)} UTC, ${f.data.source} data${stale}`,
    `  80% interval ${formatPrice(f.interval80.low)} .. ${formatPrice(f.interval80.high)}; P(up) ${(f.probabilityUp * 100).toFixed(0)}%; expected volatility ${(f.expectedVolatility * 100).toFixed(1)}%`,
    ...record,
    `  model ${f.modelVersion}. Not financial advice.`,
  ].join("\n");
}

/** The latest forecast, and the recorded out-of-sample verdict of its model for that symbol and horizon. */
async function forecastWithVerdict(
  services: Services,
  symbol: string,
  horizon: string,
): Promise<{ forecast: Forecast; verdict: Verdict | undefined }> {
  const { timeframe, steps } = resolveHorizon(horizon);
  const service = await services.forecastService();
  const forecast = await service.forecast(symbol, horizon, { source: "cli" });
  const report = await readReport(evaluationDir(services.config.modelsDir, timeframe));
  const verdict = verdicts(report?.entries ?? [], (await service.champion(timeframe)).meta.name).find(
    (v) => v.symbol === forecast.symbol && v.horizon === steps,
  );
  return { forecast, verdict };
}

/** `coincast forecast <symbol> [horizon]`: answers once and exits, for scripts (`--json` for machines). */
export function registerForecastCommand(program: Command, services: Services): void {
  program
    .command("forecast")
    .description(`forecast a symbol at a horizon (${allHorizons().join(", ")}) from the stored data`)
    .argument("<symbol>", "e.g. BTC, eth, XRP/USDT")
    .argument("[horizon]", "e.g. 1d", "1d")
    .option("--json", "print the forecast as JSON")
    .action(async (symbol: string, horizon: string, flags: { json?: boolean }) => {
      const { forecast, verdict } = await forecastWithVerdict(services, symbol, horizon);
      process.stdout.write(
        flags.json ? `${JSON.stringify(forecast, null, 2)}\n` : `${describeForecast(forecast, verdict)}\n`,
      );
    });
}

/**
 * `coincast start` (npm start): the main job on the embedded default, no tokens and no network needed:
 * every configured symbol at every daily horizon from the shipped data and models.
 */
export function registerStartCommand(program: Command, services: Services): void {
  program
    .command("start")
    .description("forecast every configured symbol at the daily horizons (shipped data and models)")
    .action(async () => {
      const market = services.marketData();
      for (const symbol of market.symbols) {
        for (const horizon of ["1d", "3d", "7d"]) {
          const { forecast, verdict } = await forecastWithVerdict(services, symbol, horizon);
          process.stdout.write(`${describeForecast(forecast, verdict)}\n\n`);
        }
      }
    });
}
