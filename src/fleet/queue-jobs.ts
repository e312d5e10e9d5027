import type { ChartJobInput } from "../chart/chart-job.js";
import type { ForecastJobInput } from "../forecast/forecast-job-input.js";
import type { ChallengeInput } from "../lifecycle/challenge.js";
import { versionOfDir } from "../lifecycle/model-version-files.js";
import type { SerializedError } from "../workers/worker.js";

/** The two BullMQ queues: forecasts and charts (quick, many workers), training (long, one at a time). */
export const FORECAST_QUEUE = "forecast";
export const TRAINING_QUEUE = "training";

/**
 * What a job returns through Redis. A UserError or ConfigError comes back as a value, not as a failed
 * job: it is the answer (BullMQ would keep only its message), and retrying it elsewhere would give the
 * same one. Faults throw, so BullMQ records them as failed. A refusal a later try may not meet ("busy")
 * is no answer to keep: see {@link retryableFailure}.
 */
export type QueueResult<T> = { ok: true; output: T } | { ok: false; error: SerializedError };

const RETRYABLE = "coincast-retryable:";

/**
 * A retryable refusal (the worker's pool busy) as a job failure: a completed job's value is kept and given
 * to every later ask of its id for an hour, so "try again in a few seconds" would be the answer all that
 * time; a failed forecast job is forgotten at once and the next ask runs again. BullMQ keeps only a
 * failure's message, so the refusal travels in it, read back by {@link retryableRefusal}.
 */
export function retryableFailure(error: SerializedError): Error {
  return new Error(`${RETRYABLE}${JSON.stringify(error)}`);
}

/** The refusal a job failure carries (see retryableFailure); undefined for any other failure. */
export function retryableRefusal(failure: string): SerializedError | undefined {
  if (!failure.startsWith(RETRYABLE)) return undefined;
  try {
    return JSON.parse(failure.slice(RETRYABLE.length)) as SerializedError;
  } catch {
    return undefined;
  }
}

/** A forecast job's data in Redis: its candles packed (see candle-codec.ts). */
export type QueuedForecast = Omit<ForecastJobInput, "candles"> & { candles: string };
/** A chart job's data in Redis: its history packed. */
export type QueuedChart = Omit<ChartJobInput, "history"> & { history: string };

/** The chart crosses Redis as JSON: the PNG travels as base64. */
export interface ChartQueueOutput {
  pngBase64: string;
}

/**
 * The BullMQ job id of a forecast: the forecast key (symbol, horizon as steps of the model's timeframe,
 * origin candle, model version), so a second add with the same key, from any replica, joins the job
 * already queued, running or just finished instead of running the model again. BullMQ refuses ":" in
 * custom ids.
 */
export function forecastJobId(input: ForecastJobInput): string {
  const origin = input.candles.at(-1)?.time ?? "none";
  // A batch (volatility history) is its own job: its first origin and count, beside the last.
  const first = input.origins?.[0];
  const batch =
    first === undefined ? "" : `|batch ${input.candles[first]?.time ?? "none"} x${input.origins?.length}`;
  return safeId(`forecast|${input.symbol}|${input.steps}|${origin}${batch}|${modelKey(input.modelDir)}`);
}

/**
 * A model folder as every replica names it: a registry version by timeframe and id (each replica may keep
 * its copy under another DATA_DIR), any other folder (the shipped models) by its path.
 */
export function modelKey(dir: string): string {
  const version = versionOfDir(dir);
  return version === undefined ? dir : `${version.timeframe}/${version.id}`;
}

export function chartJobId(input: ChartJobInput): string {
  const f = input.forecast;
  // The language is part of the job: a German picture must not be handed to an English reply.
  return safeId(
    `chart|${f.symbol}|${f.horizon}|${f.asOf}|${f.modelVersion}|${f.madeAt}|${input.locale ?? "en"}`,
  );
}

export function challengeJobId(input: ChallengeInput): string {
  return safeId(`challenge|${input.timeframe}|${input.challengerDir}`);
}

function safeId(id: string): string {
  return id.replaceAll(":", "_");
}
