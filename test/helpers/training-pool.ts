import type { ChallengeInput, ChallengeOutput, ChallengeProgress } from "../../src/lifecycle/challenge.js";
import type { WorkerPool } from "../../src/workers/worker-pool.js";

/** A challenge the champion keeps: what a fake training thread answers. */
export const KEPT_CHALLENGE: ChallengeOutput = {
  decision: "keep",
  reason: "the champion scores better",
  window: { start: 0, end: 1, origins: 40 },
  champion: { pinball: 1, mae: 1, naiveMae: 1 },
  challenger: { pinball: 2, mae: 2, naiveMae: 1 },
  challengerMeta: null,
};

/** A one-thread pool whose training "thread" is `train`; forecasts are never asked of it. */
export function fakeTrainingPool(
  train: (input: ChallengeInput, onProgress?: (p: ChallengeProgress) => void) => Promise<ChallengeOutput>,
): WorkerPool {
  return {
    run: (async (
      _kind: string,
      input: ChallengeInput,
      options?: { onProgress?: (p: ChallengeProgress) => void },
    ) => train(input, options?.onProgress)) as WorkerPool["run"],
    stats: () => ({ queued: 0, running: 0, completed: 0, threads: 1, closed: false }),
    warm: () => undefined,
    close: async () => undefined,
  };
}
