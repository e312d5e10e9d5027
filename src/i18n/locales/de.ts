import type { Catalogue } from "../catalogue.js";
import { deFaq } from "../faq/de.js";
import { deRefusals } from "../refusals/de.js";

/** German (de). */
export const de: Catalogue = {
  chat: {
    apology: "Entschuldigung, da ist etwas schiefgegangen (Fehler-ID {{id}}).",
    lateAnswer:
      "{{user}}, deine Antwort hat länger gedauert als die 15 Minuten, die Discord einen Befehl offen hält, deshalb kommt sie als Nachricht.",
    answerComesLate:
      "Ich arbeite noch daran. Discord hält einen Befehl nur 15 Minuten offen, deshalb kommt die Antwort als eigene Nachricht (oder als Direktnachricht).",
    slowDown: "Nicht so schnell: Versuch es in {{seconds}} s noch einmal.",
    unknownCommand: "Unbekannter Befehl{{echo}}. Probier es mit /help.",
    chartSaved: "Diagramm: {{path}}",
    chartNotSaved: "(Das Diagramm ließ sich nicht unter {{path}} speichern.)",
    adminsOnly: "/{{command}} ist leider nur für Admins.",
    adminsInGroups:
      "In einer Gruppe ist /{{command}} leider nur für Admins; im privaten Chat mit mir darf es jeder nutzen.",
    didYouMean: "Meintest du {{suggestions}}?",
    needsOption: "/{{command}} braucht den Parameter „{{option}}“. Aufruf: {{usage}}",
    tooLong:
      "Der Parameter „{{option}}“ ist zu lang ({{length}} Zeichen, höchstens {{max}}). Aufruf: {{usage}}",
    notAChoice: "{{what}} ist kein gültiger Wert für „{{option}}“. Möglich sind: {{choices}}.",
    quoted: "„{{text}}“",
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
      "Coins: {{symbols}}; ist die Börse erreichbar, auch jedes andere dort gelistete Spot-Paar (wird beim ersten Aufruf geladen); offline auch die Paare, deren Verlauf mitgeliefert wird, bis zu ihrem letzten Tag. " +
      "Horizonte: {{horizons}}. <Pflicht> [optional]. Keine Anlageberatung.",
  },
  forecast: {
    title: "Prognose für {{symbol}}, {{horizon}} voraus",
    lastPrice: "Letzter Kurs",
    lastDailyClose: "Letzter Tagesschluss",
    latestPrice: "Neuester Kurs",
    latestValue: "{{price}} ({{time}} UTC, 4h-Kerzen); das Tagesmodell rechnet mit Tagesschlusskursen.",
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
    targetPassed:
      "Der Zielzeitpunkt dieser Prognose, {{time}} UTC, war bei ihrer Erstellung schon vorbei: Das Ergebnis steht fest, daher zählt sie nicht zur Bilanz.",
    model: "Modell {{version}}.",
    notAdvice: "Keine Anlageberatung: Eine Prognose ist eine Spanne möglicher Ergebnisse, kein Versprechen.",
    fetching: "Lade die Historie von {{symbol}} von der Börse (erste Anfrage hier)…",
  },
  track: {
    none_one: "{{label}}: noch keine ausgewerteten Prognosen ({{pending}} wartet auf ihre Zielkerze).",
    none_other: "{{label}}: noch keine ausgewerteten Prognosen ({{pending}} warten auf ihre Zielkerze).",
    scored_one: "{{label}}: {{scored}} Prognose ausgewertet seit {{since}}, {{pending}}.",
    scored_other: "{{label}}: {{scored}} Prognosen ausgewertet seit {{since}}, {{pending}}.",
    pending_one: "{{pending}} offen",
    pending_other: "{{pending}} offen",
    errors:
      "Medianer Fehler {{mae}} gegenüber {{naive}} bei „keine Änderung“: {{verdict}}; {{direction}}; " +
      "im 80-%-Intervall {{in80}}, im 95-%-Intervall {{in95}}.",
    direction: "Richtung getroffen {{hits}}",
    directionSome_one:
      "Richtung getroffen {{hits}} der Richtungsaussagen ({{none}} Prognose ohne Aussage: ihr Median war „keine Änderung“)",
    directionSome_other:
      "Richtung getroffen {{hits}} der Richtungsaussagen ({{none}} Prognosen ohne Aussage: ihr Median war „keine Änderung“)",
    directionNone:
      "Richtung k. A. (keine Prognose sagte eine Richtung an: jeder Median war „keine Änderung“)",
    beats: "schlägt „keine Änderung“ um {{skill}}",
    doesNotBeat: "schlägt „keine Änderung“ nicht (Skill {{skill}})",
    label: "Bilanz {{symbol}} {{horizon}}",
  },
  chart: {
    title: "{{symbol}} · Prognose für {{horizon}}",
    asOf: "Stand {{time}} UTC",
    asOfDaily: "Tagesschluss {{time}} UTC",
    latest: "neuester {{price}} ({{time}} UTC, 4h)",
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
  faq: deFaq,
  attachment: {
    alt: "{{symbol}}: letzte Schlusskurse und die Prognose für {{horizon}}: Median und 80-%- und 95-%-Intervalle",
    failed: "(Das Diagramm konnte diesmal nicht gezeichnet werden.)",
  },
  accuracy: {
    title: "Bilanz",
    label: "{{symbol}} {{horizon}}",
    allSymbols: "Alle Münzen",
    allHorizons: "alle Horizonte",
    notAvailable: "k. A.",
    mixed:
      "Hier mischen sich die Fehler mehrerer Münzen, die teuerste dominiert also: Nenne eine Münze für eine faire Zahl.",
    footer:
      "Jede gelieferte Prognose wird bewertet, sobald ihre Zielkerze geschlossen hat. Ein Skill über 0 % schlägt „keine Änderung“.",
  },
  retrain: {
    startingOne: "Das {{timeframe}}-Modell wird neu trainiert; das dauert ein paar Minuten.",
    startingAll: "Die Modelle für {{timeframes}} werden neu trainiert; das dauert ein paar Minuten.",
    progress: "Neutraining: {{status}}.",
    status: "{{timeframe}}-Modell: {{phase}}, {{percent}} erledigt{{epoch}}",
    epoch: " (Epoche {{epoch}}/{{epochs}}, Verlust {{loss}}{{val}}, noch {{eta}})",
    val: ", Validierung {{val}}",
    starting: "Vorbereitung",
    training: "Training",
    scoring: "Bewertung",
    promoted_one: "Neutraining fertig: {{count}} neues Modell im Einsatz",
    promoted_other: "Neutraining fertig: {{count}} neue Modelle im Einsatz",
    kept: "Neutraining fertig: Die eingesetzten Modelle bleiben",
    footer:
      "Ein Herausforderer ersetzt das eingesetzte Modell nur, wenn sein Pinball-Verlust auf den neuesten zurückgehaltenen Daten nicht schlechter ist.",
    failed: "{{timeframe}}: Neutraining fehlgeschlagen, {{champion}} bleibt im Einsatz ({{reason}})",
    promote: "{{timeframe}}: {{id}} übernimmt: {{reason}}{{numbers}}",
    keep: "{{timeframe}}: {{id}} bleibt: {{reason}}{{numbers}}",
    shippedModel: "das mitgelieferte Modell",
    numbers:
      " [Pinball-Verlust {{pinball}} gegenüber {{championPinball}}; Median-MAE {{mae}} gegenüber {{championMae}}, " +
      "Persistenz {{naive}}; {{origins}} zurückgehaltene Prognosen ab {{start}}]",
  },
  fleet: {
    queues:
      "Prognose-Warteschlange: {{forecastWaiting}} wartend, {{forecastActive}} laufend. " +
      "Trainings-Warteschlange: {{trainingWaiting}} wartend, {{trainingActive}} laufend.",
    noWorker:
      "Kein Prognose-Worker läuft (in der letzten Minute keiner gesehen): `coincast worker` startet einen.",
    workersSeen: "In der letzten Minute gesehene Worker: {{count}}.",
    worker:
      "  {{id}}: {{backend}}, {{concurrency}} gleichzeitig, {{jobs}} Jobs erledigt, zuletzt vor {{ago}} s gesehen",
    splitStores:
      "Die Bot-Repliken schreiben in {{count}} verschiedene Abonnement-Speicher (je ein DATA_DIR, keine " +
      "DATABASE_URL): /subscribe, /unsubscribe und /alert erreichen nur die Replik, die sie empfangen hat, und " +
      "/accuracy unterscheidet sich zwischen den Repliken. DATABASE_URL setzen (bei jedem Bot dieselbe) oder " +
      "allen Bots ein gemeinsames DATA_DIR geben.",
  },
  channel: {
    refusedPosts: "der Kanal hat Beiträge abgelehnt",
    refusedPostsSaying: "der Kanal hat Beiträge abgelehnt: „{{reason}}“",
    ownReasons: { "not-sendable": "in diesem Kanal kann der Bot keine Nachrichten senden" },
    pausedSince: "pausiert seit {{time}} UTC: {{reason}}",
  },
  subscriptions: {
    describe: "{{symbols}} für {{horizon}}, täglich um {{time}} ({{timeZone}})",
    nextPost: "nächster Beitrag {{time}} ({{timeZone}})",
    line: "{{subscription}}; {{state}}.",
    lineOf: "{{channel}}: {{subscription}}; {{state}}.",
    subscribed: "Abonniert: hier jeden Tag eine Prognose",
    replaces: "Das ersetzt jedes frühere Abo dieses Kanals. /unsubscribe beendet es.",
    unsubscribed: "Abo beendet: hier keine täglichen Beiträge mehr.",
    nothingToStop:
      "Nichts zu beenden: Dieser Kanal hat keinen täglichen Beitrag. /subscribe richtet einen ein.",
    noneAnywhere: "Kein Kanal hat einen täglichen Beitrag.",
    noneHere: "Dieser Kanal hat keinen täglichen Beitrag. /subscribe richtet einen ein.",
    titleAll_one: "Tägliche Beiträge: {{count}} Kanal",
    titleAll_other: "Tägliche Beiträge: {{count}} Kanäle",
    titleHere: "Täglicher Beitrag hier",
  },
  post: {
    title: "Tägliche Prognose, {{horizon}} voraus ({{day}})",
    summary: "{{symbol}}: Median {{median}} ({{change}}), 80 % {{low}} bis {{high}}, P(steigt) {{pUp}}",
    latest:
      "{{symbol}}: letzter Tagesschluss {{close}} ({{time}} UTC), neuester Kurs {{price}} ({{latestTime}} UTC, 4h-Kerzen).",
    scoredInside:
      "gestern: {{symbol}} {{horizon}} Median {{median}}, tatsächlich {{actual}}, innerhalb des 80-%-Intervalls",
    scoredOutside:
      "gestern: {{symbol}} {{horizon}} Median {{median}}, tatsächlich {{actual}}, außerhalb des 80-%-Intervalls",
    noneScored: "gestern: Keine Prognose dieser Münzen war fällig und wurde bewertet.",
    noForecast: "{{symbol}}: diesmal keine Prognose.",
    noForecastWhy: "{{symbol}}: diesmal keine Prognose ({{why}}).",
    stale: "{{symbol}}: {{notice}}",
    footer: "Modell {{version}}. {{notAdvice}} /unsubscribe beendet diese Beiträge.",
  },
  alert: {
    describe: "{{symbol}}: {{rule}}",
    priceAbove: "Kurs über {{level}}",
    priceBelow: "Kurs unter {{level}}",
    pupAbove: "P(steigt) über {{share}}",
    pupBelow: "P(steigt) unter {{share}}",
    band: "Schlusskurs außerhalb des 80-%-Intervalls",
    volatility:
      "Regime der prognostizierten Volatilität (über ihrem 90. Perzentil oder zurück unter dem 80.)",
    rearmPriceAbove: "sobald ein 4h-Schlusskurs wieder bei oder unter {{level}} liegt",
    rearmPriceBelow: "sobald ein 4h-Schlusskurs wieder bei oder über {{level}} liegt",
    rearmPupAbove: "sobald P(steigt) wieder bei oder unter {{share}} liegt",
    rearmPupBelow: "sobald P(steigt) wieder bei oder über {{share}} liegt",
    rearmBand:
      "sobald ein Schlusskurs wieder deutlich in seinem Intervall liegt (ein Zehntel der Breite von den Rändern)",
    rearmVolatility:
      "wenn die prognostizierte Volatilität wieder unter ihr 80. Perzentil fällt (auch das meldet sie)",
    lastFired: "; zuletzt ausgelöst {{time}} UTC",
    regimeNormal: "normales Regime, meldet sich, wenn es hoch wird",
    regimeHigh: "hohes Regime, meldet sich, wenn es wieder normal ist",
    armed: "scharf",
    waiting: "wartet auf Wiederscharfschaltung, {{rearm}}",
    removed: "Alarm Nr. {{id}} gelöscht.",
    working:
      "Die prognostizierte Volatilität des letzten Jahres wird berechnet (beim ersten Mal ein paar Sekunden)…",
    lastClose: "Letzter 4h-Schlusskurs {{price}} ({{time}} UTC).",
    pUpNow: "P(steigt) für die nächsten 4h: {{share}}.",
    bandNow: "Das 80-%-Intervall für den nächsten Schlusskurs: {{low}} bis {{high}}.",
    volatilityNow:
      "Prognostizierte Volatilität {{value}} je 4h; im letzten Jahr ({{days}} Tage) liegt ihr 80. Perzentil bei {{p80}}, ihr 90. bei {{p90}}.",
    now: "Jetzt: {{state}}.",
    firesOnce:
      "Löst beim nächsten Durchgang einmal aus, danach erst wieder nach der Wiederscharfschaltung, {{rearm}}.",
    holdsAlready:
      "Die Bedingung ist schon erfüllt: Er löst beim nächsten Durchgang aus, nach der Wiederscharfschaltung, {{rearm}}.",
    set: "Alarm Nr. {{id}} gesetzt: {{alert}}",
    setFooter:
      "Geprüft nach jedem 4h-Schluss. /alerts listet sie; /alert remove {{id}} löscht ihn. {{notAdvice}}",
    none: "Dieser Kanal hat keine Alarme. /alert price BTC above 100000 setzt einen; /help nennt die Arten.",
    listTitle: "Alarme hier: {{count}} von höchstens {{limit}}",
    listLine: "Nr. {{id}} {{alert}}: {{state}}.",
    listFooter: "Geprüft nach jedem 4h-Schluss. /alert remove ID löscht einen.",
    postTitle: "Alarm Nr. {{id}}: {{alert}}",
    next4h: "Nächste 4h: {{summary}}.",
    postFooter: "Modell {{version}}. /alert remove {{id}} beendet diesen Alarm. {{notAdvice}}",
    firedPriceAbove: "{{symbol}} schloss über {{level}}: {{close}} zum 4h-Schluss.",
    firedPriceBelow: "{{symbol}} schloss unter {{level}}: {{close}} zum 4h-Schluss.",
    firedPupAbove: "P(steigt) von {{symbol}} für die nächsten 4h stieg über {{level}}: {{share}}.",
    firedPupBelow: "P(steigt) von {{symbol}} für die nächsten 4h fiel unter {{level}}: {{share}}.",
    firedBandAbove:
      "{{symbol}} schloss über dem 80-%-Intervall, das für diesen Schluss prognostiziert war: {{close}}, gegenüber {{low}} bis {{high}}.",
    firedBandBelow:
      "{{symbol}} schloss unter dem 80-%-Intervall, das für diesen Schluss prognostiziert war: {{close}}, gegenüber {{low}} bis {{high}}.",
    firedVolatilityHigh:
      "Die prognostizierte Volatilität von {{symbol}} ist hoch: {{value}} je 4h, über ihrem 90. Perzentil des letzten Jahres ({{p90}}, {{days}} Tage).",
    firedVolatilityNormal:
      "Die prognostizierte Volatilität von {{symbol}} ist wieder normal: {{value}} je 4h, unter ihrem 80. Perzentil des letzten Jahres ({{p80}}).",
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
      description:
        "Aktive Modelle kurz: Modell, trainiert bis, Skill der Spanne und 80-%-Band außerhalb der Stichprobe",
      options: {},
    },
    faq: {
      name: "faq",
      description:
        "Klare Antworten: wie das Modell arbeitet, seine Daten, Horizonte, Genauigkeit, Neutraining, Risiken",
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
        level: "price: ein Kurs, z. B. 100000; pup: eine Wahrscheinlichkeit, z. B. 0,6",
      },
    },
    alerts: {
      name: "alarme",
      description: "Die Alarme dieses Kanals mit ihren IDs und Zuständen",
      options: {},
    },
  },
  errors: deRefusals,
  retrainReasons: {
    failed: "das Training ist fehlgeschlagen (siehe Log)",
    "window-too-short":
      "ein zurückgehaltenes Fenster von {{holdoutDays}} Tagen fasst höchstens {{capacity}} Prognosen mit bekanntem Ausgang: bitte verlängern ({{have}} von {{needed}} nötigen zurückgehaltenen Prognosen)",
    "too-few-origins":
      "nur {{have}} von {{needed}} nötigen zurückgehaltenen Prognosen (Lücken oder Reihen ungleicher Länge)",
    "needs-days_one":
      "das eingesetzte Modell wurde bis {{trainedUntil}} trainiert: Für einen fairen Vergleich fehlt noch {{count}} Tag neuer Daten ({{have}} von {{needed}} nötigen zurückgehaltenen Prognosen)",
    "needs-days_other":
      "das eingesetzte Modell wurde bis {{trainedUntil}} trainiert: Für einen fairen Vergleich fehlen noch {{count}} Tage neuer Daten ({{have}} von {{needed}} nötigen zurückgehaltenen Prognosen)",
    "not-worse": "nicht schlechter",
    worse: "schlechter",
    narrower:
      "das eingesetzte Modell wurde auf {{trainedOn}} Coins trainiert, hier liegt die Historie von nur {{here}}: Ein Herausforderer mit weniger Coins wäre nicht dasselbe Modell; trainiere es mit `coincast train --global` neu (README, Global network)",
    "champion-changed":
      "das eingesetzte Modell hat sich geändert, während dieser Herausforderer bewertet wurde (jetzt im Einsatz: {{serving}}): Mit ihm wurde er nicht verglichen, daher wird er nicht eingesetzt",
    identical: "dieselben Prognosen, das eingesetzte Modell bleibt",
  },
};
