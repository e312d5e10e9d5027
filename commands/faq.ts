import { allHorizons } from "../src/forecast/forecast.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import { MIN_HOLDOUT_ORIGINS } from "../src/lifecycle/challenge-rule.js";
import { accuracyAnswer, modelAnswer } from "./faq-models.js";
import { type CommandServices, defineCommand } from "./types.js";

type Services = Pick<CommandServices, "symbols" | "forecasts">;

/** An answer: its lines in the reader's language, from the catalogue's faq.<topic> (src/i18n/faq/). */
type FaqAnswer = (services: Services, words: I18n) => string[] | Promise<string[]>;

/** A topic whose answer is its catalogue's sentences, in order, none with a value in it. */
const said =
  (topic: string, keys: readonly string[]): FaqAnswer =>
  (_services, { t }) =>
    keys.map((key) => t(`faq.${topic}.${key}`));

/**
 * The FAQ, in our own words. One table: the topic choices are its keys, so a topic cannot be offered
 * without an answer; each topic's title is the catalogue's faq.topics.<topic>. What the serving models are
 * and their figures are read from them and from their recorded walk-forward (faq-models.ts), as /model
 * reads them: never written into the text.
 */
export const FAQ = {
  model: async ({ forecasts }, words) => modelAnswer(await forecasts.models(), words),
  data: said("data", ["candles", "gaps", "features", "offline"]),
  horizons: ({ symbols }, { t }) => [
    t("faq.horizons.list", { horizons: allHorizons().join(", ") }),
    t("faq.horizons.counted"),
    t("faq.horizons.coins", { symbols: symbols.join(", ") }),
  ],
  accuracy: async ({ forecasts }, words) => accuracyAnswer(await forecasts.models(), words),
  retraining: (_services, { t }) => [
    t("faq.retraining.when"),
    t("faq.retraining.window", { minOrigins: MIN_HOLDOUT_ORIGINS }),
    t("faq.retraining.rollback"),
  ],
  risks: said("risks", ["advice", "inputs", "median"]),
} as const satisfies Record<string, FaqAnswer>;

export type FaqTopic = keyof typeof FAQ;
const TOPICS = Object.keys(FAQ) as FaqTopic[];

export const faqCommand = defineCommand(
  {
    name: "faq",
    description: "Plain answers: how the model works, its data, horizons, accuracy, retraining, risks",
    options: [{ name: "topic", description: "What about (default: the list of topics)", choices: TOPICS }],
    permission: "everyone",
  },
  async ({ topic }, { services, i18n = ENGLISH }) => {
    const { t } = i18n;
    if (topic === undefined) {
      return {
        title: t("faq.title"),
        lines: [t("faq.list"), ...TOPICS.map((key) => `${key}: ${t(`faq.topics.${key}`)}`)],
      };
    }
    const key = topic as FaqTopic;
    return { title: t(`faq.topics.${key}`), lines: await FAQ[key](services, i18n) };
  },
);
