/**
 * /faq in English, the source of every other language's FAQ (src/i18n/faq/<tag>.ts). Values arrive
 * interpolated and already written in the reader's language: horizons, coins, figures, dates. Topic names
 * (model, data, ...) are the command's option values and stay English in every language.
 */
export const enFaq = {
  title: "FAQ",
  list: "Ask about one of these with /faq <topic>:",
  at: "{{value}} at {{horizon}}",
  horizonN: "horizon {{n}}",
  topics: {
    model: "The model",
    data: "Data and features",
    horizons: "Horizons and coins",
    accuracy: "How accurate is it?",
    retraining: "Retraining",
    risks: "Risks and limits",
  },
  data: {
    candles:
      "Binance spot 4-hour candles since 2017 ship with Coincast; after every 4-hour close the new closed " +
      "candles are fetched from the exchange. Daily candles are the six 4-hour candles of a UTC day.",
    gaps: "Gaps (exchange maintenance) are filled with the previous close and marked, never invented as trades.",
    features:
      "Features: return, high/low range, price against its 10, 20 and 50-candle averages, RSI 14, MACD, " +
      "Bollinger width, ATR, realised volatility and volume, and the realised variance of the last 1, 7 and " +
      "30 days from the 4-hour returns, range-based volatility (Parkinson, Garman-Klass) and the size of " +
      "recent falls. Each uses only the past, scaled with figures of the training data only.",
    offline:
      'When the exchange cannot be reached, forecasts use the last stored candles, say "STALE" and give ' +
      'their "as of" time.',
  },
  horizons: {
    list: "Horizons: {{horizons}}. A daily model answers 1d, 3d and 7d; a 4-hour model answers 4h and 12h.",
    counted:
      "A horizon is counted in closed candles: a 1d forecast is for the close of the day after the last " +
      "closed daily candle (times in UTC).",
    coins:
      "Coins served here: {{symbols}}; with the exchange online, any other spot pair it lists " +
      "(fetched on first use, the least recently used dropped past MAX_SYMBOLS); offline, also the pairs " +
      "whose history ships as training corpus, to their last day. Type them as you like: btc, BTCUSDT, btc/usdt.",
  },
  retraining: {
    when:
      "Markets drift, so a new model (the challenger) is fitted every week (Sundays 03:00 UTC by default) " +
      "or when an admin runs /retrain: the same kind and settings as the serving model (a statistical model " +
      "refits in seconds, a network in minutes), on candles before a held-out window.",
    window:
      "That window is the newest data (60 days by default) that the serving model (the champion) has never " +
      "seen. Both models forecast every held-out point; the challenger takes over only if its quantile " +
      "(pinball) loss is not worse. With fewer than {{minOrigins}} held-out forecasts, no comparison is made " +
      "and the champion stays. The price of this rule: a promoted model has not seen the newest days, " +
      "because those are what it was judged on.",
    rollback: "Earlier versions are kept, so an admin can roll back.",
  },
  risks: {
    advice:
      "Not financial advice. Crypto can move far beyond any interval: by design 1 in 5 outcomes falls " +
      "outside the 80% interval, and crashes or news are not in past candles.",
    inputs:
      "The model sees only the price and volume history of each coin: no order books, news or on-chain data.",
    median:
      'Its median does not reliably beat "no change" out of sample (/faq accuracy has the figures): what it ' +
      "forecasts is the range, not a call to trade on. Data can be stale when the exchange is down: every " +
      "forecast says as of when.",
  },
  model: {
    plain: "The {{timeframe}} model is {{name}}: {{description}}, fitted on {{coins}}.",
    coins_one: "{{count}} coin",
    coins_other: "{{count}} coins",
    anchored:
      "The {{timeframe}} model is {{name}}: one {{description}} for {{trainedOn}}, reading only " +
      "symbol-free inputs (returns, ranges, indicators and realised volatility of recent candles). It is " +
      "anchored on HAR-RV: it starts from HAR-RV's volatility forecast for the coin, times the spread of past " +
      "returns in units of that forecast, and learns a correction of their scale and shape. {{seeds}}; the " +
      "share of their departure from HAR-RV that is served was chosen on calibration windows, which training " +
      "never read: {{shares}}.",
    trainedOn_one: "the {{count}} coin it trained on",
    trainedOn_other: "all {{count}} coins it trained on",
    seeds_one: "One network serves",
    seeds_other: "{{count}} networks from different seeds are averaged",
    unavailable: "The {{timeframe}} model: {{reason}}",
    quantiles:
      "Each model gives five quantiles of the return ({{levels}}), not one price: {{pinned}}the 80% and " +
      "95% intervals are the likely size of the move.",
    pinned: "the median is no change; ",
    chosen:
      "What serves was chosen by a rule, out of sample: the lowest CRPS (the score of the whole forecast " +
      'range) at one step among models whose median is no worse than "no change", against GARCH, EWMA, ' +
      "HAR-RV, their averages and the networks; a network trained on many coins is judged on all of them " +
      "(/faq accuracy has the figures of the coins served here; the model cards and README every coin's).",
    behind:
      "On {{coins}} alone, HAR-RV's range is ahead of the {{timeframe}} model's at {{horizon}} ({{har}} " +
      "against {{model}}): the network serves by its lead over all the coins it trained on, which its model " +
      "card gives with its significance.",
    network: "{{architecture}} network",
    single: "{{member}} (statistical: zero-drift median, volatility forecast x past standardised returns)",
    average: "equal-weight quantile average of {{members}} (statistical, zero-drift median)",
  },
  accuracy: {
    span: " (walk-forward of origins {{start}} to {{end}}, each refit on the past only)",
    pinned:
      'Honestly: nobody here can forecast the direction. Out of sample{{span}} the median is "no change", ' +
      "so its MASE is {{mase}}, and P(up) is {{half}}.",
    coinToss:
      "Honestly: the direction is close to a coin toss. Out of sample{{span}} the medians' MASE against " +
      '"no change" on the worst pair was {{mases}}.',
    size: "What it can forecast is the size of the move:",
    none: "The {{timeframe}} model ({{name}}): no out-of-sample evaluation is recorded for it.",
    figures:
      'The {{timeframe}} model ({{name}}): its range beat "no change" by {{skills}} (CRPS, {{coins}} ' +
      "pooled){{har}}. Outcomes inside its 80% interval: {{bands}}.",
    daily:
      '"No change" there keeps the spread of returns of the year before each yearly refit. Against a "no ' +
      'change" whose spread is taken again every day, the range skill is {{skills}}.',
    reused:
      "These are not the figures of an untouched test: the same window was scored for several recipes of " +
      "the network before the one that serves was chosen (README: Global network).",
    har: "; HAR-RV's, the statistical model it is held against, {{skills}}",
    read: "So read the median as no change, and the interval as the size of the likely move.",
    more:
      "Every forecast shows its model's verdict for that coin and horizon; /model has the table, and /accuracy " +
      'shows how the forecasts served here have fared since, against the same "no change" bar.',
  },
} as const;
