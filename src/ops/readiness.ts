import { errorReason } from "../error-report.js";

/**
 * Readiness as named checks, each answering "ok" or why not. A check that takes longer than its budget
 * (a Redis or database that hangs) counts as failed with that reason, so a probe always answers in time.
 * A failed check's reason is its error's message without credentials: /readyz answers anyone who can reach it.
 */

/**
 * Undefined: ready; a string: why not, in words for an operator; `{ note }`: ready, with something the
 * operator should know (role all serving on its own threads while Redis is away).
 */
type Outcome = string | undefined | { note: string };
export type Check = () => Promise<Outcome> | Outcome;

export interface ReadinessReport {
  ready: boolean;
  /** Every check by name: `ok` (with a note, maybe), or the reason it is not. */
  checks: Record<string, { ok: true; note?: string } | { ok: false; reason: string }>;
}

const result = (outcome: Outcome) =>
  outcome === undefined
    ? { ok: true as const }
    : typeof outcome === "string"
      ? { ok: false as const, reason: outcome }
      : { ok: true as const, note: outcome.note };

/** How long one check may take before it counts as failed (ms). */
export const CHECK_TIMEOUT_MS = 2_000;

export async function runChecks(
  checks: Record<string, Check>,
  timeoutMs: number = CHECK_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
      });
      const outcome = await Promise.race([
        Promise.resolve()
          .then(check)
          .catch((error: unknown) => errorReason(error)),
        late,
      ]);
      clearTimeout(timer);
      return [name, result(outcome)] as const;
    }),
  );
  return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
}

/** A check over something opened once (a store): pending is "opening", rejected is its error. */
export function opened(name: string, open: () => Promise<unknown>, timeoutMs = 500): Check {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const pending = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`${name}: still opening`), timeoutMs);
    });
    try {
      return await Promise.race([open().then(() => undefined), pending]);
    } catch (error) {
      return `${name}: ${errorReason(error)}`;
    } finally {
      clearTimeout(timer);
    }
  };
}
