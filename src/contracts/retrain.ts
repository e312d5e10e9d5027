/** The version that ships in config.modelsDir: champion until something else is promoted (model-registry.ts). */
export const SHIPPED_ID = "shipped";

/**
 * Why a retrain's challenge ended as it did, as data: the lifecycle says it in English (challenge-rule.ts,
 * explainChallenge: the log, the model registry), and a reply in another language words the same values
 * (commands/retrain.ts, each catalogue's `retrainReasons`). Times are open times in ms.
 */
export type ChallengeWhy =
  | { code: "window-too-short"; holdoutDays: number; capacity: number; have: number; needed: number }
  | { code: "too-few-origins"; have: number; needed: number }
  | { code: "needs-days"; trainedUntil: number; days: number; have: number; needed: number }
  | {
      /** "identical": the same loss and median error to the last digit, the same forecasts in effect. */
      code: "not-worse" | "worse" | "identical";
      challenger: number;
      champion: number;
      origins: number;
      start: number;
      end: number;
    }
  /** The champion trained on more coins than this process has the history of (a global network). */
  | { code: "narrower"; trainedOn: number; here: number }
  /** Another process promoted (or rolled back to) another champion while this challenger was judged. */
  | { code: "champion-changed"; serving: string };

/** Every reason a retrain gives: the challenge's, and "failed" (training threw; the champion serves on). */
export type RetrainReasonCode = ChallengeWhy["code"] | "failed";
