import { isUserError } from "../errors.js";
import type { ModelRunner } from "../forecast/runner.js";
import type { Logger } from "../logger.js";
import type { QueueModelRunner } from "./queue-runner.js";

/**
 * `coincast start` (role all) with REDIS_URL: model work goes through the fleet's queue, so replicas share
 * one run per forecast key, but this process also runs worker threads of its own. When the queue cannot
 * take the work, they run it here instead: while Redis is unreachable, and while the queue sees no live
 * worker (Redis came back without its keys, and this process's heartbeat is not written yet). A bot of
 * role `bot` has no threads and tells its callers instead.
 */
export function withLocalFallback(
  queue: QueueModelRunner,
  local: () => Promise<ModelRunner | undefined>,
  logger: Logger,
): QueueModelRunner {
  const either = async <T>(viaQueue: () => Promise<T>, here: (runner: ModelRunner) => Promise<T>) => {
    try {
      return await viaQueue();
    } catch (error) {
      if (!isUserError(error) || (error.code !== "queue-unreachable" && error.code !== "no-worker"))
        throw error;
      const runner = await local();
      if (runner === undefined) throw error;
      logger.debug(
        { reason: error.code },
        "the queue cannot take this: running it on this process's threads",
      );
      return here(runner);
    }
  };
  return {
    forecast: (input) =>
      either(
        () => queue.forecast(input),
        (runner) => runner.forecast(input),
      ),
    chart: (input) =>
      either(
        () => queue.chart(input),
        (runner) => runner.chart(input),
      ),
    challenge: (input, onProgress) =>
      either(
        () => queue.challenge(input, onProgress),
        (runner) => runner.challenge(input, onProgress),
      ),
    status: () => queue.status(),
    close: () => queue.close(),
  };
}
