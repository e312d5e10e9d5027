// Worker entry for test/workers/worker-pool.test.ts: like src/workers/worker-entry-dev.mjs, but serves TEST_JOBS.
import { register } from "tsx/esm/api";

register();
const { serveJobs } = await import("../../src/workers/worker.ts");
const { TEST_JOBS } = await import("./worker-pool-jobs.ts");
serveJobs(TEST_JOBS);
