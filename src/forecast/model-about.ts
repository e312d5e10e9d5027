import { testWindowReused } from "../evaluation/reused-window.js";
import { kindOf, MEMBER_LABELS } from "../model/saved/forecasters.js";
import type { SavedMeta } from "../model/saved/model-io.js";

/** What a serving model is, read from its meta.json files: what /faq says of it beside its figures. */
export interface ModelAbout {
  /**
   * What it is, as values each language words itself (kindOf(meta).description is English's words of the
   * same): a network's architecture ("cnn-gru"), or the statistical members' names ("HAR-RV").
   */
  made: { network: string } | { statistical: string[] };
  /** Coins it was fitted on (meta.json `symbols`). */
  coins: number;
  /**
   * A network anchored on HAR (fit-anchored.ts): how many seeds its ensemble averages and, per horizon of
   * the timeframe, the share of its departure from HAR that is served (the members' blend weights, averaged:
   * the ensemble averages their quantiles, and each is HAR plus its weight of its departure).
   */
  anchored?: { seeds: number; networkShare: number[] };
  /** Its recorded figures are from a test window scored more than once while the recipe was chosen (reused-window.ts). */
  reusedTestWindow: boolean;
}

/** What `meta`'s model is, `members` being the metas of its folder (a statistical model's: its own). */
export function modelAbout(meta: SavedMeta, members: readonly SavedMeta[]): ModelAbout {
  const kind = kindOf(meta);
  const made = kind.match<ModelAbout["made"]>({
    network: (m) => ({ network: m.architecture }),
    statistical: (m) => ({ statistical: m.members.map((member) => MEMBER_LABELS[member]) }),
  });
  const about: ModelAbout = { made, coins: meta.symbols.length, reusedTestWindow: testWindowReused(meta) };
  if (!("anchor" in meta) || meta.anchor === undefined) return about;
  const weights = members.flatMap((m) => ("anchor" in m && m.anchor !== undefined ? [m.anchor.weights] : []));
  const networkShare = meta.anchor.weights.map(
    (_, h) => weights.reduce((sum, w) => sum + (w[h] ?? 0), 0) / weights.length,
  );
  return { ...about, anchored: { seeds: weights.length, networkShare } };
}
