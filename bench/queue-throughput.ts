/**
 * The fleet's model work on BullMQ (needs Redis on 127.0.0.1:6379, or REDIS_URL):
 * 1. throughput: 360 distinct forecasts (a 4h CNN-GRU network, BTC, each from a different origin candle
 *    so no two share a job id) submitted at once, answered by one and then by two `coincast worker`
 *    processes of one thread each, after 40 untimed forecasts per worker (V8 compiles the hot wasm and JS
 *    with its optimising tier in background threads during a worker's first few hundred forecasts);
 *    forecasts per second, median of 3 rounds, and the ratio; beside it, the CPU each process spent per
 *    forecast (the bench itself, which plays the bot, each worker, and the Redis server), read from /proc;
 * 2. the queue hop: p50 of one forecast at a time through the queue to one worker, against the same
 *    forecast on an in-process worker thread (the embedded default); the difference is what the hop adds;
 * 3. the hop alone: p50 of one forecast at a time through the queue to a worker whose model answers at
 *    once (in this process), so the model's own time, and its noise on a shared machine, is left out.
 * The network is what a GPU worker is for: the shipped models are HAR-RV now (a forecast in ~2 ms, so the
 * queue's own cost would be all that is measured), so the bench first trains the 4h network for one epoch
 * on candles up to 2019 (`coincast train --kind network`, ~1 minute, into a scratch copy of models/): a
 * forecast costs the same whatever its weights. `--model shipped` measures the shipped 4h model instead.
 * Run: `npx tsx bench/queue-throughput.ts [--quick] [--model network|shipped]`. Uses its own key prefix and
 * deletes it after.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { liveWorkers } from "../src/fleet/heartbeat.js";
import { createQueueRunner } from "../src/fleet/queue-runner.js";
import { startQueueWorker } from "../src/fleet/queue-worker.js";
import { openRedis } from "../src/fleet/redis.js";
import type { ForecastJobInput } from "../src/forecast/forecast-job-input.js";
import { silentLogger } from "../src/logger.js";
import { fillGaps } from "../src/market/gaps.js";
import { resample } from "../src/market/resample.js";
import { loadShipped } from "../src/market/shipped.js";
import { projectPath } from "../src/paths.js";
import { createWorkerPool, type WorkerPool } from "../src/workers/worker-pool.js";
import { BIN, type Child, startChild } from "../test/helpers/processes.js";
import { deletePrefix } from "../test/helpers/redis.js";
import { median } from "./measure.js";
import { trainInto } from "./train-cli.js";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, model: { type: "string", default: "network" } },
});
if (values.model !== "network" && values.model !== "shipped")
  throw new Error("--model is network or shipped");
const quick = values.quick === true;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// wasm runs one core per process: what one more worker process adds is then one more core's work.
// tfjs-node spreads one process over every core, so a second process on the same two cores adds little.
const TF_BACKEND = process.env.TF_BACKEND ?? "wasm";
const JOBS = quick ? 20 : 360;
const WARMUP_PER_WORKER = quick ? 2 : 40;
const ROUNDS = quick ? 1 : 3;
const HOPS = quick ? 10 : 60;
const prefix = `coincast-bench-${Math.random().toString(36).slice(2, 8)}`;
const logger = silentLogger();
const scratch = await mkdtemp(join(tmpdir(), "coincast-bench-queue-"));
let modelDir = projectPath("models/4h");
if (values.model === "network") {
  const args = [
    "--timeframe",
    "4h",
    "--kind",
    "network",
    "--no-global",
    "--epochs",
    "1",
    "--until",
    "2019-01-01",
  ];
  const ms = await trainInto(scratch, args);
  console.log(
    `model: 4h cnn-gru network, one epoch on candles up to 2019 (trained in ${(ms / 1000).toFixed(0)} s)`,
  );
  modelDir = join(scratch, "models", "4h");
} else console.log("model: the shipped 4h model");

const shipped = await loadShipped("BTC/USDT");
if (shipped === null) throw new Error("no shipped BTC/USDT history");
const candles = resample(fillGaps(shipped).candles, "4h");
/** Forecast `i` starts from the i-th candle before the last: a distinct key, the same amount of work. */
const job = (i: number, salt: number): ForecastJobInput => ({
  modelDir,
  symbol: "BTC/USDT",
  steps: 1,
  candles: candles.slice(Math.max(0, candles.length - 1000 - i - salt), candles.length - i - salt),
});

const redis = new Redis(REDIS_URL);
const runner = createQueueRunner({
  redisUrl: REDIS_URL,
  prefix,
  redis: openRedis(REDIS_URL, logger),
  queueLimit: 100_000,
  timeoutMs: 600_000,
  logger,
});
const workers: Child[] = [];
const env = {
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: "warn",
  FORECAST_WORKERS: "1",
  TF_BACKEND,
  DATA_DIR: `/tmp/${prefix}`,
  EXCHANGE_API_URL: "http://127.0.0.1:9",
};
const addWorker = async () => {
  const worker = startChild(BIN, ["worker"], env);
  workers.push(worker);
  while ((await liveWorkers(redis, prefix)).length < workers.length) {
    if (worker.process.exitCode !== null) throw new Error(`a worker exited at start: ${worker.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** CPU ms (user + system) a process has used so far, from /proc/<pid>/stat; null where there is none. */
async function processCpuMs(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1]) || undefined;

interface CpuSplit {
  bench: number;
  workers: (number | null)[];
  redis: number | null;
}

/** CPU ms so far of the bench, each worker process and Redis. */
async function cpuSnapshot(): Promise<CpuSplit> {
  const own = process.cpuUsage();
  return {
    bench: (own.user + own.system) / 1000,
    workers: await Promise.all(workers.map((w) => processCpuMs(w.process.pid))),
    redis: await processCpuMs(redisPid),
  };
}
const cpuSince = (from: CpuSplit, to: CpuSplit, jobs: number): CpuSplit => ({
  bench: (to.bench - from.bench) / jobs,
  workers: to.workers.map((ms, i) => {
    const start = from.workers[i];
    return ms === null || start === null || start === undefined ? null : (ms - start) / jobs;
  }),
  redis: to.redis === null || from.redis === null ? null : (to.redis - from.redis) / jobs,
});

let salt = 0;
const throughput = async (): Promise<{ rate: number; cpu: CpuSplit }> => {
  const rates: number[] = [];
  const splits: CpuSplit[] = [];
  // Warm-up: every worker loads the model and runs its first forecasts before timing.
  salt += JOBS + 10;
  const warm = workers.length * WARMUP_PER_WORKER;
  await Promise.all(Array.from({ length: warm }, (_, i) => runner.forecast(job(i, salt))));
  salt += warm;
  for (let round = 0; round < ROUNDS; round++) {
    salt += JOBS + 10;
    const before = await cpuSnapshot();
    const start = performance.now();
    await Promise.all(Array.from({ length: JOBS }, (_, i) => runner.forecast(job(i, salt))));
    rates.push(JOBS / ((performance.now() - start) / 1000));
    splits.push(cpuSince(before, await cpuSnapshot(), JOBS));
  }
  const rate = median(rates);
  // The CPU split of the median round.
  return { rate, cpu: splits[rates.indexOf(rate)] ?? (splits[0] as CpuSplit) };
};

const cpuText = (c: CpuSplit): string => {
  const ms = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));
  return `bench (the bot) ${ms(c.bench)}, worker${c.workers.length > 1 ? "s" : ""} ${c.workers.map(ms).join(" + ")}, Redis ${ms(c.redis)} ms of CPU a forecast`;
};

const sequentialP50 = async (run: (input: ForecastJobInput) => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  salt += JOBS + 10;
  for (let i = 0; i < HOPS + 3; i++) {
    const start = performance.now();
    await run(job(i, salt));
    if (i >= 3) times.push(performance.now() - start);
  }
  return median(times);
};

/** The hop alone (see 3. above), on its own key prefix. */
async function transportP50(): Promise<number> {
  const hopPrefix = `${prefix}-hop`;
  const instant = {
    run: async () => ({ quantiles: [0, 0, 0, 0, 0] }),
    stats: () => ({ queued: 0, running: 0, completed: 0 }),
    warm: () => undefined,
    close: async () => undefined,
  } as unknown as WorkerPool;
  const client = openRedis(REDIS_URL, logger);
  const worker = await startQueueWorker({
    redisUrl: REDIS_URL,
    prefix: hopPrefix,
    redis: client,
    inference: instant,
    training: instant,
    concurrency: 1,
    backend: "none",
    logger,
  });
  const hopRunner = createQueueRunner({
    redisUrl: REDIS_URL,
    prefix: hopPrefix,
    redis: client,
    queueLimit: 100_000,
    timeoutMs: 60_000,
    logger,
  });
  try {
    const times: number[] = [];
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      times.push(await sequentialP50((input) => hopRunner.forecast(input)));
    }
    return median(times);
  } finally {
    await worker.close();
    await hopRunner.close();
    await deletePrefix(redis, hopPrefix);
    await client.quit();
  }
}

try {
  await addWorker();
  const one = await throughput();
  const queueP50 = await sequentialP50((input) => runner.forecast(input));
  await addWorker();
  const two = await throughput();
  const pool = createWorkerPool({
    name: "bench",
    size: 1,
    queueLimit: 10,
    workerData: { tfBackend: TF_BACKEND as "wasm", logLevel: "silent" },
    logger,
  });
  const threadP50 = await sequentialP50((input) => pool.run("forecast", input));
  await pool.close();
  const hopP50 = await transportP50();
  console.log(`TF_BACKEND=${TF_BACKEND}, load average ${(await import("node:os")).loadavg()[0]?.toFixed(1)}`);
  const row = (name: string, value: string) => console.log(`${name.padEnd(64)} ${value}`);
  row(`forecasts/s, ${JOBS} at once, 1 worker process`, one.rate.toFixed(1));
  row("  CPU split", cpuText(one.cpu));
  row(`forecasts/s, ${JOBS} at once, 2 worker processes`, two.rate.toFixed(1));
  row("  CPU split", cpuText(two.cpu));
  row("throughput ratio, 2 : 1 workers (target >= 1.7x)", `${(two.rate / one.rate).toFixed(2)}x`);
  // Every process shares the same 2 cores: at best they are both busy all the time.
  const perForecast = [two.cpu.bench, ...two.cpu.workers, two.cpu.redis];
  if (perForecast.every((v) => v !== null)) {
    const total = (perForecast as number[]).reduce((a, b) => a + b, 0);
    const ceiling = (1000 * cpus().length) / total;
    row(
      `  ceiling: ${cpus().length} cores / ${total.toFixed(2)} ms of CPU a forecast`,
      `${ceiling.toFixed(1)}/s, ${(ceiling / one.rate).toFixed(2)}x of 1 worker`,
    );
  }
  row("p50 one forecast, in-process worker thread", `${threadP50.toFixed(1)} ms`);
  row("p50 one forecast through BullMQ to a worker process", `${queueP50.toFixed(1)} ms`);
  row("added p50 latency of the queue hop (target < 10 ms)", `${(queueP50 - threadP50).toFixed(1)} ms`);
  row("p50 queue round trip to a worker whose model answers at once", `${hopP50.toFixed(1)} ms`);
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await runner.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await rm(scratch, { recursive: true, force: true });
}
process.exit(0);
