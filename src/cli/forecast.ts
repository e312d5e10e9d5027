import type { Command } from "commander";
import { describeForecast } from "../../commands/forecast.js";
import { formatText } from "../chat/format-text.js";
import type { Forecast } from "../contracts/forecast.js";
import { allHorizons } from "../forecast/forecast.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { Services } from "../services.js";
import { checkOutputFile, writeOutputFile } from "./output-file.js";

/**
 * The forecast as `--json` prints it: the Forecast itself (`asOf` stays the open time of the last closed
 * candle, as everywhere in the code and the ledger), plus `lastPriceAt`, that candle's close: when the last
 * price was the price, the time the text gives as "Last price … at" and "Data as of".
 */
function forecastJson(forecast: Forecast): Forecast & { lastPriceAt: number } {
  return { ...forecast, lastPriceAt: forecast.asOf + TIMEFRAME_MS[forecast.timeframe] };
}

/**
 * `coincast forecast <symbol> [horizon]`: answers once and exits, for scripts (`--json` for machines), in
 * the same words as the chat command; `--chart <file>` writes the chat's picture too.
 */
export function registerForecastCommand(program: Command, services: Services): void {
  program
    .command("forecast")
    .description(`forecast a symbol at a horizon (${allHorizons().join(", ")}) from the stored data`)
    .argument("<symbol>", "e.g. BTC, eth, XRP/USDT")
    .argument("[horizon]", "e.g. 1d", "1d")
    .option("--json", "print the forecast as JSON")
    .option("--chart <file>", "also write the forecast's chart (PNG, 1200x630) to this file")
    .action(async (symbol: string, horizon: string, flags: { json?: boolean; chart?: string }) => {
      // Before the model runs: a chart that can not be written would waste the forecast.
      if (flags.chart !== undefined) await checkOutputFile("--chart", flags.chart);
      const service = await services.forecastService();
      const report = await service.report(symbol, horizon, {
        source: "cli",
        onFetching: (pair) => {
          process.stderr.write(`Fetching the history of ${pair} from the exchange…\n`);
        },
      });
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(forecastJson(report.forecast), null, 2)}\n`
          : `${formatText(describeForecast(report))}\n`,
      );
      if (flags.chart !== undefined) {
        await writeOutputFile("--chart", flags.chart, await report.chart());
        // On stderr, so that --json output stays one JSON document.
        process.stderr.write(`Chart written to ${flags.chart}\n`);
      }
    });
}
