import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Caller, Reply } from "../../commands/types.js";
import { silentLogger } from "../../src/logger.js";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { createSubscriptionStore } from "../../src/schedule/subscription-store.js";
import { createSubscriptions } from "../../src/schedule/subscriptions.js";
import type { SqlDriver } from "../../src/storage/sql-driver.js";
import { openSqliteDriver } from "../../src/storage/sqlite-driver.js";
import { alertDispatcher } from "../helpers/alert-dispatcher.js";
import { MEMBER } from "../helpers/fake-command-services.js";

const ADMIN: Caller = { ...MEMBER, isAdmin: true };
const text = (reply: Reply | null) => [reply?.title ?? "", ...(reply?.lines ?? [])].join("\n");

/** What each back-end's driver throws when its disk is full: node-sqlite3's error, pg's SQLSTATE. */
const FULL = {
  SQLite: () =>
    Object.assign(new Error("SQLITE_FULL: database or disk is full"), { code: "SQLITE_FULL", errno: 13 }),
  PostgreSQL: () =>
    Object.assign(new Error('could not extend file "base/16384/16397": No space left on device'), {
      code: "53100",
    }),
};

/** `db` until `full()` is called; from then on every write (and every transaction) throws as a full disk. */
function fillable(db: SqlDriver, error: () => Error): { driver: SqlDriver; full: () => void } {
  let full = false;
  const refuse = <T>(go: () => Promise<T>) => (full ? Promise.reject(error()) : go());
  const driver: SqlDriver = {
    ...db,
    dialect: db.dialect,
    run: (sql, params) => refuse(() => db.run(sql, params)),
    transaction: (task) => refuse(() => db.transaction(task)),
  };
  const fill = () => {
    full = true;
  };
  return { driver, full: fill };
}

let dir: string;
let db: SqlDriver;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-storage-full-"));
  db = await openSqliteDriver(join(dir, "subscriptions.sqlite"));
});
afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(Object.entries(FULL))("a store whose disk is full (%s's error)", (_name, error) => {
  async function dispatcher(): Promise<{ d: ReturnType<typeof alertDispatcher>; full: () => void }> {
    const { driver, full } = fillable(db, error);
    const store: SubscriptionStore = await createSubscriptionStore(driver);
    const subscriptions = createSubscriptions({
      store,
      logger: silentLogger(),
      now: () => Date.UTC(2026, 5, 1),
    });
    return { d: alertDispatcher(store, { subscriptions }), full };
  }

  it("GIVEN /subscribe and /alert THEN each says storage is full and nothing was saved, not an error id", async () => {
    const { d, full } = await dispatcher();
    full();
    for (const line of ["/subscribe btc", "/alert price btc above 100000"]) {
      const reply = text(await d.dispatchLine(line, ADMIN));
      expect(reply).toContain("Storage is full; nothing was saved.");
      expect(reply).not.toMatch(/error id/i);
    }
  });

  it.each([
    ["de", "Der Speicher ist voll; es wurde nichts gespeichert."],
    ["es", "El almacenamiento está lleno; no se guardó nada."],
    ["pt-BR", "O armazenamento está cheio; nada foi salvo."],
  ])("GIVEN a %s speaker THEN the refusal is in their language", async (locale, said) => {
    const { d, full } = await dispatcher();
    full();
    expect(text(await d.dispatchLine("/subscribe btc", { ...ADMIN, locale }))).toContain(said);
  });
});
