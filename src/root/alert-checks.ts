import type { Metrics } from "../contracts/metrics.js";
import type { Logger } from "../logger.js";
import type { AlertChecker } from "../schedule/alert-checker.js";

/** The alert checks after each 4h close: one at a time, none after stop(), which waits for the one running. */
export function serialAlertChecks(
  checker: AlertChecker,
  metrics: Metrics,
  logger: Logger,
): { run: () => Promise<void>; stop: () => Promise<void> } {
  let stopped = false;
  let runs: Promise<void> = Promise.resolve();
  const run = (): Promise<void> => {
    if (stopped) return runs;
    runs = runs.then(async () => {
      if (stopped) return;
      try {
        const outcomes = await checker.run();
        for (const outcome of outcomes) metrics.alertFired(outcome.status);
        if (outcomes.length > 0) logger.info({ outcomes }, "alerts checked after the 4h close");
      } catch (error) {
        logger.error({ err: error }, "alert check failed");
      }
    });
    return runs;
  };
  return {
    run,
    stop: () => {
      stopped = true;
      return runs;
    },
  };
}
