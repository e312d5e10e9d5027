import type { Command } from "commander";

/** `coincast worker`: runs forecast, chart and training jobs from the fleet's queues until stopped. */
export function registerWorkerCommand(program: Command, runWorker: () => Promise<void>): void {
  program
    .command("worker")
    .description(
      "take forecast, chart and training jobs from Redis (REDIS_URL) until stopped; run any number",
    )
    .action(runWorker);
}
