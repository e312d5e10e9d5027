import { allHorizons } from "../src/forecast/forecast.js";
import { ENGLISH } from "../src/i18n/index.js";
import { MIN_HOLDOUT_ORIGINS } from "../src/lifecycle/challenge-rule.js";
import { accuracyAnswer, modelAnswer } from "./faq-models.js";
import { type CommandServices, defineCommand } from "./types.js";

interface FaqEntry {
  title: string;
  answer(services: Pick<CommandServices, "symbols" | "forecasts">): string[] | Promise<string[]>;
}

/**
 * The FAQ, in our own words. One table: the topic choices are its keys, so a topic cannot be offered
 * without an answer. What the serving models are and their figures are read from them and from their
 * recorded walk-forward (faq-models.ts), as /model reads them: never written into the text.
 */
export const FAQ = {
  model: {
    title: "The model",
    answer: async ({ forecasts }) => modelAnswer(await forecasts.models()),
  },
  data: {
    title: "Data and features",
    answer: () => [
      "Binance spot 4-hour candles since 2017 ship with Coincast; after every 4-hour close the new closed " +
        "candles are fetched from the exchange. Daily candles are the six 4-hour candles of a UTC day.",
      "Gaps (exchange maintenance) are filled with the previous close and marked, never invented as trades.",
      "Features: return, high/low range, price against its 10, 20 and 50-candle averages, RSI 14, MACD, " +
        "Bollinger width, ATR, realised volatility and volume, and the realised variance of the last 1, 7 and " +
        "30 days from the 4-hour returns, range-based volatility (Parkinson, Garman-Klass) and the size of " +
        "recent falls. Each uses only the past, scaled with figures of the training data only.",
      'When the exchange cannot be reached, forecasts use the last stored candles, say "STALE" and give ' +
        'their "as of" time.',
    ],
  },
  horizons: {
    title: "Horizons and coins",
    answer: ({ symbols }) => [
      `Horizons: ${allHorizons().join(", ")}. A daily model answers 1d, 3d and 7d; a 4-hour model answers ` +
        "4h and 12h.",
      "A horizon is counted in closed candles: a 1d forecast is for the close of the day after the last " +
        "closed daily candle (times in UTC).",
      `Coins served here: ${symbols.join(", ")}; with the exchange online, any other spot pair it lists ` +
        "(fetched on first use, the least recently used dropped past MAX_SYMBOLS); offline, also the pairs " +
        "whose history ships as training corpus, to their last day. Type them as you like: btc, BTCUSDT, btc/usdt.",
    ],
  },
  accuracy: {
    title: "How accurate is it?",
    answer: async ({ forecasts }) => accuracyAnswer(await forecasts.models()),
  },
  retraining: {
    title: "Retraining",
    answer: () => [
      "Markets drift, so a new model (the challenger) is fitted every week (Sundays 03:00 UTC by default) " +
        "or when an admin runs /retrain: the same kind and settings as the serving model (a statistical model " +
        "refits in seconds, a network in minutes), on candles " +
        "before a held-out window.",
      "That window is the newest data (60 days by default) that the serving model (the champion) has never " +
        "seen. Both models forecast every held-out point; the challenger takes over only if its quantile " +
        "(pinball) loss is not worse. With fewer than " +
        `${MIN_HOLDOUT_ORIGINS} held-out forecasts, no comparison is made and the champion stays. The price ` +
        "of this rule: a promoted model has not seen the newest days, because those are what it was judged on.",
      "Earlier versions are kept, so an admin can roll back.",
    ],
  },
  risks: {
    title: "Risks and limits",
    answer: () => [
      "Not financial advice. Crypto can move far beyond any interval: by design 1 in 5 outcomes falls " +
        "outside the 80% interval, and crashes or news are not in past candles.",
      "The model sees only the price and volume history of each coin: no order books, news or on-chain data.",
      'Its median does not reliably beat "no change" out of sample (/faq accuracy has the figures): what it ' +
        "forecasts is the range, not a call to trade on. Data can be stale when the exchange is down: every " +
        "forecast says as of when.",
    ],
  },
} as const satisfies Record<string, FaqEntry>;

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
    // The answers are English only for now: other languages are told so, above them.
    const note = i18n.locale === "en" ? [] : [i18n.t("faq.englishOnly")];
    if (topic === undefined) {
      return {
        title: "FAQ",
        lines: [
          ...note,
          "Ask about one of these with /faq <topic>:",
          ...TOPICS.map((key) => `${key}: ${FAQ[key].title}`),
        ],
      };
    }
    const entry = FAQ[topic as FaqTopic];
    return { title: entry.title, lines: [...note, ...(await entry.answer(services))] };
  },
);
