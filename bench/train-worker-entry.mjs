// A bench training worker: plain Node at start, so register tsx (as src/workers/worker-entry-dev.mjs does),
// then serve the bench's job table.
import { register } from "tsx/esm/api";

register();
const { startBenchTrainWorker } = await import("./train-workers.ts");
await startBenchTrainWorker();
