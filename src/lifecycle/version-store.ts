import type { ModelTimeframe } from "../model/horizons.js";
import type { SavedMeta } from "../model/saved/model-io.js";
import type { Pointer, Promotion } from "./model-version-files.js";

/**
 * Where a registry keeps its versions, per back-end (after tfjs's `ModelStoreManager`, one per URL
 * scheme): folders under DATA_DIR, or PostgreSQL rows shared by the fleet. The rules (which version serves,
 * what promotion keeps, where a rollback goes) are written once over it, in model-registry.ts.
 */
export interface VersionStore {
  readonly has: RegistryCapabilities;
  /** What a queue worker needs of the store (identity where versions are plain folders here). */
  readonly files: ModelFiles;
  /** The folder version `id` is served from on this machine. */
  dirOf(tf: ModelTimeframe, id: string): string;
  /** The champion pointer; null when none was ever written; CorruptPointer when it is damaged or lost. */
  pointer(tf: ModelTimeframe): Promise<Pointer | null | CorruptPointer>;
  /** Promoted versions, newest first (usable or not). */
  promoted(tf: ModelTimeframe): Promise<PromotedVersion[]>;
  /** A promoted version's meta.json; throws (ModelLoadError) when the version is unusable. */
  describe(tf: ModelTimeframe, id: string): Promise<SavedMeta>;
  /** Makes version `id` servable from dirOf (PostgreSQL writes its files here on first use). */
  localize(tf: ModelTimeframe, id: string): Promise<void>;
  /** Whether a fresh id is free to stage (its folder's parent is made ready). */
  isFree(tf: ModelTimeframe, id: string): Promise<boolean>;
  /**
   * Runs `task` while no other promote, discard or rollback of `tf` runs: within this process (files), or
   * across the fleet in one transaction (PostgreSQL), so every reader sees the old champion or the new.
   */
  write<T>(tf: ModelTimeframe, task: (writer: VersionWriter) => Promise<T>): Promise<T>;
}

/** A champion pointer that is there but unreadable (or lost), and what the store recovered of it. */
export interface CorruptPointer {
  /** What is wrong with it, e.g. "champion.json is not a champion pointer". */
  corrupt: string;
  /**
   * The last champion switch recorded, which the rules then serve: files, the last line of champions.log;
   * PostgreSQL, whose row cannot be half-written, the row's id without its unreadable history. Null when
   * none is (the rules then guess).
   */
  recovered: Pointer | null;
}

/** What a store can do beyond the rules, declared (ccxt's `has`) rather than found by casts. */
export interface RegistryCapabilities {
  /** Versions live in a database every machine shares: a worker fetches the ones its jobs name. */
  sharedVersions: boolean;
}

/** What a queue worker needs of the registry to run a job named by a bot on another machine. */
export interface ModelFiles {
  /**
   * The folder on this machine that holds the model a job names by `dir` (a folder on the asking machine):
   * a version folder (`.../<timeframe>/versions/<id>`) is written from the database on first use; any
   * other folder (the shipped models) is taken as it is.
   */
  localize(dir: string): Promise<string>;
  /** Stores a challenger trained on this machine in `dir` as a staged (not promoted) version. */
  upload(dir: string): Promise<void>;
  /** The folder on this machine for the version folder `dir` names (where a challenger is trained). */
  localPath(dir: string): string;
}

export interface PromotedVersion extends Promotion {
  id: string;
}

/** Something staged and never promoted: a challenger, or (files) what a crashed write left. */
export interface StagedEntry {
  /** What `remove` takes. */
  name: string;
  /** The version id it belongs to. */
  id: string;
  /** A crash's leftover rather than a challenger: removed once its version is at or before the champion. */
  leftover: boolean;
}

/** The writes of one `write` task, and the reads they depend on, seen from inside it. */
export interface VersionWriter {
  promoted(tf: ModelTimeframe): Promise<PromotedVersion[]>;
  staged(tf: ModelTimeframe): Promise<StagedEntry[]>;
  /** A staged or promoted version's meta.json (PostgreSQL first stores one trained in a folder here). */
  savedMeta(tf: ModelTimeframe, id: string): Promise<SavedMeta>;
  isPromoted(tf: ModelTimeframe, id: string): Promise<boolean>;
  /** Marks a staged version promoted; one marked already keeps its first promotion. */
  markPromoted(tf: ModelTimeframe, id: string, promotion: Promotion): Promise<void>;
  writePointer(tf: ModelTimeframe, pointer: Pointer): Promise<void>;
  /** Removes versions or leftovers (by `StagedEntry.name` or id), so that none is ever half there. */
  remove(tf: ModelTimeframe, names: readonly string[]): Promise<void>;
}
