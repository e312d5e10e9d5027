import type { runChartJob } from "../chart/chart-job.js";
import type { createForecastJob } from "../forecast/forecast-job.js";
import type { runChallenge } from "../lifecycle/challenge.js";
import type { runTrainJob } from "../model/networks/train-job.js";

type Handler = (...args: never[]) => Promise<unknown>;
const loaders = new Map<string, () => Promise<Handler>>();

/** A handler that imports its module on first use (once), then calls it. */
function lazy(kind: string, load: () => Promise<Handler>): Handler {
  let loaded: Promise<Handler> | undefined;
  const get = () => {
    loaded ??= load();
    return loaded;
  };
  loaders.set(kind, get);
  return async (...args) => (await get())(...args);
}

/** What a job handler gets besides its input: a way to report progress to the caller on the main thread. */
export interface JobContext<P> {
  /** Posts `value` to the main thread, where the pool hands it to the caller's onProgress. */
  progress(value: P): void;
}

/**
 * Any table of job handlers, kind -> handler. `never` parameters make every handler assignable whatever
 * its input and progress types; the exact types are read back from the table with the helpers below.
 */
export type JobTable = Readonly<Record<string, (input: never, context: never) => Promise<unknown>>>;

/**
 * The jobs Coincast's worker threads run. Adding a kind is one line here; its input, output and progress
 * types follow from the handler's signature.
 */
export const JOBS = {
  /** Answers once the thread's start-up (the TensorFlow.js back-end, preloads) succeeded: see serveJobs. */
  ready: async () => true,
  forecast: lazy("forecast", () =>
    import("../forecast/forecast-job.js").then(({ createForecastJob: create }) => create()),
  ) as ReturnType<typeof createForecastJob>,
  challenge: lazy("challenge", () =>
    import("../lifecycle/challenge.js").then((m) => m.runChallenge),
  ) as typeof runChallenge,
  chart: lazy("chart", () =>
    import("../chart/chart-job.js").then((m) => m.runChartJob),
  ) as typeof runChartJob,
  train: lazy("train", () =>
    import("../model/networks/train-job.js").then((m) => m.runTrainJob),
  ) as typeof runTrainJob,
} as const satisfies JobTable;

/**
 * Loads the modules of these job kinds now (a worker's start-up), so the first job does not pay for them.
 * Each kind's module is otherwise imported by its first job: a forecast worker never loads the training
 * code, and the training worker never loads the chart's canvas.
 */
export function preloadJobs(kinds: readonly string[]): Promise<unknown> {
  return Promise.all(kinds.map((kind) => loaders.get(kind)?.()));
}

export type Jobs = typeof JOBS;
export type JobKind<T extends JobTable = Jobs> = keyof T & string;
export type JobInput<K extends JobKind<T>, T extends JobTable = Jobs> = Parameters<T[K]>[0];
export type JobOutput<K extends JobKind<T>, T extends JobTable = Jobs> = Awaited<ReturnType<T[K]>>;
/** `never` for a handler that reports no progress (one that takes no context). */
export type JobProgress<K extends JobKind<T>, T extends JobTable = Jobs> =
  Parameters<T[K]>[1] extends JobContext<infer P> ? P : never;
