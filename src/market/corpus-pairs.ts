import type { ListedMarket } from "./listed-markets.js";

/** The quote currency of the training corpus: its pairs are `<BASE>/USDT`. */
export const CORPUS_QUOTE = "USDT";

/**
 * Bases that are not a market of their own: their price is pegged to something else, so their candles would
 * teach a volatility model nothing about crypto. Named one by one for the cases the rule in
 * {@link excludedBecause} cannot see (a name without "USD" or "EUR", a wrapper without a leading W).
 */
export const EXCLUDED_BASES: Readonly<Record<string, string>> = {
  // Dollar stablecoins whose names do not say USD.
  DAI: "stablecoin",
  PAX: "stablecoin",
  UST: "stablecoin",
  USTC: "stablecoin",
  FRAX: "stablecoin",
  SAI: "stablecoin",
  // Fiat money listed as a base, and gold tokens (pegged, so a commodity's volatility, not a coin's).
  EUR: "fiat",
  GBP: "fiat",
  AUD: "fiat",
  TRY: "fiat",
  BRL: "fiat",
  PAXG: "gold-pegged",
  XAUT: "gold-pegged",
  // Wrapped and staked forms of another coin: the same price as the coin, a second copy in the panel.
  WBTC: "wrapped",
  WETH: "wrapped",
  WBETH: "wrapped",
  WBNB: "wrapped",
  BETH: "staked",
  STETH: "staked",
  WSTETH: "staked",
  CBETH: "staked",
  RETH: "staked",
  BNSOL: "staked",
  BTCB: "wrapped",
  RENBTC: "wrapped",
};

/**
 * Why a base is left out of the corpus, or null when it is a market of its own. The rule on top of the list:
 * - a name containing USD (USDC, FDUSD, TUSD, BUSD, USDP, PYUSD, USDE, USD1, BFUSD, ...) or starting with EUR
 *   (EURI, EURC) is a stablecoin;
 * - `W` + a base the exchange also lists against USDT, of three letters or more (WBTC, WETH, WBETH, WAVAX
 *   and the like), is a wrapped token. The three letters keep WIN, WOO, WLD and WIF, which are coins.
 * - a leveraged token (BTCUP, ETHDOWN, BNBBULL, ...) is a derivative of a listed base.
 */
export function excludedBecause(base: string, listedBases: ReadonlySet<string>): string | null {
  const named = EXCLUDED_BASES[base];
  if (named !== undefined) return named;
  if (base.includes("USD") || base.startsWith("EUR")) return "stablecoin";
  const unwrapped = base.slice(1);
  if (base.startsWith("W") && unwrapped.length >= 3 && listedBases.has(unwrapped)) return "wrapped";
  const leveraged = /^(.{3,})(UP|DOWN|BULL|BEAR)$/.exec(base);
  if (leveraged?.[1] !== undefined && listedBases.has(leveraged[1])) return "leveraged";
  return null;
}

/**
 * The `top` most liquid listed `<BASE>/USDT` spot pairs (24 h quote volume, ties by symbol), leaving out the
 * pegged and wrapped bases ({@link excludedBecause}) and the symbols in `skip` (the pairs that ship in
 * `data/`, already training history). `markets` is ListedMarkets' list: active spot pairs only.
 */
export function selectCorpusPairs(
  markets: readonly ListedMarket[],
  top: number,
  skip: ReadonlySet<string> = new Set(),
): ListedMarket[] {
  const usdt = markets.filter((m) => m.quote === CORPUS_QUOTE);
  const bases = new Set(usdt.map((m) => m.base));
  return usdt
    .filter((m) => !skip.has(m.symbol) && excludedBecause(m.base, bases) === null)
    .sort((a, b) => b.quoteVolume - a.quoteVolume || a.symbol.localeCompare(b.symbol))
    .slice(0, top);
}
