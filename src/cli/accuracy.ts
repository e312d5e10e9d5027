import type { Command } from "commander";
import { accuracySymbol, describeTrackRecord, trackRecordFilter } from "../../commands/accuracy.js";
import type { Services } from "../services.js";

/** `coincast accuracy [symbol] [horizon]`: how the served forecasts fared, from the ledger. */
export function registerAccuracyCommand(program: Command, services: Services): void {
  program
    .command("accuracy")
    .description("the track record of the forecasts served so far, against naive persistence")
    .argument("[symbol]", "e.g. BTC; default: every symbol (errors then mix price levels: prefer one symbol)")
    .argument("[horizon]", "e.g. 1d; default: every horizon")
    .action(async (symbol: string | undefined, horizon: string | undefined) => {
      // The ledger and the stored candles only: no model, cache or fleet connection to open (or warn about).
      const service = await services.trackRecord();
      const pair =
        symbol === undefined ? undefined : await accuracySymbol(symbol, services.config.symbols, service);
      const { filter, label } = trackRecordFilter(pair, horizon);
      // Reads never score. The bot scores after each refresh; a one-shot command with no bot running scores
      // what the stored candles allow first, as its own step, so it shows what they say.
      await service.scoreDue();
      const lines = describeTrackRecord(await service.trackRecord(filter), label);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
