/** Recurrent (gate) activations the fused layers support, by their tfjs serialisation names. */
export const GATE_ACTIVATIONS = ["sigmoid", "hardSigmoid"] as const;
export type GateActivation = (typeof GATE_ACTIVATIONS)[number];

export function isGateActivation(name: unknown): name is GateActivation {
  return typeof name === "string" && (GATE_ACTIVATIONS as readonly string[]).includes(name);
}

/** The gate function, as tfjs computes it (hardSigmoid: clip(0.2·x + 0.5, 0, 1)). */
export function gateFunction(kind: GateActivation): (x: number) => number {
  return kind === "sigmoid" ? (x) => 1 / (1 + Math.exp(-x)) : (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5));
}

/**
 * The gate's derivative from its output s, which is all the backward pass keeps: s·(1-s) for sigmoid;
 * 0.2 inside hardSigmoid's linear part and 0 where it is clipped.
 */
export function gateDerivative(kind: GateActivation): (s: number) => number {
  return kind === "sigmoid" ? (s) => s * (1 - s) : (s) => (s > 0 && s < 1 ? 0.2 : 0);
}

/** The back-end kernel that computes the gate, where one exists (hardSigmoid stays a JS clip: no exp). */
export function gateKernel(kind: GateActivation): "Sigmoid" | null {
  return kind === "sigmoid" ? "Sigmoid" : null;
}
