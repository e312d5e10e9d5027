import type { Locale } from "../src/i18n/index.js";

/** Every phrase of /model, in English; numbers and dates arrive already written in the language. */
export const MODEL_TEXT = {
  description: "The serving models in brief: model, trained until, range skill and 80% band out of sample",
  title: "The models",
  rowName: (timeframe: string) => `${timeframe} model`,
  /** `coins`: the pairs this timeframe's figures pool, already joined in the language. */
  row: (model: string, trainedUntil: string, skill: string, band: string, coins: string) =>
    `${model}, trained until ${trainedUntil} | range skill ${skill} | 80% band held ${band} | pooled over ${coins}`,
  skillAt: (skill: string, horizon: string) => `${skill} at ${horizon}`,
  noEvaluation: (model: string, trainedUntil: string) =>
    `${model}, trained until ${trainedUntil} | no out-of-sample evaluation recorded`,
  retrained: (since: string) => ` (retrained, serving since ${since} UTC; figures of the shipped version)`,
  adaptive: (horizon: string, updates: number, levels: string) =>
    `Adaptive intervals at ${horizon} (from ${updates} scored forecasts): ${levels}`,
  adaptiveLevel: (coverage: string, level: string, observed: string) =>
    `${coverage} served at level ${level} (observed ${observed})`,
  unknown: "n/a",
  inThread: "Forecasts run in a worker thread",
  onFleet: "Forecasts run on the fleet's workers (coincast worker)",
  everyPair: "every pair",
  footer: (where: string) =>
    'Range skill: how much closer the forecast range came to what happened than "no change" did, out of ' +
    `sample (CRPS, pooled over the pairs each model's line names); above 0 beats it. On the median no model beats "no change" on crypto ` +
    `returns: read the range. /faq accuracy and the model cards have the statistics (every coin's). ${where}.`,
} as const;

/**
 * English's phrases with each string widened: what every other language fills in. The description is the
 * command's declaration, translated with the other commands in src/i18n.
 */
export type ModelText = {
  [K in Exclude<keyof typeof MODEL_TEXT, "description">]: (typeof MODEL_TEXT)[K] extends string
    ? string
    : (typeof MODEL_TEXT)[K];
};

const es: ModelText = {
  title: "Los modelos",
  rowName: (timeframe) => `Modelo de ${timeframe}`,
  row: (model, trainedUntil, skill, band, coins) =>
    `${model}, entrenado hasta el ${trainedUntil} | habilidad del rango ${skill} | la banda del 80\u00a0% contuvo el ${band} | ${coins} juntos`,
  skillAt: (skill, horizon) => `${skill} a ${horizon}`,
  noEvaluation: (model, trainedUntil) =>
    `${model}, entrenado hasta el ${trainedUntil} | sin evaluación fuera de la muestra registrada`,
  retrained: (since) => ` (reentrenado, en servicio desde el ${since} UTC; cifras de la versión incluida)`,
  adaptive: (horizon, updates, levels) =>
    `Intervalos adaptativos a ${horizon} (a partir de ${updates} previsiones evaluadas): ${levels}`,
  adaptiveLevel: (coverage, level, observed) =>
    `${coverage} servido al nivel ${level} (observado: ${observed})`,
  unknown: "n/d",
  inThread: "Las previsiones se calculan en un hilo de trabajo",
  onFleet: "Las previsiones se calculan en los workers de la flota (coincast worker)",
  everyPair: "todos los pares",
  footer: (where) =>
    "Habilidad del rango: cuánto más se acercó el rango previsto a lo ocurrido que «sin cambios», fuera de la " +
    `muestra (CRPS, los pares que nombra la línea de cada modelo juntos); por encima de 0 lo supera. En la mediana ningún modelo supera a ` +
    `«sin cambios» con los rendimientos de las criptomonedas: fíjate en el rango. /faq accuracy y las fichas de los modelos tienen las estadísticas (las de cada moneda). ${where}.`,
};

const de: ModelText = {
  title: "Die Modelle",
  rowName: (timeframe) => `${timeframe}-Modell`,
  row: (model, trainedUntil, skill, band, coins) =>
    `${model}, trainiert bis ${trainedUntil} | Skill der Spanne ${skill} | 80-%-Band enthielt ${band} | ${coins} zusammen`,
  skillAt: (skill, horizon) => `${skill} bei ${horizon}`,
  noEvaluation: (model, trainedUntil) =>
    `${model}, trainiert bis ${trainedUntil} | keine Out-of-Sample-Auswertung gespeichert`,
  retrained: (since) => ` (neu trainiert, im Einsatz seit ${since} UTC; Zahlen der mitgelieferten Version)`,
  adaptive: (horizon, updates, levels) =>
    `Adaptive Intervalle bei ${horizon} (aus ${updates} ausgewerteten Prognosen): ${levels}`,
  adaptiveLevel: (coverage, level, observed) =>
    `${coverage} mit Niveau ${level} ausgeliefert (beobachtet: ${observed})`,
  unknown: "k. A.",
  inThread: "Prognosen laufen in einem Worker-Thread",
  onFleet: "Prognosen laufen auf den Workern der Flotte (coincast worker)",
  everyPair: "alle Paare",
  footer: (where) =>
    "Skill der Spanne: wie viel näher die prognostizierte Spanne dem tatsächlichen Ergebnis kam als „keine Änderung“, " +
    `außerhalb der Stichprobe (CRPS, die in der Zeile jedes Modells genannten Paare zusammen); über 0 heißt besser. Beim Median schlägt bei Krypto-Renditen ` +
    `kein Modell „keine Änderung“: Entscheidend ist die Spanne. /faq accuracy und die Modellkarten enthalten die Statistik (die jedes Coins). ${where}.`,
};

const ptBR: ModelText = {
  title: "Os modelos",
  rowName: (timeframe) => `Modelo de ${timeframe}`,
  row: (model, trainedUntil, skill, band, coins) =>
    `${model}, treinado até ${trainedUntil} | habilidade do intervalo ${skill} | a faixa de 80% conteve ${band} | ${coins} juntos`,
  skillAt: (skill, horizon) => `${skill} em ${horizon}`,
  noEvaluation: (model, trainedUntil) =>
    `${model}, treinado até ${trainedUntil} | nenhuma avaliação fora da amostra registrada`,
  retrained: (since) => ` (retreinado, em uso desde ${since} UTC; números da versão incluída)`,
  adaptive: (horizon, updates, levels) =>
    `Intervalos adaptativos em ${horizon} (a partir de ${updates} previsões avaliadas): ${levels}`,
  adaptiveLevel: (coverage, level, observed) =>
    `${coverage} servido no nível ${level} (observado: ${observed})`,
  unknown: "n/d",
  inThread: "As previsões rodam em uma thread de trabalho",
  onFleet: "As previsões rodam nos workers da frota (coincast worker)",
  everyPair: "todos os pares",
  footer: (where) =>
    "Habilidade do intervalo: quanto o intervalo previsto chegou mais perto do que aconteceu do que o “sem mudança”, " +
    `fora da amostra (CRPS, os pares que a linha de cada modelo nomeia juntos); acima de 0 supera. Na mediana nenhum modelo supera o “sem mudança” ` +
    `em retornos de cripto: olhe o intervalo. /faq accuracy e os cards dos modelos têm as estatísticas (as de cada moeda). ${where}.`,
};

/** /model's phrases per shipped language. */
export const MODEL_TEXTS: Record<Locale, ModelText> = { en: MODEL_TEXT, es, de, "pt-BR": ptBR };
