/**
 * English, the source language: every key any other language has, with i18next interpolation
 * ({{name}}) and plural suffixes (_one, _other). Command descriptions are not here: their English lives
 * in the command's own declaration (commands/*.ts), and UserError messages at the line that throws them.
 */
export const en = {
  chat: {
    apology: "Sorry, something went wrong (error id {{id}}).",
    slowDown: "Slow down a little: try again in {{seconds}} s.",
    unknownCommand: "Unknown command{{echo}}. Try /help.",
    adminsOnly: "Sorry, /{{command}} is for admins only.",
    adminsInGroups:
      "Sorry, in a group /{{command}} is for admins only; in a direct chat with me anyone may use it.",
    didYouMean: "Did you mean {{suggestions}}?",
    needsOption: "/{{command}} needs a {{option}}. Usage: {{usage}}",
    tooLong: "That {{option}} is too long ({{length}} characters; at most {{max}}). Usage: {{usage}}",
    notAChoice: "{{what}} is not a {{option}} I know. Choose one of: {{choices}}.",
    thatOption: "That {{option}}",
    noSuchOption: '/{{command}} takes no option "{{option}}". Usage: {{usage}}',
    takesNothing: "/{{command}} takes nothing after its name. Usage: {{usage}}",
    takesWords_one: "/{{command}} takes at most {{count}} word. Usage: {{usage}}",
    takesWords_other: "/{{command}} takes at most {{count}} words. Usage: {{usage}}",
    notACommand: "Commands look like /forecast BTC 1d; /help lists them.",
  },
  help: {
    title: "Coincast: honest crypto forecasts",
    admins: "admins",
    adminsInGroups: "admins in groups; anyone in a direct chat",
    footer:
      "Coins: {{symbols}}; with the exchange online, any other spot pair it lists (fetched on first use). " +
      "Horizons: {{horizons}}. <required> [optional]. Not financial advice.",
  },
  forecast: {
    title: "{{symbol}} forecast, {{horizon}} ahead",
    lastPrice: "Last price",
    at: "{{price}} at {{time}} UTC",
    median: "Median",
    medianValue: "{{price}} ({{change}}) by {{time}} UTC",
    interval80: "80% interval",
    range: "{{low}} to {{high}}",
    pUp: "P(up)",
    volatility: "Expected volatility",
    dataAsOf: "Data as of {{time}} UTC ({{source}}).",
    live: "live from the exchange",
    shipped: "shipped history",
    stale:
      "STALE: the newest candle closed {{time}} UTC; newer ones could not be fetched yet, so this uses the last stored candles.",
    model: "Model {{version}}.",
    notAdvice: "Not financial advice: a forecast is a range of outcomes, not a promise.",
    fetching: "Fetching the history of {{symbol}} from the exchange (its first request here)…",
  },
  track: {
    none: "{{label}}: no scored forecasts yet ({{pending}} waiting for their target candle).",
    scored: "{{label}}: {{count}} forecasts scored since {{since}}, {{pending}} pending.",
    errors:
      'Median error {{mae}} vs {{naive}} for "no change": {{verdict}}; direction right {{hits}}; ' +
      "inside the 80% interval {{in80}}, the 95% {{in95}}.",
    beats: 'beats "no change" by {{skill}}',
    doesNotBeat: 'does not beat "no change" (skill {{skill}})',
    label: "Track record {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · {{horizon}} forecast",
    asOf: "as of {{time}} UTC",
    subtitle: "{{timeframe}} candles, {{source}}",
    live: "live data",
    shipped: "shipped data",
    median: "median {{price}} ({{change}})",
    band: "{{level}} {{low}} – {{high}}",
    pUp: "P(up) {{share}}",
    footer: "model {{version}} · not financial advice",
    stale: "STALE DATA",
    thousands: "k",
    millions: "M",
  },
  faq: {
    englishOnly: "The FAQ is written in English only for now.",
  },
} as const;
