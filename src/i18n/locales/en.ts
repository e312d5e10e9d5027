import { enFaq } from "../faq/en.js";

/**
 * English, the source language: every key any other language has, with i18next interpolation
 * ({{name}}) and plural suffixes (_one, _other). Command descriptions are not here: their English lives
 * in the command's own declaration (commands/*.ts), and UserError messages at the line that throws them.
 */
export const en = {
  chat: {
    apology: "Sorry, something went wrong (error id {{id}}).",
    lateAnswer:
      "{{user}}, your answer took longer than the 15 minutes Discord keeps a command open, so it comes as a message.",
    answerComesLate:
      "Still working on it. Discord keeps a command open for only 15 minutes, so the answer will come as a separate message (or a DM).",
    slowDown: "Slow down a little: try again in {{seconds}} s.",
    unknownCommand: "Unknown command{{echo}}. Try /help.",
    chartSaved: "Chart: {{path}}",
    chartNotSaved: "(The chart could not be saved to {{path}}.)",
    adminsOnly: "Sorry, /{{command}} is for admins only.",
    adminsInGroups:
      "Sorry, in a group /{{command}} is for admins only; in a direct chat with me anyone may use it.",
    didYouMean: "Did you mean {{suggestions}}?",
    needsOption: "/{{command}} needs a {{option}}. Usage: {{usage}}",
    tooLong: "That {{option}} is too long ({{length}} characters; at most {{max}}). Usage: {{usage}}",
    notAChoice: "{{what}} is not a {{option}} I know. Choose one of: {{choices}}.",
    quoted: '"{{text}}"',
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
      "Coins: {{symbols}}; with the exchange online, any other spot pair it lists (fetched on first use); offline, also the pairs whose history ships, to their last day. " +
      "Horizons: {{horizons}}. <required> [optional]. Not financial advice.",
  },
  forecast: {
    title: "{{symbol}} forecast, {{horizon}} ahead",
    lastPrice: "Last price",
    lastDailyClose: "Last daily close",
    latestPrice: "Latest price",
    latestValue: "{{price}} at {{time}} UTC (4h candles); the daily model forecasts from daily closes.",
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
    targetPassed:
      "This forecast's target time, {{time}} UTC, had already passed when it was made: its outcome is known, so it does not enter the track record.",
    model: "Model {{version}}.",
    notAdvice: "Not financial advice: a forecast is a range of outcomes, not a promise.",
    fetching: "Fetching the history of {{symbol}} from the exchange (its first request here)…",
  },
  track: {
    none_one: "{{label}}: no scored forecasts yet ({{pending}} waiting for its target candle).",
    none_other: "{{label}}: no scored forecasts yet ({{pending}} waiting for their target candle).",
    scored_one: "{{label}}: {{scored}} forecast scored since {{since}}, {{pending}}.",
    scored_other: "{{label}}: {{scored}} forecasts scored since {{since}}, {{pending}}.",
    pending_one: "{{pending}} pending",
    pending_other: "{{pending}} pending",
    errors:
      'Median error {{mae}} vs {{naive}} for "no change": {{verdict}}; {{direction}}; ' +
      "inside the 80% interval {{in80}}, the 95% {{in95}}.",
    direction: "direction right {{hits}}",
    directionSome_one:
      'direction right {{hits}} of the calls ({{none}} forecast made none: its median was "no change")',
    directionSome_other:
      'direction right {{hits}} of the calls ({{none}} forecasts made none: their median was "no change")',
    directionNone: 'direction n/a (no forecast made a call: every median was "no change")',
    beats: 'beats "no change" by {{skill}}',
    doesNotBeat: 'does not beat "no change" (skill {{skill}})',
    label: "Track record {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · {{horizon}} forecast",
    asOf: "as of {{time}} UTC",
    asOfDaily: "daily close {{time}} UTC",
    latest: "latest {{price}} ({{time}} UTC, 4h)",
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
  // The FAQ is long: each language keeps it in a file of its own, as refusals.
  faq: enFaq,
  attachment: {
    alt: "{{symbol}} recent closes and the {{horizon}} forecast: median and 80%/95% intervals",
    failed: "(The chart could not be drawn this time.)",
  },
  accuracy: {
    title: "Track record",
    label: "{{symbol}} {{horizon}}",
    allSymbols: "All symbols",
    allHorizons: "all horizons",
    notAvailable: "n/a",
    mixed:
      "Errors of several coins are mixed here, so the dearest dominates: name one coin for a fair figure.",
    footer:
      'Each served forecast is scored once its target candle has closed. Skill above 0% beats "no change".',
  },
  retrain: {
    startingOne: "Retraining the {{timeframe}} model; this takes a few minutes.",
    startingAll: "Retraining the {{timeframes}} models; this takes a few minutes.",
    progress: "Retrain: {{status}}.",
    status: "{{phase}} the {{timeframe}} model, {{percent}} done{{epoch}}",
    epoch: " (epoch {{epoch}}/{{epochs}}, loss {{loss}}{{val}}, ETA {{eta}})",
    val: ", val {{val}}",
    starting: "starting",
    training: "training",
    scoring: "scoring",
    promoted_one: "Retrain done: {{count}} new model promoted",
    promoted_other: "Retrain done: {{count}} new models promoted",
    kept: "Retrain done: the serving models stay",
    footer:
      "A challenger replaces the serving model only if its pinball loss on the newest held-out data is not worse.",
    failed: "{{timeframe}}: retrain failed, {{champion}} keeps serving ({{reason}})",
    promote: "{{timeframe}}: promoted {{id}}: {{reason}}{{numbers}}",
    keep: "{{timeframe}}: kept {{id}}: {{reason}}{{numbers}}",
    /** The version id "shipped" as running text names it. */
    shippedModel: "the shipped model",
    numbers:
      " [pinball loss {{pinball}} vs {{championPinball}}; median MAE {{mae}} vs {{championMae}}, " +
      "persistence {{naive}}; {{origins}} held-out forecasts from {{start}}]",
  },
  fleet: {
    queues:
      "Forecast queue: {{forecastWaiting}} waiting, {{forecastActive}} running. " +
      "Training queue: {{trainingWaiting}} waiting, {{trainingActive}} running.",
    noWorker:
      "No forecast worker is running (none seen in the last minute): start one with `coincast worker`.",
    workersSeen: "Workers seen in the last minute: {{count}}.",
    worker: "  {{id}}: {{backend}}, {{concurrency}} at a time, {{jobs}} jobs done, last seen {{ago}} s ago",
    /** Live bot replicas announcing more than one subscription store (src/fleet/store-split.ts). */
    splitStores:
      "The bot replicas write {{count}} different subscription stores (a DATA_DIR each, no DATABASE_URL): " +
      "/subscribe, /unsubscribe and /alert reach only the replica that received them, and /accuracy differs " +
      "between replicas. Set DATABASE_URL (the same on every bot), or give every bot one shared DATA_DIR.",
  },
  channel: {
    refusedPosts: "the channel refused posts",
    /** The platform's own words, quoted as it gave them (they are not translated). */
    refusedPostsSaying: "the channel refused posts: “{{reason}}”",
    /** Coincast's own reasons for pausing (src/schedule/pause-reason.ts), by code. */
    ownReasons: { "not-sendable": "this is not a channel the bot can send messages in" },
    pausedSince: "paused since {{time}} UTC: {{reason}}",
  },
  subscriptions: {
    describe: "{{symbols}} at {{horizon}}, every day at {{time}} {{timeZone}}",
    nextPost: "next post {{time}} {{timeZone}}",
    line: "{{subscription}}; {{state}}.",
    lineOf: "{{channel}}: {{subscription}}; {{state}}.",
    subscribed: "Subscribed: a forecast here every day",
    replaces: "This replaces any earlier subscription of this channel. /unsubscribe stops it.",
    unsubscribed: "Unsubscribed: no more daily posts here.",
    nothingToStop: "Nothing to stop: this channel has no daily post. /subscribe starts one.",
    noneAnywhere: "No channel has a daily post.",
    noneHere: "This channel has no daily post. /subscribe starts one.",
    titleAll_one: "Daily posts: {{count}} channel",
    titleAll_other: "Daily posts: {{count}} channels",
    titleHere: "Daily post here",
  },
  post: {
    title: "Daily forecast, {{horizon}} ahead ({{day}})",
    summary: "{{symbol}}: median {{median}} ({{change}}), 80% {{low}} to {{high}}, P(up) {{pUp}}",
    latest:
      "{{symbol}}: last daily close {{close}} ({{time}} UTC), latest price {{price}} ({{latestTime}} UTC, 4h candles).",
    scoredInside:
      "yesterday: {{symbol}} {{horizon}} median {{median}}, actual {{actual}}, inside the 80% interval",
    scoredOutside:
      "yesterday: {{symbol}} {{horizon}} median {{median}}, actual {{actual}}, outside the 80% interval",
    noneScored: "yesterday: no forecast of these came due and was scored.",
    noForecast: "{{symbol}}: no forecast this time.",
    noForecastWhy: "{{symbol}}: no forecast this time ({{why}}).",
    stale: "{{symbol}} {{notice}}",
    footer: "Model {{version}}. {{notAdvice}} /unsubscribe stops these posts.",
  },
  alert: {
    describe: "{{symbol}} {{rule}}",
    priceAbove: "price above {{level}}",
    priceBelow: "price below {{level}}",
    pupAbove: "P(up) above {{share}}",
    pupBelow: "P(up) below {{share}}",
    band: "close outside the 80% interval",
    volatility: "forecast volatility regime (above its 90th percentile, or back below the 80th)",
    rearmPriceAbove: "once a 4h close is back at or below {{level}}",
    rearmPriceBelow: "once a 4h close is back at or above {{level}}",
    rearmPupAbove: "once P(up) is back at or below {{share}}",
    rearmPupBelow: "once P(up) is back at or above {{share}}",
    rearmBand: "once a close is back well inside its interval (a tenth of its width in from the edges)",
    rearmVolatility: "when the forecast volatility falls back below its 80th percentile (that fires too)",
    lastFired: "; last fired {{time}} UTC",
    regimeNormal: "normal regime, fires when it turns high",
    regimeHigh: "high regime, fires when it is back to normal",
    armed: "armed",
    waiting: "waiting to re-arm {{rearm}}",
    removed: "Alert #{{id}} removed.",
    working: "Working out the forecast volatility of the last year (a few seconds, the first time)…",
    lastClose: "Last 4h close {{price}} at {{time}} UTC.",
    pUpNow: "P(up) for the next 4h: {{share}}.",
    bandNow: "The 80% interval for the next close: {{low}} to {{high}}.",
    volatilityNow:
      "Forecast volatility {{value}} per 4h; over the last year ({{days}} days) its 80th percentile is {{p80}}, its 90th {{p90}}.",
    now: "Now: {{state}}.",
    firesOnce: "Fires once at the next crossing, then again only after re-arming {{rearm}}.",
    holdsAlready: "The condition holds already: it fires at the next crossing, after re-arming {{rearm}}.",
    set: "Alert #{{id}} set: {{alert}}",
    setFooter:
      "Checked after every 4h close. /alerts lists them; /alert remove {{id}} removes it. {{notAdvice}}",
    none: "This channel has no alerts. /alert price BTC above 100000 sets one; /help lists the kinds.",
    listTitle: "Alerts here: {{count}} of at most {{limit}}",
    listLine: "#{{id}} {{alert}}: {{state}}.",
    listFooter: "Checked after every 4h close. /alert remove ID removes one.",
    postTitle: "Alert #{{id}}: {{alert}}",
    next4h: "Next 4h: {{summary}}.",
    postFooter: "Model {{version}}. /alert remove {{id}} stops this alert. {{notAdvice}}",
    firedPriceAbove: "{{symbol}} closed above {{level}}: {{close}} at the 4h close.",
    firedPriceBelow: "{{symbol}} closed below {{level}}: {{close}} at the 4h close.",
    firedPupAbove: "{{symbol}} P(up) for the next 4h went above {{level}}: {{share}}.",
    firedPupBelow: "{{symbol}} P(up) for the next 4h went below {{level}}: {{share}}.",
    firedBandAbove:
      "{{symbol}} closed above the 80% interval forecast for it: {{close}}, against {{low}} to {{high}}.",
    firedBandBelow:
      "{{symbol}} closed below the 80% interval forecast for it: {{close}}, against {{low}} to {{high}}.",
    firedVolatilityHigh:
      "{{symbol}} forecast volatility is high: {{value}} per 4h, above its 90th percentile of the last year ({{p90}}, {{days}} days).",
    firedVolatilityNormal:
      "{{symbol}} forecast volatility is back to normal: {{value}} per 4h, below its 80th percentile of the last year ({{p80}}).",
  },
} as const;
