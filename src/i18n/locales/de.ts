import type { Catalogue } from "../catalogue.js";

/** German (de). */
export const de: Catalogue = {
  chat: {
    apology: "Entschuldigung, da ist etwas schiefgegangen (Fehler-ID {{id}}).",
    slowDown: "Nicht so schnell: Versuch es in {{seconds}} s noch einmal.",
    unknownCommand: "Unbekannter Befehl{{echo}}. Probier es mit /help.",
    adminsOnly: "/{{command}} ist leider nur für Admins.",
    adminsInGroups:
      "In einer Gruppe ist /{{command}} leider nur für Admins; im privaten Chat mit mir darf es jeder nutzen.",
    didYouMean: "Meintest du {{suggestions}}?",
    needsOption: "/{{command}} braucht den Parameter „{{option}}“. Aufruf: {{usage}}",
    tooLong:
      "Der Parameter „{{option}}“ ist zu lang ({{length}} Zeichen, höchstens {{max}}). Aufruf: {{usage}}",
    notAChoice: "{{what}} ist kein gültiger Wert für „{{option}}“. Möglich sind: {{choices}}.",
    thatOption: "Dieser Wert",
    noSuchOption: "/{{command}} kennt keine Option „{{option}}“. Aufruf: {{usage}}",
    takesNothing: "/{{command}} nimmt nach dem Namen nichts weiter an. Aufruf: {{usage}}",
    takesWords_one: "/{{command}} nimmt höchstens {{count}} Wort an. Aufruf: {{usage}}",
    takesWords_other: "/{{command}} nimmt höchstens {{count}} Wörter an. Aufruf: {{usage}}",
    notACommand: "Befehle sehen so aus: /forecast BTC 1d; /help zeigt alle.",
  },
  help: {
    title: "Coincast: ehrliche Krypto-Prognosen",
    admins: "nur Admins",
    adminsInGroups: "in Gruppen nur Admins, im privaten Chat alle",
    footer:
      "Coins: {{symbols}}; ist die Börse erreichbar, auch jedes andere dort gelistete Spot-Paar (wird beim ersten Aufruf geladen). " +
      "Horizonte: {{horizons}}. <Pflicht> [optional]. Keine Anlageberatung.",
  },
  forecast: {
    title: "Prognose für {{symbol}}, {{horizon}} voraus",
    lastPrice: "Letzter Kurs",
    at: "{{price}} ({{time}} UTC)",
    median: "Median",
    medianValue: "{{price}} ({{change}}) bis {{time}} UTC",
    interval80: "80-%-Intervall",
    range: "{{low}} bis {{high}}",
    pUp: "P(steigt)",
    volatility: "Erwartete Volatilität",
    dataAsOf: "Datenstand {{time}} UTC ({{source}}).",
    live: "live von der Börse",
    shipped: "mitgelieferte Historie",
    stale:
      "VERALTET: Die neueste Kerze schloss am {{time}} UTC; neuere ließen sich noch nicht laden, daher gelten die zuletzt gespeicherten.",
    model: "Modell {{version}}.",
    notAdvice: "Keine Anlageberatung: Eine Prognose ist eine Spanne möglicher Ergebnisse, kein Versprechen.",
    fetching: "Lade die Historie von {{symbol}} von der Börse (erste Anfrage hier)…",
  },
  track: {
    none: "{{label}}: noch keine ausgewerteten Prognosen ({{pending}} warten auf ihre Zielkerze).",
    scored: "{{label}}: {{count}} Prognosen ausgewertet seit {{since}}, {{pending}} offen.",
    errors:
      "Medianer Fehler {{mae}} gegenüber {{naive}} bei „keine Änderung“: {{verdict}}; Richtung getroffen {{hits}}; " +
      "im 80-%-Intervall {{in80}}, im 95-%-Intervall {{in95}}.",
    beats: "schlägt „keine Änderung“ um {{skill}}",
    doesNotBeat: "schlägt „keine Änderung“ nicht (Skill {{skill}})",
    label: "Bilanz {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · Prognose für {{horizon}}",
    asOf: "Stand {{time}} UTC",
    subtitle: "{{timeframe}}-Kerzen, {{source}}",
    live: "Live-Daten",
    shipped: "mitgelieferte Daten",
    median: "Median {{price}} ({{change}})",
    band: "{{level}} {{low}} – {{high}}",
    pUp: "P(steigt) {{share}}",
    footer: "Modell {{version}} · keine Anlageberatung",
    stale: "VERALTETE DATEN",
    thousands: " Tsd.",
    millions: " Mio.",
  },
  faq: {
    englishOnly: "Die FAQ gibt es vorerst nur auf Englisch.",
  },
  commands: {
    forecast: {
      name: "prognose",
      description:
        "Wo ein Coin zum Horizont stehen könnte: Median, 80-%-Intervall, P(steigt), mit Bilanz des Modells",
      options: { symbol: "Ein Coin, z. B. BTC oder ETH/USDT", horizon: "Wie weit voraus (Standard 1d)" },
    },
    accuracy: {
      name: "trefferquote",
      description: "Wie sich die hier gelieferten Prognosen gegen „keine Änderung“ geschlagen haben",
      options: { symbol: "Ein Coin, z. B. BTC (Standard: alle)", horizon: "z. B. 1d (Standard: alle)" },
    },
    model: {
      name: "modell",
      description: "Die aktiven Modelle im Überblick: Version, Trainingsdaten, Out-of-Sample-Urteil",
      options: {},
    },
    faq: {
      name: "faq",
      description:
        "Klare Antworten: wie das Modell arbeitet, seine Daten, Horizonte, Genauigkeit, Risiken (englisch)",
      options: { topic: "Worüber (Standard: die Liste der Themen)" },
    },
    help: { name: "hilfe", description: "Was Coincast kann und wie man fragt", options: {} },
    retrain: {
      name: "neu_trainieren",
      description:
        "Trainiert einen Herausforderer mit neuesten Daten; er übernimmt nur, wenn er nicht schlechter ist",
      options: { timeframe: "Welches Modell (Standard: beide)" },
    },
    subscribe: {
      name: "abonnieren",
      description: "Postet hier täglich zu einer Ortszeit eine Prognose; ersetzt das Abo dieses Kanals",
      options: {
        symbols: "Coins, durch Kommas getrennt, z. B. btc,eth (Standard „all“)",
        horizon: "Wie weit voraus (Standard 1d)",
        time: "Ortszeit, 24-Stunden-Format HH:MM (Standard 08:00)",
        timezone: "IANA-Zeitzone, z. B. Europe/Berlin (Standard UTC)",
      },
    },
    unsubscribe: {
      name: "abbestellen",
      description: "Beendet die tägliche Prognose in diesem Kanal",
      options: {},
    },
    subscriptions: {
      name: "abos",
      description: "Die tägliche Prognose dieses Kanals; für Admins im privaten Chat die aller Kanäle",
      options: {},
    },
    alert: {
      name: "alarm",
      description: "Meldet hier Kursmarken, das Verlassen des 80-%-Bands, hohe Volatilität oder P(steigt)",
      options: {
        kind: "price, band, volatility oder pup; remove löscht einen",
        symbol: "Ein Coin, z. B. BTC (bei remove: die ID des Alarms)",
        direction: "Bei price und pup: above (über) oder below (unter)",
        level: "price: ein Kurs, z. B. 100000; pup: eine Wahrscheinlichkeit, z. B. 0.6",
      },
    },
    alerts: {
      name: "alarme",
      description: "Die Alarme dieses Kanals mit ihren IDs und Zuständen",
      options: {},
    },
  },
  errors: {
    "alert-exists": "Einen solchen Alarm gibt es in diesem Kanal schon.",
    "alert-limit": "Dieser Kanal hat schon die Höchstzahl an Alarmen; lösch einen mit /alert remove.",
    "backfill-failed": "Die Historie ließ sich nicht von der Börse nachladen. Versuch es später noch einmal.",
    "bad-candle-file": "Eine Kerzendatei hat nicht das erwartete Format.",
    "bad-date": "Dieses Datum verstehe ich nicht; bitte als JJJJ-MM-TT schreiben.",
    "bad-date-range": "Dieser Zeitraum ist ungültig: Der Anfang muss vor dem Ende liegen.",
    "bad-number": "Das ist keine gültige Zahl.",
    "bad-option": "Dieser Wert ist für diese Option nicht gültig.",
    "bad-time": "Diese Uhrzeit verstehe ich nicht; bitte im 24-Stunden-Format HH:MM, z. B. 08:00.",
    busy: "Gerade laufen sehr viele Anfragen; versuch es in ein paar Sekunden noch einmal.",
    "exchange-unavailable": "Die Börse antwortet gerade nicht; versuch es in ein paar Minuten noch einmal.",
    "history-too-short": "Für diesen Coin gibt es noch zu wenig Historie für eine Prognose.",
    "input-too-long": "Das ist zu lang für ein Symbol.",
    "missing-option": "Ein Pflichtparameter fehlt.",
    "missing-symbol": "Bitte nenn einen Coin, zum Beispiel BTC oder BTC/USDT.",
    "no-candle-files": "Keine Kerzendateien gefunden.",
    "no-candles": "Für diesen Coin und Zeitraum gibt es keine Kerzen.",
    "no-earlier-version": "Es gibt keine frühere Modellversion, zu der man zurückkehren könnte.",
    "no-model": "Für diesen Horizont ist noch kein Modell trainiert.",
    "no-worker": "Gerade ist kein Prognose-Worker verfügbar; versuch es gleich noch einmal.",
    "queue-unreachable":
      "Die Prognose-Warteschlange (Redis) ist nicht erreichbar; Coincast versucht, die Verbindung wiederherzustellen. Versuch es in einer Minute noch einmal.",
    "not-available": "Diese Funktion gibt es bei diesem Bot nicht.",
    "on-demand-off": "Ich prognostiziere nur die eingestellten Coins; das Nachladen auf Anfrage ist aus.",
    "platform-refused": "Die Chat-Plattform hat die Anfrage abgelehnt.",
    "retrain-running": "Es läuft schon ein Training; bitte warte, bis es fertig ist.",
    "unknown-alert": "In diesem Kanal gibt es keinen Alarm mit dieser ID; /alerts zeigt sie.",
    "unknown-horizon": "Unbekannter Horizont. Horizonte: {{horizons}}.",
    "unknown-model": "Dieses Modell kenne ich nicht.",
    "unknown-symbol": "Dieses Symbol kenne ich nicht.",
    "unknown-time-zone": "Diese Zeitzone kenne ich nicht; nimm einen IANA-Namen wie Europe/Berlin.",
    "unknown-timeframe": "Unbekannter Zeitrahmen; nimm 4h oder 1d.",
    "unknown-version": "Diese Modellversion gibt es nicht.",
    "unreadable-history": "Die gespeicherte Historie ließ sich nicht lesen.",
    "worker-timeout": "Die Prognose hat zu lange gedauert; versuch es noch einmal.",
  },
};
