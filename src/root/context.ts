import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * What every part of the composition root shares: the config, the logger, and the closers, run in reverse
 * on close() so that what was built last is stopped first.
 */
export interface RootContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly closers: (() => Promise<void>)[];
}

/** A service built on first call, once; `started()` is its build while or after it runs (close() awaits it). */
export interface Once<T> {
  (): Promise<T>;
  started(): Promise<T> | undefined;
}

export function once<T>(build: () => Promise<T>): Once<T> {
  let built: Promise<T> | undefined;
  const get = () => {
    built ??= build();
    return built;
  };
  return Object.assign(get, { started: () => built });
}
