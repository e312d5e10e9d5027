import type { Refusals } from "../catalogue.js";

/** German refusals (du), each naming what English names: the input, the choices, the symbol, the count. */
export const deRefusals: Refusals = {
  "alert-exists": "Einen solchen Alarm gibt es in diesem Kanal schon: Nr. {{id}}.",
  "alert-limit":
    "Dieser Kanal hat schon {{limit}} Alarme, die Höchstzahl; /alerts listet sie, /alert remove ID löscht einen.",
  "backfill-failed":
    "Die Historie von {{symbol}} ließ sich nicht von {{exchange}} laden ({{reason}}). Es wurde nichts gespeichert; versuch es in einer Minute noch einmal.",
  "backfill-failed_rateLimited":
    "{{exchange}} hat uns gebeten, bis {{until}} mit weiteren Anfragen zu warten; die Historie von {{symbol}} kann ich deshalb noch nicht laden. Es wurde nichts gespeichert; versuch es nach {{until}} noch einmal.",
  "backfill-failed_coolingDown":
    "{{exchange}} hat eben nicht geantwortet; nach der Historie von {{symbol}} frage ich es deshalb erst nach {{until}} wieder. Es wurde nichts gespeichert; versuch es dann noch einmal.",
  "bad-candle-file": "Eine Kerzendatei hat nicht das erwartete Format.",
  "bad-date": "Dieses Datum verstehe ich nicht; bitte als JJJJ-MM-TT schreiben.",
  "bad-date-range": "Dieser Zeitraum ist ungültig: Der Anfang muss vor dem Ende liegen.",
  "bad-number": "Das ist keine gültige Zahl.",
  "bad-number_level":
    "Das ist keine Zahl, die ich als Schwelle verwenden kann. Schreib sie etwa so: {{example}} oder {{otherExample}}.",
  "bad-number_level_named":
    "„{{input}}“ ist keine Zahl, die ich als Schwelle verwenden kann. Schreib sie etwa so: {{example}} oder {{otherExample}}.",
  "bad-number_probability":
    "P(steigt) ist eine Wahrscheinlichkeit: Gib eine Schwelle zwischen 0 und 1 an (beide ausgeschlossen), etwa {{example}} oder {{otherExample}}.",
  "bad-number_percent":
    "Eine Kursschwelle ist ein Kurs, kein Prozentsatz; schreib sie etwa so: {{example}} oder {{otherExample}}.",
  "bad-number_positive": "Eine Kursschwelle muss über null liegen, etwa {{example}} oder {{otherExample}}.",
  "bad-option": "Dieser Wert ist für diese Option nicht gültig.",
  "bad-option_coinOnly": "Ein Alarm vom Typ {{kind}} nimmt nur einen Coin, z. B. /alert {{kind}} BTC.",
  "bad-option_oneId":
    "/alert remove nimmt nur eine Alarm-ID auf einmal; um {{ids}} zu löschen, schick für jede einen eigenen Befehl: /alert remove {{first}}, dann /alert remove {{second}}.",
  "bad-option_removeOnly": "/alert remove nimmt nur die ID des Alarms, z. B. /alert remove 3.",
  "bad-time": "Diese Uhrzeit verstehe ich nicht; bitte im 24-Stunden-Format HH:MM, z. B. 08:00.",
  "bad-time_named":
    "„{{input}}“ ist keine Uhrzeit; bitte im 24-Stunden-Format HH:MM, z. B. 08:00 oder 18:30.",
  busy: "Gerade laufen sehr viele Anfragen ({{queued}} Prognosen warten); versuch es in ein paar Sekunden noch einmal.",
  "exchange-unavailable":
    "Das gehört nicht zu den Paaren, die ich vorhalte, und die Börse, bei der ich nachsehen könnte, antwortet gerade nicht; versuch es in ein paar Minuten noch einmal. {{hint}}Bis dahin kann ich nur diese Paare bedienen (in Klammern: der letzte Tag ihrer mitgelieferten Historie): {{servable}}.",
  "exchange-unavailable_named":
    "{{asked}} gehört nicht zu den Paaren, die ich vorhalte, und die Börse, bei der ich nachsehen könnte, antwortet gerade nicht; versuch es in ein paar Minuten noch einmal. {{hint}}Bis dahin kann ich nur diese Paare bedienen (in Klammern: der letzte Tag ihrer mitgelieferten Historie): {{servable}}.",
  "history-too-short": "Für diesen Coin gibt es noch zu wenig Historie für eine Prognose.",
  "history-too-short_candles":
    "{{symbol}} hat erst {{candles}} {{timeframe}}-Kerzen Historie; das {{timeframe}}-Modell braucht {{needed}} (sein Fenster, die Anlaufzeit der Indikatoren und die Historie, an der seine HAR-Skala angepasst wird).",
  "history-too-short_candles_daily":
    "{{symbol}} hat erst {{candles}} {{timeframe}}-Kerzen Historie; das {{timeframe}}-Modell braucht {{needed}} (sein Fenster, die Anlaufzeit der Indikatoren und die Historie, an der seine HAR-Skala angepasst wird). Versuch einen kürzeren Horizont, etwa 4h.",
  "history-too-short_volatility":
    "Für {{symbol}} gibt es erst weniger als {{days}} Tage Prognosehistorie, zu wenig für das 90. Perzentil seiner Volatilität. Versuch einen Kurs- oder Band-Alarm (price oder band).",
  "input-too-long": "Das ist zu lang für ein Symbol.",
  "input-too-long_listed": "Das ist zu lang für ein Symbol. Symbole, die ich kenne: {{symbols}}.",
  "missing-option": "Ein Pflichtparameter fehlt.",
  "missing-option_level": "Ein Alarm vom Typ {{kind}} braucht eine Schwelle, z. B. {{example}}.",
  "missing-option_direction":
    "Ein Alarm vom Typ {{kind}} braucht above (über) oder below (unter), z. B. {{example}}.",
  "missing-symbol": "Bitte nenn einen Coin, zum Beispiel BTC oder BTC/USDT.",
  "missing-symbol_alert": "Welcher Coin? Z. B. {{example}}.",
  "no-candle-files": "Keine Kerzendateien gefunden.",
  "no-candles": "{{exchange}} hat noch keine {{timeframe}}-Kerzen für {{symbol}}.",
  "no-earlier-version": "Es gibt keine frühere Modellversion, zu der man zurückkehren könnte.",
  "no-model": "Es gibt noch kein trainiertes {{timeframe}}-Modell; `coincast train` trainiert eins.",
  "no-worker":
    "Es läuft kein Prognose-Worker. Ein Admin startet einen mit `coincast worker` (er braucht dieselbe REDIS_URL).",
  "queue-unreachable":
    "Die Prognose-Warteschlange (Redis) ist nicht erreichbar; Coincast versucht, die Verbindung wiederherzustellen. Versuch es in einer Minute noch einmal.",
  "not-available": "Diese Funktion gibt es bei diesem Bot nicht.",
  "on-demand-off":
    "{{symbol}} ist an der Börse gelistet, aber ich prognostiziere nur {{configured}}; das Nachladen auf Anfrage ist aus (MAX_SYMBOLS ist 0).",
  "platform-refused": "Die Chat-Plattform hat die Anfrage abgelehnt.",
  "platform-unreachable": "Die Chat-Plattform ist nicht erreichbar. Bitte später erneut versuchen.",
  "retrain-running":
    "Es läuft schon ein Training (das {{timeframe}}-Modell, zu {{fraction, number(style: percent; maximumFractionDigits: 0)}} fertig, gestartet {{started}} UTC); bitte warte, bis es fertig ist.",
  "training-lost":
    "Die Warteschlange hat das Training verloren, als Redis neu startete (sein Auftrag ist weg); starte es noch einmal.",
  "storage-full":
    "Der Speicher ist voll; es wurde nichts gespeichert. Versuch es noch einmal, wenn ein Admin Platz geschaffen hat.",
  "unknown-alert": "Das ist keine Alarm-ID; /alerts zeigt die Alarme dieses Kanals mit ihren IDs.",
  "unknown-alert_named":
    "„{{input}}“ ist keine Alarm-ID; /alerts zeigt die Alarme dieses Kanals mit ihren IDs.",
  "unknown-alert_missing": "Welcher Alarm? /alert remove ID, mit einer ID aus /alerts.",
  "unknown-alert_id":
    "In diesem Kanal gibt es keinen Alarm Nr. {{id}}; /alerts zeigt die Alarme dieses Kanals.",
  "unknown-horizon": "Unbekannter Horizont. Horizonte: {{horizons}}.",
  "unknown-horizon_named": "Unbekannter Horizont „{{input}}“. Horizonte: {{horizons}}.",
  "unknown-model": "Dieses Modell kenne ich nicht.",
  "unknown-symbol": "Dieses Symbol kenne ich nicht.",
  "unknown-symbol_named": "Das Symbol „{{input}}“ kenne ich nicht.",
  "unknown-symbol_listed": "Dieses Symbol kenne ich nicht. Symbole, die ich kenne: {{symbols}}.",
  "unknown-symbol_named_listed":
    "Das Symbol „{{input}}“ kenne ich nicht. Symbole, die ich kenne: {{symbols}}.",
  "unknown-time-zone": "Diese Zeitzone kenne ich nicht; nimm einen IANA-Namen wie Europe/Berlin.",
  "unknown-time-zone_named":
    "Die Zeitzone „{{input}}“ kenne ich nicht; nimm einen IANA-Namen wie Europe/Berlin.",
  "unknown-timeframe": "Unbekannter Zeitrahmen; nimm 4h oder 1d.",
  "unknown-version": "Diese Modellversion gibt es nicht.",
  "unreadable-history": "Die gespeicherte Historie ließ sich nicht lesen.",
  "worker-timeout":
    "Die Prognose-Worker haben nicht innerhalb von {{seconds}} s geantwortet; versuch es gleich noch einmal.",
};
