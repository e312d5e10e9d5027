/** Recurrent (gate) activations the fused layers support, by their tfjs serialisation names. */
export const GATE_ACTIVATIONS = ["sigmoid", "hardSigmoid"] as const;
export type GateActivation = (typeof GATE_ACTIVATIONS)[number];

export function isGateActivation(name: unknown): name is GateActivation {
  return typeof name === "string" && (GATE_ACTIVATIONS as readonly string[]).includes(name);
}
