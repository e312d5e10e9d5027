import type { Catalogue } from "../catalogue.js";

/** /faq in German (du), in the catalogue's terms: „keine Änderung“, Skill, Pinball-Verlust, zurückgehaltene Daten. */
export const deFaq: Catalogue["faq"] = {
  title: "FAQ",
  list: "Frag mit /faq <Thema> nach einem dieser Themen:",
  at: "{{value}} bei {{horizon}}",
  horizonN: "Horizont {{n}}",
  topics: {
    model: "Das Modell",
    data: "Daten und Merkmale",
    horizons: "Horizonte und Coins",
    accuracy: "Wie genau ist es?",
    retraining: "Neutraining",
    risks: "Risiken und Grenzen",
  },
  data: {
    candles:
      "4h-Kerzen des Binance-Spotmarkts seit 2017 werden mit Coincast mitgeliefert; nach jedem 4h-Schluss " +
      "werden die neuen geschlossenen Kerzen von der Börse geladen. Tageskerzen sind die sechs 4h-Kerzen eines UTC-Tages.",
    gaps: "Lücken (Wartung der Börse) werden mit dem vorigen Schlusskurs gefüllt und markiert, nie als Handel erfunden.",
    features:
      "Merkmale: Rendite, Hoch-Tief-Spanne, Kurs gegenüber seinen Durchschnitten über 10, 20 und 50 Kerzen, " +
      "RSI 14, MACD, Bollinger-Breite, ATR, realisierte Volatilität und Volumen, dazu die realisierte Varianz " +
      "der letzten 1, 7 und 30 Tage aus den 4h-Renditen, spannenbasierte Volatilität (Parkinson, Garman-Klass) " +
      "und die Größe der jüngsten Kursrückgänge. Jedes Merkmal nutzt nur die Vergangenheit und wird nur mit " +
      "Kennzahlen der Trainingsdaten skaliert.",
    offline:
      "Ist die Börse nicht erreichbar, nutzen Prognosen die zuletzt gespeicherten Kerzen, sagen „VERALTET“ " +
      "und nennen ihren Datenstand.",
  },
  horizons: {
    list: "Horizonte: {{horizons}}. Ein Tagesmodell beantwortet 1d, 3d und 7d, ein 4h-Modell 4h und 12h.",
    counted:
      "Ein Horizont zählt in geschlossenen Kerzen: Eine 1d-Prognose gilt dem Schlusskurs des Tages nach der " +
      "letzten geschlossenen Tageskerze (Zeiten in UTC).",
    coins:
      "Hier bediente Coins: {{symbols}}; ist die Börse erreichbar, auch jedes andere dort gelistete Spot-Paar " +
      "(beim ersten Aufruf geladen; über MAX_SYMBOLS hinaus fällt das am längsten nicht genutzte weg); offline " +
      "auch die Paare, deren Verlauf als Trainingskorpus mitgeliefert wird, bis zu ihrem letzten Tag. Schreib " +
      "sie, wie du willst: btc, BTCUSDT, btc/usdt.",
  },
  retraining: {
    when:
      "Märkte verändern sich, daher wird jede Woche (standardmäßig sonntags um 03:00 UTC) oder wenn ein Admin " +
      "/retrain aufruft ein neues Modell (der Herausforderer) trainiert: gleiche Art und gleiche Einstellungen " +
      "wie das eingesetzte Modell (ein statistisches Modell ist in Sekunden neu angepasst, ein Netz in Minuten), " +
      "auf den Kerzen vor einem zurückgehaltenen Fenster.",
    window:
      "Dieses Fenster sind die neuesten Daten (standardmäßig 60 Tage), die das eingesetzte Modell (der Champion) " +
      "nie gesehen hat. Beide Modelle prognostizieren jeden zurückgehaltenen Zeitpunkt; der Herausforderer " +
      "übernimmt nur, wenn sein Quantil-Verlust (Pinball-Verlust) nicht schlechter ist. Bei weniger als " +
      "{{minOrigins}} zurückgehaltenen Prognosen wird nicht verglichen, und der Champion bleibt. Der Preis " +
      "dieser Regel: Ein übernommenes Modell hat die neuesten Tage nicht gesehen, denn an ihnen wurde es gemessen.",
    rollback: "Frühere Versionen bleiben erhalten, ein Admin kann also zu einer zurückkehren.",
  },
  risks: {
    advice:
      "Keine Anlageberatung. Krypto kann sich weit über jedes Intervall hinaus bewegen: Planmäßig fällt 1 von 5 " +
      "Ergebnissen aus dem 80-%-Intervall, und Crashs oder Nachrichten stecken nicht in vergangenen Kerzen.",
    inputs:
      "Das Modell sieht nur den Kurs- und Volumenverlauf jedes Coins: keine Orderbücher, keine Nachrichten, " +
      "keine On-Chain-Daten.",
    median:
      "Sein Median schlägt „keine Änderung“ außerhalb der Stichprobe nicht verlässlich (/faq accuracy hat die " +
      "Zahlen): Was es prognostiziert, ist die Spanne, kein Signal zum Handeln. Ist die Börse nicht erreichbar, " +
      "können die Daten veraltet sein: Jede Prognose nennt ihren Datenstand.",
  },
  model: {
    plain: "Das {{timeframe}}-Modell ist {{name}}: {{description}}, trainiert auf {{coins}}.",
    coins_one: "{{count}} Coin",
    coins_other: "{{count}} Coins",
    anchored:
      "Das {{timeframe}}-Modell ist {{name}}: ein {{description}} für {{trainedOn}}; es liest nur symbolfreie " +
      "Eingaben (Renditen, Spannen, Indikatoren und realisierte Volatilität der letzten Kerzen). Es ist " +
      "an HAR-RV verankert: Es geht von der Volatilitätsprognose von HAR-RV für den Coin aus, multipliziert mit der Streuung " +
      "vergangener Renditen in Einheiten dieser Prognose, und lernt eine Korrektur ihrer Skala und Form. " +
      "{{seeds}}; welcher Anteil ihrer Abweichung von HAR-RV ausgeliefert wird, wurde auf Kalibrierungsfenstern " +
      "gewählt, die das Training nie gelesen hat: {{shares}}.",
    trainedOn_one: "den einen Coin, auf dem es trainiert wurde",
    trainedOn_other: "alle {{count}} Coins, auf denen es trainiert wurde",
    seeds_one: "Ein einzelnes Netz ist im Einsatz",
    seeds_other: "{{count}} Netze aus verschiedenen Seeds werden gemittelt",
    unavailable: "Das {{timeframe}}-Modell: {{reason}}",
    quantiles:
      "Jedes Modell liefert fünf Quantile der Rendite ({{levels}}) statt eines einzelnen Kurses. " +
      "{{pinned}}Das 80-%- und das 95-%-Intervall zeigen, wie groß die Bewegung wahrscheinlich ausfällt.",
    pinned: "Der Median ist „keine Änderung“. ",
    chosen:
      "Was im Einsatz ist, wurde nach einer Regel außerhalb der Stichprobe gewählt: der niedrigste CRPS (die " +
      "Bewertung der ganzen prognostizierten Spanne) einen Schritt voraus unter den Modellen, deren Median nicht " +
      "schlechter ist als „keine Änderung“, im Vergleich mit GARCH, EWMA, HAR-RV, ihren Mittelwerten und den " +
      "Netzen; ein Netz, das auf vielen Coins trainiert wurde, wird an allen gemessen (/faq accuracy hat die " +
      "Zahlen der hier bedienten Coins, die Modellkarten und das README die jedes Coins).",
    behind:
      "Auf {{coins}} allein liegt die Spanne von HAR-RV bei {{horizon}} vor der des {{timeframe}}-Modells " +
      "({{har}} gegenüber {{model}}): Das Netz ist im Einsatz, weil es über alle Coins vorn liegt, auf denen es " +
      "trainiert wurde; seine Modellkarte nennt diesen Vorsprung mit seiner Signifikanz.",
    network: "{{architecture}}-Netz",
    single:
      "{{member}} (statistisch: Median ohne Drift, Volatilitätsprognose × vergangene standardisierte Renditen)",
    average: "gleich gewichteter Mittelwert der Quantile von {{members}} (statistisch, Median ohne Drift)",
  },
  accuracy: {
    span: " (Walk-Forward mit Startpunkten vom {{start}} bis {{end}}, jeweils nur auf der Vergangenheit neu trainiert)",
    pinned:
      "Ehrlich gesagt: Die Richtung kann hier niemand prognostizieren. Außerhalb der Stichprobe{{span}} ist der " +
      "Median „keine Änderung“, sein MASE ist also {{mase}} und P(steigt) {{half}}.",
    coinToss:
      "Ehrlich gesagt: Die Richtung ist fast ein Münzwurf. Außerhalb der Stichprobe{{span}} lag der MASE der " +
      "Mediane gegenüber „keine Änderung“ beim schlechtesten Paar bei {{mases}}.",
    size: "Prognostizieren kann es die Größe der Bewegung:",
    none: "Das {{timeframe}}-Modell ({{name}}): keine Out-of-Sample-Auswertung gespeichert.",
    figures:
      "Das {{timeframe}}-Modell ({{name}}): Seine Spanne schlug „keine Änderung“ um {{skills}} (CRPS, " +
      "{{coins}} zusammen){{har}}. Ergebnisse innerhalb seines 80-%-Intervalls: {{bands}}.",
    daily:
      "„Keine Änderung“ behält dabei die Streuung der Renditen des Jahres vor jeder jährlichen Neuanpassung. " +
      "Gegen eine „keine Änderung“, deren Streuung jeden Tag neu genommen wird, ist der Vorsprung der " +
      "Spanne: {{skills}}.",
    reused:
      "Das sind nicht die Zahlen eines unberührten Tests: Dasselbe Fenster wurde für mehrere Rezepte des Netzes " +
      "bewertet, bevor das gewählt wurde, das im Einsatz ist (README: Global network).",
    har: "; HAR-RV, das statistische Modell, an dem es gemessen wird: {{skills}}",
    read: "Lies den Median also als „keine Änderung“ und das Intervall als die Größe der wahrscheinlichen Bewegung.",
    more:
      "Jede Prognose zeigt das Urteil ihres Modells für diesen Coin und Horizont; /model hat die Tabelle, und " +
      "/accuracy zeigt, wie sich die hier gelieferten Prognosen seitdem geschlagen haben, gemessen an derselben " +
      "Latte „keine Änderung“.",
  },
};
