// Worker entry for test/forecast/worker-pool.test.ts: like src/forecast/worker-entry.mjs, but serves TEST_JOBS.
import { register } from "tsx/esm/api";

register();
const { serveJobs } = await import("../../src/workers/worker.ts");
const { TEST_JOBS } = await import("./worker-pool-jobs.ts");
serveJobs(TEST_JOBS);
