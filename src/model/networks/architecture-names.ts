/** The network architectures a saved model may name; apart from architectures.ts so meta.json validates without tfjs. */
export const ARCHITECTURES = ["cnn-gru", "gru", "lstm", "cnn"] as const;
export type ArchitectureName = (typeof ARCHITECTURES)[number];

/** The hyperparameters that say which layers a network has (a subset of architectures.ts's Hyperparameters). */
export interface LayerSizes {
  convFilters: readonly number[];
  kernelSize: number;
  poolSize: number;
  recurrentUnits: readonly number[];
  denseUnits: number;
}

/**
 * The layers each builder in architectures.ts stacks, in words, for the model card: convolutions only where
 * the architecture has them, the recurrent kind it uses, then the dense layer and the quantile head.
 */
export function describeLayers(architecture: ArchitectureName, sizes: LayerSizes): string[] {
  const conv = `Conv1D ${sizes.convFilters.join("/")} filters (k=${sizes.kernelSize}, pool ${sizes.poolSize})`;
  const body = {
    "cnn-gru": [conv, `GRU ${sizes.recurrentUnits.join("/")}`],
    gru: [`GRU ${sizes.recurrentUnits.join("/")}`],
    lstm: [`LSTM ${sizes.recurrentUnits.join("/")}`],
    cnn: [conv, "flatten"],
  }[architecture];
  return [...body, `dense ${sizes.denseUnits}`];
}
