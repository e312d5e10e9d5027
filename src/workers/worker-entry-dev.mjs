// A worker thread starts as plain Node, whatever loaders its parent runs under (tsx, vitest): from the
// TypeScript sources, register tsx here, then run the same entry the compiled build runs.
import { register } from "tsx/esm/api";

register();
await import("./worker-entry.ts");
