// A worker thread starts as plain Node, whatever loaders its parent runs under (tsx, vitest): register tsx
// here, as bin/coincast.mjs does, so that the worker can import TypeScript.
import { register } from "tsx/esm/api";

register();
const { startWorker } = await import("./worker.ts");
await startWorker();
