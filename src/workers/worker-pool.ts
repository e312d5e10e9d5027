import { setMaxListeners } from "node:events";
import { Worker } from "node:worker_threads";
import PQueue from "p-queue";
import { CoincastError, ConfigError, isUserErrorCode, UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { JobInput, JobKind, JobOutput, JobProgress, Jobs, JobTable } from "./jobs.js";
import type { JobReply, JobRequest, SerializedError, WorkerSettings } from "./worker.js";

export interface WorkerPoolOptions {
  /** Worker threads at most; each runs one job at a time. */
  size: number;
  /** Jobs that may wait for a free worker; past that, run() refuses at once with a UserError. */
  queueLimit: number;
  workerData: WorkerSettings;
  logger: Logger;
  /** Names the pool in logs and its threads in debuggers. */
  name: string;
  /** The worker's entry module. Default: WORKER_ENTRY, which serves JOBS; tests serve their own table. */
  entry?: URL;
}

export interface RunOptions<P> {
  onProgress?: (progress: P) => void;
  /**
   * Aborting drops a waiting job. A running one has its worker thread terminated (a fresh one replaces it
   * on demand): nothing else stops a computation inside a thread, and the slot is free again at once.
   */
  signal?: AbortSignal;
}

export interface WorkerPoolStats {
  /** Jobs waiting for a free worker. */
  queued: number;
  running: number;
  /** Jobs that have finished on a worker, with a result or an error (a crashed worker's included). */
  completed: number;
  /** Threads started and not crashed; a crashed one is replaced by the next job. */
  threads: number;
  /** Closed: it runs nothing more. */
  closed: boolean;
}

/**
 * The worker's entry next to this module: compiled JavaScript (dist/) runs worker-entry.js as it is; from
 * the TypeScript sources (tests, `npm run coincast`) worker-entry-dev.mjs registers tsx first, since a
 * worker thread does not inherit its parent's loaders.
 */
export const WORKER_ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "./worker-entry-dev.mjs" : "./worker-entry.js",
  import.meta.url,
);

/** Runs jobs of the table T (default: Coincast's JOBS) on worker threads, off the main event loop. */
export interface WorkerPool<T extends JobTable = Jobs> {
  /**
   * Runs one job on a free worker, or queues it until one is free.
   *
   * @throws UserError at once when `queueLimit` jobs are already waiting (its text is for chat users).
   * A job whose handler throws rejects with that error, rebuilt on this side (a UserError stays one); a
   * job whose worker crashes or exits rejects with an Error, and the worker is replaced.
   */
  run<K extends JobKind<T>>(
    kind: K,
    input: JobInput<K, T>,
    options?: RunOptions<JobProgress<K, T>>,
  ): Promise<JobOutput<K, T>>;
  stats(): WorkerPoolStats;
  /**
   * Starts the threads now instead of on the first jobs, so their start-up (TensorFlow.js, the model) runs
   * while the caller does other work. Idle threads never keep the process alive.
   */
  warm(): void;
  /** Terminates every worker; jobs still waiting or running reject. */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  job: RunningJob | undefined;
  /** Terminated by the pool, so its exit is expected. */
  stopping: boolean;
}

interface RunningJob {
  id: number;
  kind: string;
  onProgress: ((progress: unknown) => void) | undefined;
  resolve(output: unknown): void;
  reject(error: unknown): void;
}

/**
 * Creates a pool of up to `size` worker threads, started on the first jobs that need them and reused.
 * Each worker starts from `entry` (a JS module: worker threads do not inherit tsx, so it registers tsx and
 * imports the TypeScript worker).
 */
export function createWorkerPool<T extends JobTable = Jobs>(options: WorkerPoolOptions): WorkerPool<T> {
  const { size, queueLimit, name } = options;
  const entry = options.entry ?? WORKER_ENTRY;
  const logger = options.logger.child({ pool: name });
  // p-queue holds the waiting jobs and starts at most `size` at once; which thread runs one is ours to pick.
  const queue = new PQueue({ concurrency: size });
  const closing = new AbortController();
  // Every waiting job listens on `closing` until it starts (p-queue), and a running one twice (p-queue and
  // runningJob), each removed when done: up to queueLimit + 2 * size at once, not a leak. Past Node's
  // default of 10 it would warn of one under load; a listener beyond the bound is still warned of.
  setMaxListeners(queueLimit + 2 * size, closing.signal);
  const threads = new Set<Thread>();
  const idle: Thread[] = [];
  let nextId = 1;
  let completed = 0;

  const retire = (thread: Thread) => {
    threads.delete(thread);
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
  };

  const failThread = (thread: Thread, reason: (job: RunningJob) => Error) => {
    const job = thread.job;
    thread.job = undefined;
    // Retired before the job settles, so the next job (started as the pool sees this one end) gets a new thread.
    retire(thread);
    if (job === undefined) return;
    completed++;
    job.reject(reason(job));
  };

  const spawn = (): Thread => {
    // execArgv [] : the entry registers tsx itself; a parent's loader flags (tsx, vitest) add nothing here.
    const worker = new Worker(entry, { workerData: options.workerData, name, execArgv: [] });
    const thread: Thread = { worker, job: undefined, stopping: false };
    threads.add(thread);
    worker.on("message", (reply: JobReply) => {
      const job = thread.job;
      if (job === undefined || reply.id !== job.id) return;
      if ("progress" in reply) return tellProgress(job, reply.progress, logger);
      thread.job = undefined;
      worker.unref();
      idle.push(thread);
      completed++;
      if (reply.ok) job.resolve(reply.output);
      else job.reject(deserializeError(reply.error));
    });
    worker.on("messageerror", (error) => {
      logger.error({ err: error }, "a reply from a worker thread could not be read");
      failThread(
        thread,
        (job) => new Error(`the ${job.kind} job's reply could not be read: ${error.message}`),
      );
      void stop(thread);
    });
    worker.on("error", (error) => {
      logger.error({ err: error, thread: worker.threadId }, "worker thread crashed");
      failThread(
        thread,
        (job) =>
          new Error(`${name} worker crashed during a ${job.kind} job: ${error.message}`, { cause: error }),
      );
    });
    worker.on("exit", (code) => {
      // After "error" the thread is retired already, and the crash logged.
      if (!thread.stopping && threads.has(thread)) {
        logger.warn({ code, thread: worker.threadId }, "worker thread exited");
      }
      failThread(thread, (job) => new Error(`${name} worker exited (code ${code}) during a ${job.kind} job`));
    });
    return thread;
  };

  const stop = (thread: Thread) => {
    thread.stopping = true;
    retire(thread);
    return thread.worker.terminate();
  };

  const runOnThread = (kind: string, input: unknown, runOptions: RunOptions<unknown>, signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      const thread = idle.pop() ?? spawn();
      const id = nextId++;
      thread.job = runningJob(
        { id, kind, onProgress: runOptions.onProgress },
        signal,
        resolve,
        reject,
        () => {
          const job = thread.job;
          thread.job = undefined;
          void stop(thread);
          job?.reject(signal.reason);
        },
      );
      // A busy worker keeps the process alive until its job ends; an idle one does not (see "message").
      thread.worker.ref();
      try {
        thread.worker.postMessage({ id, kind, input } satisfies JobRequest);
      } catch (error) {
        // The input could not be cloned: the job never left, the thread is as good as before.
        const job = thread.job;
        thread.job = undefined;
        thread.worker.unref();
        idle.push(thread);
        job.reject(error);
      }
    });

  return {
    run(kind, input, runOptions = {}) {
      if (closing.signal.aborted) return Promise.reject(new Error(`the ${name} worker pool is closed`));
      if (queue.size >= queueLimit) return Promise.reject(busyError(queue.size));
      const signal = runOptions.signal
        ? AbortSignal.any([closing.signal, runOptions.signal])
        : closing.signal;
      const untyped = runOptions as RunOptions<unknown>;
      return queue.add(() => runOnThread(kind, input, untyped, signal), { signal }) as Promise<
        JobOutput<typeof kind, T>
      >;
    },

    stats: () => ({
      queued: queue.size,
      running: queue.pending,
      completed,
      threads: threads.size,
      closed: closing.signal.aborted,
    }),

    warm() {
      while (!closing.signal.aborted && threads.size < size) {
        const thread = spawn();
        thread.worker.unref();
        idle.push(thread);
      }
    },

    async close() {
      const all = [...threads];
      closing.abort(new Error(`the ${name} worker pool is closed`));
      await Promise.all(all.map(stop));
    },
  };
}

/**
 * What a caller is told when `queued` jobs already wait, in a pool's queue or the fleet's: its text reaches
 * chat users.
 */
export function busyError(queued: number): UserError {
  return new UserError(`Coincast is busy (${queued} forecasts queued); try again in a few seconds.`, {
    code: "busy",
    params: { queued },
  });
}

/** Hands a job's progress to its caller, whose throw is logged: thrown here it would crash the process. */
function tellProgress(job: RunningJob, progress: unknown, logger: Logger): void {
  try {
    job.onProgress?.(progress);
  } catch (error) {
    logger.warn({ err: error, kind: job.kind }, "onProgress threw");
  }
}

/**
 * A job sent to a thread: `onAbort` runs when `signal` aborts first; settling the job either way stops
 * listening for it.
 */
function runningJob(
  job: Pick<RunningJob, "id" | "kind" | "onProgress">,
  signal: AbortSignal,
  resolve: (output: unknown) => void,
  reject: (error: unknown) => void,
  onAbort: () => void,
): RunningJob {
  const done = () => signal.removeEventListener("abort", onAbort);
  signal.addEventListener("abort", onAbort, { once: true });
  return {
    ...job,
    resolve: (output) => {
      done();
      resolve(output);
    },
    reject: (error) => {
      done();
      reject(error);
    },
  };
}

/**
 * Rebuilds a worker's error (a thread's, or a BullMQ worker process's) with its code and retryable: a
 * UserError (its text may reach a chat) and a ConfigError as such, any other error of ours as a
 * CoincastError, a fault as an Error.
 */
export function deserializeError(serialized: SerializedError): Error {
  const { code, retryable, message } = serialized;
  if (isUserErrorCode(code)) {
    return new UserError(message, {
      code,
      retryable,
      suggestions: serialized.suggestions ?? [],
      params: serialized.params ?? {},
    });
  }
  const error: Error =
    code === "config" || code === "backend-unavailable"
      ? new ConfigError(message, { code })
      : code === "fault"
        ? new Error(message)
        : new CoincastError(message, { code, retryable });
  // The original class name ("BackendUnavailableError", "RangeError") for the log.
  Object.defineProperty(error, "name", { value: serialized.name });
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
