import { randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { CoincastError } from "../../errors.js";
import { writeDurable } from "../../storage/durable-file.js";
import { type ModelMeta, modelMetaSchema } from "./model-meta.js";
import { openStaging } from "./staging.js";
import { type StatisticalMeta, statisticalMetaSchema } from "./statistical-meta.js";

export type { ModelMeta } from "./model-meta.js";
export type { StatisticalMeta } from "./statistical-meta.js";

/** What a model directory's meta.json describes: a network (kind absent or "network") or a statistical model. */
export type SavedMeta = ModelMeta | StatisticalMeta;

/** Whether a saved model is statistical (no weights: meta.json is the whole model). */
export function isStatisticalMeta(meta: SavedMeta): meta is StatisticalMeta {
  return meta.kind === "statistical";
}

export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";
export const META_FILE = "meta.json";

/** A saved model that cannot be used: missing or corrupt files, or a meta.json that does not validate. */
export class ModelLoadError extends CoincastError {
  override readonly name = "ModelLoadError";

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: "model-load", retryable: false, cause: options.cause });
  }
}

/** A model and the metadata needed to feed and read it. */
export interface SavedModel {
  model: tf.LayersModel;
  meta: ModelMeta;
}

/**
 * Saves `model` as `<dir>/model.json` + `<dir>/weights.bin` (the standard tfjs layers format, loadable by
 * tf.loadLayersModel on any backend) plus `<dir>/meta.json`. Written without tfjs-node, whose file://
 * handler does not exist on the wasm and cpu backends. Atomic: see {@link writeDirectoryAtomic}.
 */
export async function saveModel(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  await writeDirectoryAtomic(dir, (staging) => writeModelFiles(staging, model, meta));
}

/** Writes the three model files into an existing directory (not atomic; saveModel wraps it). */
export async function writeModelFiles(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  // Imported here: the registry and the forecast core read meta.json on the main thread, which never needs tfjs.
  const tf = await import("@tensorflow/tfjs");
  const checked = modelMetaSchema.safeParse(meta);
  if (!checked.success) throw new Error(`refusing to save invalid meta: ${describeIssues(checked.error)}`);
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error("model.save produced no topology or weights");
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    format: artifacts.format ?? "layers-model",
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
  };
  const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  await writeDurable(join(dir, WEIGHTS_FILE), new Uint8Array(weights));
  await writeDurable(join(dir, MODEL_FILE), JSON.stringify(modelJson));
  await writeDurable(join(dir, META_FILE), `${JSON.stringify(checked.data, null, 2)}\n`);
}

/**
 * Rewrites a saved network's meta.json alone, where only what it records changed (not the weights): in a
 * directory not yet published, as writeModelFiles (not atomic).
 */
export async function writeModelMeta(dir: string, meta: ModelMeta): Promise<void> {
  const checked = modelMetaSchema.safeParse(meta);
  if (!checked.success) throw new Error(`refusing to save invalid meta: ${describeIssues(checked.error)}`);
  await writeDurable(join(dir, META_FILE), `${JSON.stringify(checked.data, null, 2)}\n`);
}

/**
 * Loads a model saved by {@link saveModel}: meta.json is validated first, then the weights are read
 * through tf.io.fromMemory, and the model's output width is checked against horizons × quantiles.
 *
 * @throws ModelLoadError naming the directory and what is wrong with it.
 */
export async function loadModel(dir: string): Promise<SavedModel> {
  const tf = await import("@tensorflow/tfjs");
  const meta = await readModelMeta(dir);
  const modelJson = (await readJson(dir, MODEL_FILE)) as tf.io.ModelJSON;
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new ModelLoadError(`${join(dir, MODEL_FILE)} is not a tfjs layers model (no topology or manifest)`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const files = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readWeights(dir, p)));
    return [specs, files];
  });
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new ModelLoadError(`${dir}: the model files do not load: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const width = meta.horizons.length * meta.quantiles.length;
  const output = model.outputs[0]?.shape;
  if (output?.[output.length - 1] !== width) {
    model.dispose();
    throw new ModelLoadError(`${dir}: model outputs ${String(output)}, meta.json expects ${width} values`);
  }
  return { model, meta };
}

/** Reads and validates a network's `<dir>/meta.json` alone (cheap: for listing models without loading weights). */
export async function readModelMeta(dir: string): Promise<ModelMeta> {
  const meta = await readSavedMeta(dir);
  if (isStatisticalMeta(meta)) {
    throw new ModelLoadError(`${join(dir, META_FILE)} describes a statistical model, not a network`);
  }
  return meta;
}

/** Reads and validates `<dir>/meta.json` of either kind (a meta.json without `kind` is a network's). */
export async function readSavedMeta(dir: string): Promise<SavedMeta> {
  const json = await readJson(dir, META_FILE);
  const statistical = (json as { kind?: unknown } | null)?.kind === "statistical";
  const parsed = (statistical ? statisticalMetaSchema : modelMetaSchema).safeParse(json);
  if (!parsed.success) {
    throw new ModelLoadError(`${join(dir, META_FILE)} is invalid: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Fills a fresh staging directory beside `dir`, then renames it into place, so readers see either the old
 * model or the whole new one, never a mix of files. A rename cannot replace a non-empty directory, so an
 * existing `dir` is first renamed aside and removed after the swap; only a crash between those two
 * renames leaves no `dir` (the previous model then survives as `<dir>.old-*`). A staging folder a killed save
 * left behind is removed by a later save (staging.ts).
 */
export async function writeDirectoryAtomic(
  dir: string,
  fill: (staging: string) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const { path: staging, close } = await openStaging(dir);
  try {
    await fill(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    close();
  }
  const aside = `${dir}.old-${randomBytes(4).toString("hex")}`;
  const existed = await rename(dir, aside).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  await rename(staging, dir);
  if (existed) await rm(aside, { recursive: true, force: true });
}

/** Subdirectories of `dir` that hold a meta.json, sorted (a per-symbol forecaster saves one per symbol). */
export async function listModelDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const names = await readdir(join(dir, entry.name)).catch(() => [] as string[]);
    if (names.includes(META_FILE)) found.push(join(dir, entry.name));
  }
  return found.sort();
}

async function readJson(dir: string, file: string): Promise<unknown> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new ModelLoadError(`${path} ${missing ? "is missing" : "cannot be read"}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Weight files must sit beside model.json: a manifest path is never followed out of the directory. */
async function readWeights(dir: string, path: string): Promise<ArrayBuffer> {
  if (basename(path) !== path)
    throw new ModelLoadError(`${dir}: weights path ${path} leaves the model directory`);
  try {
    const buffer = await readFile(join(dir, path));
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  } catch (error) {
    throw new ModelLoadError(`${join(dir, path)} is missing or unreadable`, { cause: error });
  }
}

function describeIssues(error: { issues: { path: (string | number)[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * The folders of every network a saved forecaster holds: `dir` itself for a pooled model, one subfolder
 * per symbol otherwise; empty when `dir` holds no saved model.
 */
export async function savedModelDirs(dir: string): Promise<string[]> {
  const pooled = await access(join(dir, META_FILE)).then(
    () => true,
    () => false,
  );
  return pooled ? [dir] : listModelDirs(dir);
}

/** The meta.json of every network of a saved forecaster (or of its statistical model), without loading weights. */
export async function readSavedMetas(dir: string): Promise<SavedMeta[]> {
  return Promise.all((await savedModelDirs(dir)).map((d) => readSavedMeta(d)));
}

/** Writes a statistical model's meta.json (its only file) into `dir`, atomically; refuses an invalid one. */
export async function saveStatisticalMeta(dir: string, meta: StatisticalMeta): Promise<void> {
  const checked = statisticalMetaSchema.safeParse(meta);
  if (!checked.success) throw new Error(`refusing to save invalid meta: ${describeIssues(checked.error)}`);
  await writeDirectoryAtomic(dir, (staging) =>
    writeDurable(join(staging, META_FILE), `${JSON.stringify(checked.data, null, 2)}\n`),
  );
}
