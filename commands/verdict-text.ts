import type { Locale } from "../src/i18n/index.js";

/**
 * Every phrase of the verdict line, in each shipped language: what the serving model is good at out of
 * sample, said of its range (CRPS against "no change", how often the 80% band held) and of its median (no
 * model beats "no change" on the median of crypto returns). Numbers arrive already written in the language.
 */
export const VERDICT_TEXT = {
  outOfSample: "Out of sample",
  rangeBeats: (by: string) => `its range beat "no change" by ${by} (CRPS)`,
  rangeBeatsWithinNoise: (by: string) => `its range beat "no change" by ${by} (CRPS, within noise)`,
  rangeWorse: (by: string) => `its range did ${by} worse than "no change" (CRPS)`,
  rangeWorseWithinNoise: (by: string) => `its range did ${by} worse than "no change" (CRPS, within noise)`,
  bandHeld: (share: string) => `its 80% band held ${share} of outcomes`,
  /** The band's clause when there is no range clause before it (German puts the verb first there). */
  bandHeldAlone: (share: string) => `its 80% band held ${share} of outcomes`,
  rangeAndBand: (range: string, band: string) => `${range} and ${band}`,
  medianIsNoChange:
    'its median is "no change" itself: no model beats that on crypto returns, and this one does not pretend to',
  medianBeats: (mase: string) => `its median beat "no change" too (MASE ${mase})`,
  leakAlarm: " (LEAK ALARM: a MASE below 0.9 on crypto returns is likelier a look-ahead than skill)",
  medianNoBetter: (mase: string) =>
    `its median does not beat "no change" (MASE ${mase}): no model does on crypto returns, so read the range, not the median`,
  notTrainedOnCoin: "Not trained on this coin",
  fittedJustNow: "Fitted on this coin's own history just now (not one of the shipped fits)",
  onCoinsNeverSeen: (coins: string) => `on coins it never saw (left out of its training: ${coins})`,
  onCoinsLeftOut: (coins: string) => `on coins left out of its fit (${coins})`,
  noUnseenRecord: (lead: string) => `${lead}, and no record yet of how it does on coins it never saw.`,
  heldOutThere: "a coin held out of training there",
  trainedOnThere: "a coin trained on there",
  /** The lead of a pair's own row of a global walk-forward; `how` is heldOutThere or trainedOnThere. */
  onCoin: (coin: string, years: string, how: string) =>
    `On ${coin} out of sample (walk-forward ${years}, ${how})`,
  /** The same after "Not trained on this coin; ", the figures following after a comma. */
  onThisCoin: (coin: string, years: string, how: string) =>
    `on ${coin} itself out of sample (walk-forward ${years}, ${how})`,
} as const;

/** English's phrases with each string widened: what every other language must fill in. */
export type VerdictText = {
  [K in keyof typeof VERDICT_TEXT]: (typeof VERDICT_TEXT)[K] extends string
    ? string
    : (typeof VERDICT_TEXT)[K];
};

const es: VerdictText = {
  outOfSample: "Fuera de la muestra,",
  rangeBeats: (by) => `su rango superó a «sin cambios» en un ${by} (CRPS)`,
  rangeBeatsWithinNoise: (by) => `su rango superó a «sin cambios» en un ${by} (CRPS, dentro del ruido)`,
  rangeWorse: (by) => `su rango fue un ${by} peor que «sin cambios» (CRPS)`,
  rangeWorseWithinNoise: (by) => `su rango fue un ${by} peor que «sin cambios» (CRPS, dentro del ruido)`,
  bandHeld: (share) => `su banda del 80\u00a0% contuvo el ${share} de los resultados`,
  bandHeldAlone: (share) => `su banda del 80\u00a0% contuvo el ${share} de los resultados`,
  rangeAndBand: (range, band) => `${range} y ${band}`,
  medianIsNoChange:
    "su mediana es el propio «sin cambios»: ningún modelo lo supera con los rendimientos de las criptomonedas, y este no finge hacerlo",
  medianBeats: (mase) => `su mediana también superó a «sin cambios» (MASE ${mase})`,
  leakAlarm:
    " (ALERTA DE FUGA: un MASE por debajo de 0,9 con rendimientos de criptomonedas apunta más a una fuga de datos futuros que a habilidad)",
  medianNoBetter: (mase) =>
    `su mediana no supera a «sin cambios» (MASE ${mase}): ningún modelo lo hace con los rendimientos de las criptomonedas, así que fíjate en el rango, no en la mediana`,
  notTrainedOnCoin: "No se entrenó con esta moneda",
  fittedJustNow: "Ajustado ahora mismo con el historial de esta moneda (no es uno de los ajustes incluidos)",
  onCoinsNeverSeen: (coins) => `en monedas que nunca vio (excluidas de su entrenamiento: ${coins})`,
  onCoinsLeftOut: (coins) => `en monedas excluidas de su ajuste (${coins})`,
  noUnseenRecord: (lead) => `${lead}, y aún no hay datos de cómo le va con monedas que nunca vio.`,
  heldOutThere: "una moneda excluida del entrenamiento allí",
  trainedOnThere: "una moneda con la que se entrenó allí",
  onCoin: (coin, years, how) => `En ${coin}, fuera de la muestra (walk-forward ${years}, ${how}),`,
  onThisCoin: (coin, years, how) =>
    `en la propia ${coin}, fuera de la muestra (walk-forward ${years}, ${how})`,
};

const de: VerdictText = {
  outOfSample: "Außerhalb der Stichprobe",
  // After the lead the verb comes second: "Außerhalb der Stichprobe schlug seine Spanne …".
  rangeBeats: (by) => `schlug seine Spanne „keine Änderung“ um ${by} (CRPS)`,
  rangeBeatsWithinNoise: (by) => `schlug seine Spanne „keine Änderung“ um ${by} (CRPS, im Rauschen)`,
  rangeWorse: (by) => `schnitt seine Spanne um ${by} schlechter ab als „keine Änderung“ (CRPS)`,
  rangeWorseWithinNoise: (by) =>
    `schnitt seine Spanne um ${by} schlechter ab als „keine Änderung“ (CRPS, im Rauschen)`,
  bandHeld: (share) => `sein 80-%-Band enthielt ${share} der Ergebnisse`,
  bandHeldAlone: (share) => `enthielt sein 80-%-Band ${share} der Ergebnisse`,
  rangeAndBand: (range, band) => `${range}, und ${band}`,
  medianIsNoChange:
    "sein Median ist „keine Änderung“ selbst: Bei Krypto-Renditen schlägt das kein Modell, und dieses tut nicht so, als ob",
  medianBeats: (mase) => `auch sein Median schlug „keine Änderung“ (MASE ${mase})`,
  leakAlarm:
    " (LECK-ALARM: Ein MASE unter 0,9 bei Krypto-Renditen deutet eher auf einen Blick in die Zukunft hin als auf Können)",
  medianNoBetter: (mase) =>
    `sein Median schlägt „keine Änderung“ nicht (MASE ${mase}): Das schafft bei Krypto-Renditen kein Modell, also zählt die Spanne, nicht der Median`,
  notTrainedOnCoin: "Nicht auf diese Münze trainiert",
  fittedJustNow:
    "Eben erst an die eigene Historie dieser Münze angepasst (keine der mitgelieferten Anpassungen)",
  onCoinsNeverSeen: (coins) => `bei Münzen, die es nie gesehen hat (aus dem Training ausgelassen: ${coins})`,
  onCoinsLeftOut: (coins) => `bei Münzen, die bei der Anpassung ausgelassen wurden (${coins})`,
  noUnseenRecord: (lead) =>
    `${lead}, und noch keine Bilanz, wie es bei Münzen abschneidet, die es nie gesehen hat.`,
  heldOutThere: "eine dort aus dem Training ausgelassene Münze",
  trainedOnThere: "eine dort mittrainierte Münze",
  // One lead before the verb: "Bei DOGE/USDT außerhalb der Stichprobe (…) schlug seine Spanne …".
  onCoin: (coin, years, how) => `Bei ${coin} außerhalb der Stichprobe (Walk-forward ${years}, ${how})`,
  onThisCoin: (coin, years, how) =>
    `bei ${coin} selbst außerhalb der Stichprobe (Walk-forward ${years}, ${how})`,
};

const ptBR: VerdictText = {
  outOfSample: "Fora da amostra,",
  rangeBeats: (by) => `seu intervalo superou o “sem mudança” em ${by} (CRPS)`,
  rangeBeatsWithinNoise: (by) => `seu intervalo superou o “sem mudança” em ${by} (CRPS, dentro do ruído)`,
  rangeWorse: (by) => `seu intervalo foi ${by} pior que o “sem mudança” (CRPS)`,
  rangeWorseWithinNoise: (by) => `seu intervalo foi ${by} pior que o “sem mudança” (CRPS, dentro do ruído)`,
  bandHeld: (share) => `sua faixa de 80% conteve ${share} dos resultados`,
  bandHeldAlone: (share) => `sua faixa de 80% conteve ${share} dos resultados`,
  rangeAndBand: (range, band) => `${range} e ${band}`,
  medianIsNoChange:
    "sua mediana é o próprio “sem mudança”: nenhum modelo supera isso em retornos de cripto, e este não finge que supera",
  medianBeats: (mase) => `sua mediana também superou o “sem mudança” (MASE ${mase})`,
  leakAlarm:
    " (ALERTA DE VAZAMENTO: um MASE abaixo de 0,9 em retornos de cripto indica mais um vazamento de dados futuros do que habilidade)",
  medianNoBetter: (mase) =>
    `sua mediana não supera o “sem mudança” (MASE ${mase}): nenhum modelo supera em retornos de cripto, então olhe o intervalo, não a mediana`,
  notTrainedOnCoin: "Não foi treinado nesta moeda",
  fittedJustNow: "Ajustado agora ao histórico desta moeda (não é um dos ajustes incluídos)",
  onCoinsNeverSeen: (coins) => `em moedas que nunca viu (deixadas fora do treino: ${coins})`,
  onCoinsLeftOut: (coins) => `em moedas deixadas fora do ajuste (${coins})`,
  noUnseenRecord: (lead) => `${lead}, e ainda não há registro de como se sai em moedas que nunca viu.`,
  heldOutThere: "uma moeda deixada fora do treino ali",
  trainedOnThere: "uma moeda usada no treino ali",
  onCoin: (coin, years, how) => `Em ${coin}, fora da amostra (walk-forward ${years}, ${how}),`,
  onThisCoin: (coin, years, how) => `na própria ${coin}, fora da amostra (walk-forward ${years}, ${how})`,
};

/** The verdict line's phrases per shipped language. */
export const VERDICT_TEXTS: Record<Locale, VerdictText> = { en: VERDICT_TEXT, es, de, "pt-BR": ptBR };
