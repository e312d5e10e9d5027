/** The network architectures a saved model may name; apart from architectures.ts so meta.json validates without tfjs. */
export const ARCHITECTURES = ["cnn-gru", "gru", "lstm", "cnn"] as const;
export type ArchitectureName = (typeof ARCHITECTURES)[number];
