import { runTrainJob } from "../model/train-job.js";
import { runChallenge } from "./challenge.js";
import { runChartJob } from "./chart-job.js";
import { createForecastJob } from "./forecast-job.js";

/** What a job handler gets besides its input: a way to report progress to the caller on the main thread. */
export interface JobContext<P> {
  /** Posts `value` to the main thread, where the pool hands it to the caller's onProgress. */
  progress(value: P): void;
}

/**
 * One kind of work a worker thread does. Input, output and progress values cross the thread boundary by
 * structured clone: plain data only, no functions or class instances.
 */
export type JobHandler<I, O, P = never> = (input: I, context: JobContext<P>) => Promise<O>;

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
  forecast: createForecastJob(),
  challenge: runChallenge,
  chart: runChartJob,
  train: runTrainJob,
} as const satisfies JobTable;

export type Jobs = typeof JOBS;
export type JobKind<T extends JobTable = Jobs> = keyof T & string;
export type JobInput<K extends JobKind<T>, T extends JobTable = Jobs> = Parameters<T[K]>[0];
export type JobOutput<K extends JobKind<T>, T extends JobTable = Jobs> = Awaited<ReturnType<T[K]>>;
/** `never` for a handler that reports no progress (one that takes no context). */
export type JobProgress<K extends JobKind<T>, T extends JobTable = Jobs> =
  Parameters<T[K]>[1] extends JobContext<infer P> ? P : never;
