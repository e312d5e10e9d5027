// The entry of Coincast's worker threads, run as compiled JavaScript (dist/); see WORKER_ENTRY.
import { startWorker } from "./worker.js";

await startWorker();
