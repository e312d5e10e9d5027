import { describe, expect, it } from "vitest";
import { redactUrls, scrubbedError } from "../src/error-report.js";

describe("redactUrls", () => {
  it("GIVEN URLs with userinfo and query tokens THEN both are gone and scheme, host, port and path stay", () => {
    expect(
      redactUrls(
        "binance GET http://user:secret@127.0.0.1:8080/api/v3/klines?symbol=BTCUSDT&signature=abc 500",
      ),
    ).toBe("binance GET http://127.0.0.1:8080/api/v3/klines 500");
    expect(redactUrls("redis://:pw@cache:6379/0 postgres://app:p%40ss@db/coincast?sslmode=require")).toBe(
      "redis://cache:6379/0 postgres://db/coincast",
    );
    // An unencoded @ in the password: everything up to the last @ before the host is userinfo.
    expect(redactUrls("http://u:p@ss@proxy:1/x")).toBe("http://proxy:1/x");
    expect(redactUrls('{"msg":"at https://user:pw@h/a?token=1#frag"}')).toBe('{"msg":"at https://h/a"}');
  });

  it("GIVEN text without credentials THEN it is unchanged", () => {
    for (const text of ["no url", "https://api.binance.com/api/v3", "user:secret@host without a scheme"]) {
      expect(redactUrls(text)).toBe(text);
    }
  });

  it("GIVEN an error whose message and cause quote a URL with a password THEN scrubbedError keeps neither", () => {
    const error = new Error("GET http://user:secret@proxy/api failed", {
      cause: new Error("connect ECONNREFUSED http://user:secret@proxy/api?key=k"),
    });
    expect(JSON.stringify(scrubbedError(error, []))).not.toMatch(/secret|user:|key=/);
  });
});
