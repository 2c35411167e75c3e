import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  type MigrationRecord,
  migrationChecksum,
  parseMigrationLedger,
  planMigrations,
  renderMigrationLedger,
  type SqlExecutor,
} from "../../src/operations/index.js";

const files = [
  { name: "002_users.sql", content: "CREATE TABLE users (id int);\n" },
  { name: "001_init.sql", content: "CREATE SCHEMA app;\n" },
  { name: "003_index.sql", content: "CREATE INDEX ON users (id);\n" },
];

function recorder(failOn?: string) {
  const executed: string[] = [];
  const sql: SqlExecutor = {
    execute: async (_sql, { name }) => {
      if (name === failOn) throw new Error('syntax error at or near "CREAT"');
      executed.push(name);
    },
  };
  return { sql, executed };
}

describe("planMigrations", () => {
  it("orders by name and applies everything on an empty ledger", () => {
    const r = planMigrations(files, []);
    expect(r.ok && r.value.toApply.map((m) => m.name)).toEqual([
      "001_init.sql",
      "002_users.sql",
      "003_index.sql",
    ]);
    expect(r.ok && r.value.toApply[0]!.checksum).toBe(migrationChecksum("CREATE SCHEMA app;\n"));
    expect(migrationChecksum("x")).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("skips applied files whose checksum matches", () => {
    const ledger = [{ name: "001_init.sql", checksum: migrationChecksum("CREATE SCHEMA app;\n") }];
    const r = planMigrations(files, ledger);
    expect(r).toMatchObject({ ok: true, value: { applied: ledger } });
    expect(r.ok && r.value.toApply.map((m) => m.name)).toEqual(["002_users.sql", "003_index.sql"]);
  });

  it("refuses an applied file whose content changed", () => {
    const ledger = [{ name: "001_init.sql", checksum: migrationChecksum("CREATE SCHEMA other;\n") }];
    const r = planMigrations(files, ledger);
    expect(r).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/checksum-changed", file: "001_init.sql" }],
    });
  });

  it("reports duplicates, a missing applied file and a new file sorting before applied ones", () => {
    const ledger = [
      { name: "002_users.sql", checksum: migrationChecksum(files[0]!.content) },
      { name: "000_gone.sql", checksum: migrationChecksum("") },
    ];
    const r = planMigrations([...files, files[2]!], ledger);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual([
      "migration/duplicate",
      "migration/missing-file",
      "migration/out-of-order",
    ]);
  });

  it("is idempotent: applying the plan then planning again leaves nothing to apply (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({ name: fc.stringMatching(/^[0-9]{3}_[a-z]{1,8}\.sql$/), content: fc.string() }),
          {
            selector: (f) => f.name,
            maxLength: 8,
          },
        ),
        fc.nat(8),
        async (all, split) => {
          const first = planMigrations(all.slice(0, split), []);
          if (!first.ok) return false;
          const done = await applyMigrations(first.value, { sql: recorder().sql });
          if (!done.ok) return false;
          const second = planMigrations(all, done.value.ledger);
          if (!second.ok) return false;
          const again = await applyMigrations(second.value, { sql: recorder().sql });
          const third = planMigrations(all, again.ok ? again.value.ledger : []);
          return (
            third.ok &&
            third.value.toApply.length === 0 &&
            third.value.applied.map((m) => m.name).join() ===
              all
                .map((f) => f.name)
                .sort()
                .join()
          );
        },
      ),
    );
  });
});

describe("applyMigrations", () => {
  it("executes in order, records the ledger after each one and stamps the clock", async () => {
    const plan = planMigrations(files, []);
    if (!plan.ok) throw new Error("plan failed");
    const { sql, executed } = recorder();
    const saved: MigrationRecord[][] = [];
    const r = await applyMigrations(plan.value, {
      sql,
      clock: { now: () => new Date("2025-01-02T03:04:05Z") },
      record: async (ledger) => {
        saved.push(ledger);
      },
    });
    expect(executed).toEqual(["001_init.sql", "002_users.sql", "003_index.sql"]);
    expect(saved.map((l) => l.length)).toEqual([1, 2, 3]);
    expect(r.ok && r.value.applied[0]).toEqual({
      name: "001_init.sql",
      checksum: migrationChecksum("CREATE SCHEMA app;\n"),
      appliedAt: "2025-01-02T03:04:05.000Z",
    });
  });

  it("stops at the first failure and names it, keeping what was applied", async () => {
    const plan = planMigrations(files, []);
    if (!plan.ok) throw new Error("plan failed");
    const { sql, executed } = recorder("002_users.sql");
    const saved: MigrationRecord[][] = [];
    const r = await applyMigrations(plan.value, { sql, record: async (l) => void saved.push(l) });
    expect(executed).toEqual(["001_init.sql"]);
    expect(saved.at(-1)?.map((e) => e.name)).toEqual(["001_init.sql"]);
    expect(r).toMatchObject({
      ok: false,
      diagnostics: [
        { code: "migration/failed", file: "002_users.sql" },
        { code: "migration/applied", file: "001_init.sql" },
      ],
    });
  });
});

describe("migration ledger file", () => {
  it("round-trips and reports bad entries", () => {
    const ledger = [
      { name: "001_init.sql", checksum: migrationChecksum("a"), appliedAt: "2025-01-01T00:00:00.000Z" },
    ];
    expect(parseMigrationLedger(renderMigrationLedger(ledger))).toMatchObject({ ok: true, value: ledger });
    expect(parseMigrationLedger("")).toMatchObject({ ok: true, value: [] });
    expect(parseMigrationLedger("{")).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/ledger-invalid" }],
    });
    expect(parseMigrationLedger('{"migrations":[{"name":1}]}')).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/ledger-invalid", path: "migrations[0]" }],
    });
  });
});
