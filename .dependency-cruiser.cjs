/**
 * The house rules, checked by `npm run lint` (dependency-cruiser): no import cycles, and no import from a
 * layer above. The layers, lowest first, are the ones README's Layout section lists; a module may import
 * its own layer and the ones below it, never one above.
 */
const LAYERS = [
  // Errors and the contracts between layers (chat, forecast, metrics) are here: every layer may name them;
  // so is the cleaning of typed text (typed-text.ts), which a symbol (market) and a command (chat) share.
  [
    "ground",
    "^src/(errors|error-report|logger|time|paths|config|typed-text)\\.ts$|^src/(storage|types|i18n|contracts)/",
  ],
  ["market", "^src/market/"],
  // The wording of numbers and dates every surface shares; it knows candle periods, so it sits on market.
  ["format", "^src/format\\.ts$"],
  ["features", "^src/features/"],
  ["model", "^src/model/"],
  ["evaluation", "^src/evaluation/"],
  ["chart", "^src/chart/"],
  ["lifecycle", "^src/lifecycle/"],
  ["forecast", "^src/forecast/"],
  ["workers", "^src/workers/"],
  // BullMQ's runner and worker over the worker pool, locks and champion events over the lifecycle.
  ["fleet", "^src/fleet/"],
  ["schedule", "^src/schedule/"],
  ["commands", "^commands/"],
  ["chat", "^src/chat/"],
  ["services", "^src/services\\.ts$"],
  // The operations endpoints (/healthz, /readyz, /metrics) over the services, for the roles to serve.
  ["ops", "^src/ops/"],
  // The composition root: its services (create-services.ts, joining the parts in root/) and its start
  // (main.ts). Below the command line, so that main.ts never imports from cli/ while cli.ts imports main.ts
  // (a cycle between the two folders' worth of code that no file-level cycle check sees).
  ["root", "^src/(main|create-services)\\.ts$|^src/root/"],
  ["cli", "^src/cli/"],
  ["entry", "^src/cli\\.ts$"],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-import-above-${name}`,
  comment: `${name} may import only ${LAYERS.slice(0, i + 1)
    .map(([n]) => n)
    .join(", ")}`,
  severity: "error",
  from: { path },
  to: {
    path: LAYERS.slice(i + 1)
      .map(([, p]) => `(${p})`)
      .join("|"),
  },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import cycle ties modules that should be understood one at a time",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: "only-the-entry-imports-the-root",
      comment:
        "one composition root, imported by src/cli.ts only (main.ts builds on create-services.ts, which joins root/)",
      severity: "error",
      from: { path: "^(src|commands)/", pathNot: "^src/(cli|main|create-services)\\.ts$|^src/root/" },
      to: { path: "^src/(main|create-services)\\.ts$|^src/root/" },
    },
    // Rooms inside src/model/ (README's Layout section lists them).
    {
      name: "model-vocabulary-imports-no-room",
      comment: "types.ts, horizons.ts and quantile-math.ts are what every room shares: they import none",
      severity: "error",
      from: { path: "^src/model/[^/]+\\.ts$" },
      to: { path: "^src/model/[^/]+/" },
    },
    {
      name: "model-acceleration-knows-no-model",
      comment:
        "acceleration/ (back-end, fused kernels, wasm, SIMD) sits under the networks and imports no other model file",
      severity: "error",
      from: { path: "^src/model/acceleration/" },
      to: { path: "^src/model/", pathNot: "^src/model/acceleration/" },
    },
    {
      name: "model-calibration-reads-only-vocabulary",
      comment: "calibration/ works on quantile vectors: it imports no other room",
      severity: "error",
      from: { path: "^src/model/calibration/" },
      to: { path: "^src/model/[^/]+/", pathNot: "^src/model/calibration/" },
    },
    {
      name: "model-baselines-need-no-network",
      comment: "baselines/ and the statistical model never reach the networks or their kernels",
      severity: "error",
      from: { path: "^src/model/baselines/" },
      to: { path: "^src/model/(networks|acceleration)/" },
    },
    {
      name: "model-saved-loads-no-tensorflow",
      comment:
        "the main thread asks saved/ about models: it reaches the networks and TensorFlow.js only through a dynamic import (or for types)",
      severity: "error",
      from: { path: "^src/model/saved/" },
      to: {
        path: "^src/model/(networks|acceleration)/|@tensorflow",
        pathNot: "^src/model/networks/architecture-names\\.ts$",
        dynamic: false,
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "every-source-file-has-a-layer",
      comment: "a new folder under src/ gets its place in LAYERS (and in README's Layout section)",
      severity: "error",
      from: {
        path: "^(src|commands)/",
        pathNot: LAYERS.map(([, p]) => `(${p})`).join("|"),
      },
      to: {},
    },
    // The rule above sees a file only through its imports; a file that imports nothing is caught where it
    // is imported, or as an orphan when nothing imports it either.
    {
      name: "every-imported-source-file-has-a-layer",
      comment: "a new folder under src/ gets its place in LAYERS (and in README's Layout section)",
      severity: "error",
      from: {},
      to: {
        path: "^(src|commands)/",
        pathNot: LAYERS.map(([, p]) => `(${p})`).join("|"),
      },
    },
    {
      name: "every-orphan-source-file-has-a-layer",
      comment: "a new folder under src/ gets its place in LAYERS (and in README's Layout section)",
      severity: "error",
      from: {
        orphan: true,
        path: "^(src|commands)/",
        pathNot: LAYERS.map(([, p]) => `(${p})`).join("|"),
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".mjs", ".js"] },
  },
};
