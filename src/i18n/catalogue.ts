import type { RetrainReasonCode } from "../contracts/retrain.js";
import type { UserErrorCode } from "../errors.js";
import type { en } from "./locales/en.js";
import type { RefusalVariant } from "./refusal-params.js";

/** The English catalogue's shape with every leaf a string: what each other language must fill in. */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** One command's words in a language: its Discord name, its description, its options' descriptions. */
export interface CommandWords {
  /** Discord's rule for localised names: lowercase, 1-32 of letters, digits, "-" and "_". */
  name: string;
  /** 1-100 characters, as every platform's rule. */
  description: string;
  options: Record<string, string>;
}

/**
 * A translation: every key English has, plus what English keeps beside the code (each command's words,
 * from its declaration; each UserError's message, from where it is thrown). Missing keys fail to compile,
 * and test/i18n/catalogues.test.ts checks the same at run time against the command registry.
 */
export type Catalogue = Strings<typeof en> & {
  commands: Record<string, CommandWords>;
  /**
   * Each code's words, and its variants for the throwers that pass a context (i18next's context, as
   * refusal-params.ts lists them): `_named` quotes what was typed, as "I don't know the symbol BTCC" is to
   * "I don't know it".
   */
  errors: Refusals;
  /**
   * Why a retrain kept or promoted a model, worded from its values (contracts/retrain.ts); English says it
   * where the rule decides (challenge-rule.ts). "needs-days" counts days, so it has plural forms.
   */
  retrainReasons: Record<Exclude<RetrainReasonCode, "needs-days">, string> & {
    "needs-days_one": string;
    "needs-days_other": string;
  };
};

/** A language's refusals: every code, and every variant refusal-params.ts declares. */
export type Refusals = Record<UserErrorCode, string> & Record<RefusalVariant, string>;
