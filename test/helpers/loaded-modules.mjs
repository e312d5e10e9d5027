// `node --import ./loaded-modules.mjs ...`: at exit, writes the npm packages the process loaded (ES modules
// through a loader hook, CommonJS through Module._load) to stderr as one line, `LOADED-PACKAGES a b c`.
import Module, { register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on("message", (url) => seen.add(url));
port1.unref();
register(new URL("./loaded-modules-hooks.mjs", import.meta.url), {
  data: { port: port2 },
  transferList: [port2],
});
const load = Module._load;
Module._load = function (...args) {
  try {
    seen.add(Module._resolveFilename(...args));
  } catch {
    // Unresolvable requests fail in load() below, as they would without this hook.
  }
  return load.apply(this, args);
};
process.on("exit", () => {
  const packages = new Set();
  for (const url of seen) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (match) packages.add(match[1]);
  }
  process.stderr.write(`\nLOADED-PACKAGES ${[...packages].sort().join(" ")}\n`);
});
