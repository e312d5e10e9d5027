import type { Command } from "commander";
import { describeForecast, forecastReport } from "../../commands/forecast.js";
import { formatText } from "../chat/format-text.js";
import { allHorizons } from "../forecast/forecast.js";
import type { Services } from "../main.js";
import { createCommandServices } from "./start.js";

/**
 * `coincast forecast <symbol> [horizon]`: answers once and exits, for scripts (`--json` for machines), in
 * the same words as the chat command, without the chart.
 */
export function registerForecastCommand(program: Command, services: Services): void {
  program
    .command("forecast")
    .description(`forecast a symbol at a horizon (${allHorizons().join(", ")}) from the stored data`)
    .argument("<symbol>", "e.g. BTC, eth, XRP/USDT")
    .argument("[horizon]", "e.g. 1d", "1d")
    .option("--json", "print the forecast as JSON")
    .action(async (symbol: string, horizon: string, flags: { json?: boolean }) => {
      const service = await services.forecastService();
      const commandServices = createCommandServices(services, service);
      if (flags.json) {
        const forecast = await service.forecast(symbol, horizon, { source: "cli" });
        process.stdout.write(`${JSON.stringify(forecast, null, 2)}\n`);
        return;
      }
      const report = await forecastReport(commandServices, symbol, horizon, "cli");
      process.stdout.write(`${formatText(describeForecast(report))}\n`);
    });
}
