import type { Command } from "commander";
import type { Services } from "../main.js";
import { stopSignal } from "./start.js";

/** `coincast worker`: runs forecast, chart and training jobs from the fleet's queues until stopped. */
export function registerWorkerCommand(program: Command, services: Services): void {
  program
    .command("worker")
    .description(
      "take forecast, chart and training jobs from Redis (REDIS_URL) until stopped; run any number",
    )
    .action(async () => {
      const worker = await services.startQueueWorker();
      services.logger.info({ worker: worker.id }, "coincast worker is taking jobs");
      await stopSignal();
    });
}
