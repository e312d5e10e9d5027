import { expect } from "vitest";
import { UserError } from "../../src/errors.js";
import { CATALOGUES, i18nFor, type Locale } from "../../src/i18n/index.js";
import { refusalVariants } from "../../src/i18n/refusal-params.js";
import { userErrorLines } from "../../src/i18n/user-error.js";

/** Every shipped language but English. */
export const TRANSLATED = Object.keys(CATALOGUES) as Exclude<Locale, "en">[];

/** What `run` throws, which must be a UserError. */
export async function refusalOf(run: () => unknown): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

/**
 * A refusal as every language reads it: `error` passes exactly the params refusal-params.ts declares for its
 * variant, its English message names each of `named` (what was typed, the choices, the symbol, the count),
 * and so does its Spanish, German and Portuguese, in its own words and with no placeholder left.
 * @returns the translations, by language, for a test to pin one.
 */
export function expectNamedEverywhere(
  error: UserError,
  named: readonly (string | number)[],
): Record<string, string> {
  const { context, ...values } = error.params;
  const variants = refusalVariants(error.code);
  expect(Object.keys(values).sort(), `${error.code} ${context ?? ""}`).toEqual(
    [...(variants[String(context ?? "")] ?? ["(undeclared context)"])].sort(),
  );
  for (const value of named) expect(error.message).toContain(String(value));
  const texts: Record<string, string> = {};
  for (const lng of TRANSLATED) {
    const text = userErrorLines(error, i18nFor(lng)).join("\n");
    expect(text, lng).not.toContain(error.message);
    expect(text, lng).not.toMatch(/\{\{|\}\}/);
    for (const value of named) expect(text, `${lng}: ${text}`).toContain(String(value));
    texts[lng] = text;
  }
  return texts;
}
