import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { resolveSymbol } from "../../src/market/symbols.js";

const KNOWN = ["BTC/USDT", "ETH/USDT", "XRP/USDT"] as const;

/** The UserError resolveSymbol throws for `input`. */
function failure(input: string, known: readonly string[] = KNOWN): UserError {
  try {
    resolveSymbol(input, known);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error(`"${input}" resolved`);
}

describe("resolveSymbol", () => {
  it.each([
    "btc",
    "BTC",
    "BTCUSDT",
    "btcusdt",
    "BTC/USDT",
    "btc-usdt",
    " Btc/usdt ",
    "btc_usdt",
    "BTC USDT",
    "ＢＴＣ",
    "\u200bbtc\n",
  ])("GIVEN %j THEN it resolves to BTC/USDT", (input) => {
    expect(resolveSymbol(input, KNOWN)).toBe("BTC/USDT");
  });

  it("GIVEN a bare base without a USDT pair THEN the one known pair of that base is used, else it is ambiguous", () => {
    expect(resolveSymbol("sol", ["SOL/USDC", "BTC/USDT"])).toBe("SOL/USDC");
    const error = failure("btc", ["BTC/EUR", "BTC/USDC", "ETH/USDT"]);
    expect(error.suggestions).toEqual(["BTC/EUR", "BTC/USDC"]);
  });

  it("GIVEN a near miss THEN the error suggests the closest known symbols first", () => {
    const error = failure("btx");
    expect(error.code).toBe("unknown-symbol");
    expect(error.message).toBe('I don\'t know the symbol "BTX". Did you mean BTC/USDT?');
    expect(error.suggestions).toEqual(["BTC/USDT"]);
    expect(failure("ethusd").suggestions).toEqual(["ETH/USDT"]);
    expect(failure("ETH/BTC").suggestions).toEqual(["ETH/USDT"]);
    // Written together, a pair of two coins suggests its base's USDT pair, as with a separator.
    expect(failure("ethbtc").suggestions).toEqual(["ETH/USDT"]);
    expect(failure("XRPETH").message).toBe('I don\'t know the symbol "XRPETH". Did you mean XRP/USDT?');
    expect(failure("xpr").suggestions).toEqual(["XRP/USDT"]); // a swap counts as one edit
    expect(failure("btcusdc").suggestions).toEqual(["BTC/USDT"]);
  });

  it("GIVEN many near symbols THEN at most three are suggested", () => {
    const known = ["ETH/USDT", "BTC/EUR", "BTC/USDC", "BTC/DAI", "BTC/USDT"];
    // BTX is one edit from every BTC pair; ties keep the order of `known`.
    expect(failure("btx", known).suggestions).toEqual(["BTC/EUR", "BTC/USDC", "BTC/DAI"]);
    // As a pair, BTXUSDT is one edit from BTC/USDT, two from ETH/USDT and BTC/USDC: closest first.
    expect(failure("btxusdt", known).suggestions).toEqual(["BTC/USDT", "ETH/USDT", "BTC/USDC"]);
  });

  it("GIVEN three-letter bases two edits apart THEN they are not suggested for each other", () => {
    expect(failure("bnb").suggestions).toEqual([]);
    expect(failure("xbt").suggestions).toEqual([]);
  });

  it("GIVEN nothing close THEN no suggestion, but the known symbols are listed", () => {
    const error = failure("sol");
    expect(error.suggestions).toEqual([]);
    expect(error.message).toBe(
      'I don\'t know the symbol "SOL". Symbols I know: BTC/USDT, ETH/USDT, XRP/USDT.',
    );
  });

  it.each(["", "   ", "\n\t", "\u200b\u200b"])(
    "GIVEN the empty input %j THEN the user is asked to name a coin",
    (input) => {
      expect(failure(input).message).toMatch(/^Please name a coin/);
    },
  );

  it("GIVEN a 10 kB string THEN it is refused without echoing it", () => {
    const error = failure("A".repeat(10_000));
    expect(error.message).toMatch(/too long for a symbol/);
    expect(error.message).not.toMatch(/AAAA/);
  });

  it("GIVEN a mention THEN the reply cannot ping anyone", () => {
    const error = failure("@everyone");
    expect(error.message).not.toContain("@");
    expect(error.suggestions).toEqual([]);
    expect(failure("<@&123456> hi").message).not.toMatch(/[<@&>]/);
  });

  it("GIVEN control, bidi and markup characters THEN none is echoed and the echo is at most 20 characters", () => {
    const error = failure("\u202eDOGE\u0007`*_~|\u001b[31m****coin-with-a-long-name");
    const echoed = /"(.*)"/.exec(error.message)?.[1] ?? "";
    expect(echoed).toMatch(/^[A-Z0-9/.-]{0,20}…?$/);
    expect([...error.message].filter((ch) => ch.charCodeAt(0) < 32 || "\u202e`*_~|".includes(ch))).toEqual(
      [],
    );
  });

  it("GIVEN unicode junk with nothing echoable THEN the message says so without quoting it", () => {
    expect(failure("🚀🌕💎").message).toBe(
      "That is not a symbol I know. Symbols I know: BTC/USDT, ETH/USDT, XRP/USDT.",
    );
  });
});
