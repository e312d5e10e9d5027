import { setPriority } from "node:os";
import { parentPort, threadId, workerData } from "node:worker_threads";
import { ConfigError, type ErrorCode, isCoincastError, isUserError } from "../errors.js";
import type { BackendPreference } from "../model/acceleration/backend.js";
import type { JobTable } from "./jobs.js";

/** Niceness of training worker threads: a retrain or `coincast train` takes what forecasts leave over. */
export const TRAINING_NICE = 15;

/** What every worker thread is started with (its `workerData`). */
export interface WorkerSettings {
  tfBackend: BackendPreference;
  /** A pino level: "info", "debug", "silent", ... */
  logLevel: string;
  /** The main thread's log file, if it logs to one rather than stderr. */
  logFile?: string;
  /**
   * Scheduling niceness of this worker's thread (0 normal, 19 lowest). Training runs at a lower priority
   * than forecasts, so on a machine with few cores a retrain takes the time forecasts leave over.
   */
  nice?: number;
  /** Job kinds whose modules load at start-up, before any job arrives (the forecast pool: forecast, chart). */
  preload?: string[];
}

/** Main thread -> worker: run one job. */
export interface JobRequest {
  id: number;
  kind: string;
  input: unknown;
}

/**
 * An error as it crosses a thread boundary (structured clone) or Redis (JSON): its place in the hierarchy of
 * src/errors.ts, by `code` and `retryable`, and its class by name. The receiving side rebuilds a UserError
 * as a UserError and a ConfigError (a back-end that cannot start) as a ConfigError, so they are still told
 * apart from faults; any other error of ours comes back as a CoincastError with its code and retryable.
 */
export interface SerializedError {
  /** Anything not ours (a bug, a RangeError) crosses as "fault", never retryable. */
  code: ErrorCode;
  retryable: boolean;
  name: string;
  message: string;
  /** A UserError's suggestions and params. */
  suggestions?: string[];
  params?: Record<string, string | number>;
  stack?: string;
}

/** Worker -> main thread: a job's result, its failure, or a progress report while it runs. */
export type JobReply =
  | { id: number; ok: true; output: unknown }
  | { id: number; ok: false; error: SerializedError }
  | { id: number; progress: unknown };

/**
 * The worker side of the pool: answers each JobRequest from the main thread with the handler of its kind
 * in `table`. A handler that throws fails its job only; the worker goes on. Jobs wait for `ready` (start-up
 * work such as selecting the TensorFlow.js back-end); if it fails, every job fails with its error.
 */
export function serveJobs(table: JobTable, options: { ready?: Promise<unknown> } = {}): void {
  const port = parentPort;
  if (port === null) throw new Error("serveJobs() runs in a worker thread");
  const ready = options.ready ?? Promise.resolve();
  // Jobs report the failure; this only keeps it from crashing the thread before the first job arrives.
  ready.catch(() => undefined);

  port.on("message", async ({ id, kind, input }: JobRequest) => {
    const reply = (message: JobReply) => port.postMessage(message);
    try {
      await ready;
      const handler = Object.hasOwn(table, kind) ? table[kind] : undefined;
      if (handler === undefined) throw new Error(`unknown job kind "${kind}"`);
      const context = { progress: (value: unknown) => reply({ id, progress: value }) };
      const output = await handler(input as never, context as never);
      reply({ id, ok: true, output });
    } catch (error) {
      reply({ id, ok: false, error: serializeError(error) });
    }
  });
}

/**
 * Starts a Coincast worker thread (see worker-entry.ts): selects the TensorFlow.js back-end once, as
 * `workerData.tfBackend` asks, then serves JOBS.
 */
export async function startWorker(): Promise<void> {
  const settings = workerData as WorkerSettings;
  // Imported here, not at the top, so that a worker serving another table (the pool's tests) does not
  // spend a second loading TensorFlow.js.
  const [{ createLogger }, { selectBackend }, { JOBS, preloadJobs }] = await Promise.all([
    import("../logger.js"),
    import("../model/acceleration/backend.js"),
    import("./jobs.js"),
  ]);
  const logger = createLogger(settings.logLevel, settings.logFile).child({ thread: threadId });
  if (settings.nice !== undefined) lowerPriority(settings.nice, logger);
  const ready = Promise.all([
    selectBackend({ preference: settings.tfBackend, logger }),
    preloadJobs(settings.preload ?? []),
  ]);
  // A back-end the operator named and that is not installed is a configuration error: the main thread says
  // so in one line (the key and the fix); a stack here would only bury it.
  ready.catch((error: unknown) => {
    if (!(error instanceof ConfigError)) logger.error({ err: error }, "worker cannot start TensorFlow.js");
  });
  serveJobs(JOBS, { ready });
}

/**
 * On Linux, setpriority(PRIO_PROCESS, 0) applies to the calling thread only, so this lowers this worker
 * and leaves the main thread and other workers alone. Elsewhere it would lower the whole process, so it
 * is skipped there: the retrain then simply shares the cores evenly.
 */
function lowerPriority(nice: number, logger: { warn(obj: object, msg: string): void }): void {
  if (process.platform !== "linux") return;
  try {
    setPriority(0, nice);
  } catch (error) {
    logger.warn({ err: error, nice }, "could not lower the worker's priority");
  }
}

/** An error as it crosses a thread or process boundary (the pool and the BullMQ worker both send it). */
export function serializeError(error: unknown): SerializedError {
  if (isUserError(error)) {
    return {
      code: error.code,
      retryable: error.retryable,
      name: error.name,
      message: error.message,
      suggestions: [...error.suggestions],
      params: { ...error.params },
    };
  }
  if (error instanceof Error) {
    const { code, retryable } = isCoincastError(error) ? error : { code: "fault" as const, retryable: false };
    return {
      code,
      retryable,
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { code: "fault", retryable: false, name: "Error", message: String(error) };
}
