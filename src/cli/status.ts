import type { Command } from "commander";
import { fleetStatusLines } from "../fleet/status-lines.js";
import type { Services } from "../services.js";

/**
 * `coincast status`: the live workers, the queues' depth and a split of the bots' subscription stores (with
 * REDIS_URL), or that it is all embedded.
 */
export function registerStatusCommand(program: Command, services: Services): void {
  program
    .command("status")
    .description(
      "the forecast workers seen in the last minute, their back-end, the queue depth, and whether the bots share one subscription store",
    )
    .action(async () => {
      const fleet = await services.fleet();
      const lines =
        fleet === undefined
          ? ["Embedded: no REDIS_URL, so forecasts run on worker threads inside each `coincast start`."]
          : fleetStatusLines(await fleet.status());
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
