import { describe, expect, it } from "vitest";
import type { ComposeFile } from "../../src/compose/model.js";
import {
  dialectOfImage,
  findMigrationTarget,
  type MigrateDeps,
  migrate,
  migrationChecksum,
  migrationScript,
  migrationStates,
  runsInTransaction,
  sqlString,
} from "../../src/operations/index.js";

/**
 * An in-memory database that understands only what `migrate` sends: the ledger read, and scripts
 * that end with the ledger row's INSERT. A script holding `FAIL` fails as a whole (a transaction).
 */
function fakeDatabase(options: { unreadable?: boolean; exists?: boolean } = {}) {
  const rows: string[][] = [];
  const scripts: { name: string; sql: string }[] = [];
  // Whether the ledger table exists; rows pushed by a test stand for a ledger that does.
  const table = { created: options.exists ?? false };
  let queries = 0;
  const sql: MigrateDeps["sql"] = {
    execute: async (text, { name }) => {
      scripts.push({ name, sql: text });
      if (text.includes("FAIL")) throw new Error(`psql:<stdin>:1: ERROR:  syntax error at or near "FAIL"\n`);
      const insert =
        /INSERT INTO slipway_migrations \(name, checksum, applied_at\) VALUES \('([^']*)', '([^']*)', '([^']*)'\);/.exec(
          text,
        );
      if (insert !== null) rows.push([insert[1]!, insert[2]!, insert[3]!]);
    },
    query: async (text) => {
      queries++;
      if (options.unreadable) throw new Error('service "postgres" is not running\n');
      if (text.includes("to_regclass('slipway_migrations')")) return [[table.created ? "1" : "0"]];
      if (text.includes("CREATE TABLE IF NOT EXISTS slipway_migrations")) table.created = true;
      if (!table.created) throw new Error('ERROR:  relation "slipway_migrations" does not exist\n');
      return rows.map((r) => [...r]);
    },
  };
  return { sql, rows, scripts, table, queries: () => queries };
}

const clock = { now: () => new Date("2025-01-02T03:04:05Z") };
const files = [
  { name: "002_posts.sql", content: "CREATE TABLE posts (id int);\n" },
  { name: "001_init.sql", content: "CREATE TABLE users (id int);\n" },
];

describe("migrate (database ledger)", () => {
  it("applies pending files in name order, each with its ledger row in one transaction", async () => {
    const db = fakeDatabase();
    const r = await migrate({ files, dialect: "postgres" }, { sql: db.sql, clock });
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && r.value.applied.map((m) => m.name)).toEqual(["001_init.sql", "002_posts.sql"]);
    expect(db.scripts.map((s) => s.name)).toEqual(["001_init.sql", "002_posts.sql"]);
    expect(db.scripts[0]!.sql).toBe(
      `BEGIN; CREATE TABLE users (id int);\nINSERT INTO slipway_migrations (name, checksum, applied_at) VALUES ('001_init.sql', '${migrationChecksum(files[1]!.content)}', '2025-01-02T03:04:05.000Z');\nCOMMIT;\n`,
    );
    expect(db.rows).toEqual([
      ["001_init.sql", migrationChecksum(files[1]!.content), "2025-01-02T03:04:05.000Z"],
      ["002_posts.sql", migrationChecksum(files[0]!.content), "2025-01-02T03:04:05.000Z"],
    ]);
    expect(r.ok && r.value.states.map((s) => s.state)).toEqual(["applied", "applied"]);

    const again = await migrate({ files, dialect: "postgres" }, { sql: db.sql, clock });
    expect(again).toMatchObject({ ok: true, value: { applied: [] } });
    expect(db.scripts).toHaveLength(2);
  });

  it("refuses everything when an applied file changed, naming it and both checksums", async () => {
    const db = fakeDatabase();
    await migrate({ files: [files[1]!], dialect: "postgres" }, { sql: db.sql, clock });
    const edited = [{ ...files[1]!, content: "CREATE TABLE users (id bigint);\n" }, files[0]!];
    const r = await migrate({ files: edited, dialect: "postgres" }, { sql: db.sql, clock });
    expect(r).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/checksum-changed", severity: "error", file: "001_init.sql" }],
    });
    expect(r.diagnostics[0]!.message).toContain(migrationChecksum(edited[0]!.content));
    expect(r.diagnostics[0]!.message).toContain(migrationChecksum(files[1]!.content));
    expect(db.scripts.map((s) => s.name)).toEqual(["001_init.sql"]);
  });

  it("reports states without applying: applied, pending, changed and applied without a file", async () => {
    const db = fakeDatabase({ exists: true });
    db.rows.push(["000_gone.sql", migrationChecksum("x"), "2024-01-01T00:00:00.000Z"]);
    db.rows.push(["001_init.sql", migrationChecksum("old"), "2024-01-01T00:00:00.000Z"]);
    const r = await migrate({ files, dialect: "postgres", statusOnly: true }, { sql: db.sql, clock });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["migration/missing-file"]);
    expect(r.ok && r.value.states).toEqual([
      {
        name: "000_gone.sql",
        state: "missing",
        recorded: migrationChecksum("x"),
        appliedAt: "2024-01-01T00:00:00.000Z",
      },
      {
        name: "001_init.sql",
        state: "changed",
        checksum: migrationChecksum(files[1]!.content),
        recorded: migrationChecksum("old"),
        appliedAt: "2024-01-01T00:00:00.000Z",
      },
      { name: "002_posts.sql", state: "pending", checksum: migrationChecksum(files[0]!.content) },
    ]);
    expect(db.scripts).toEqual([]);
    // Whether the ledger exists, then the ledger.
    expect(db.queries()).toBe(2);
  });

  it("reads a status without creating the ledger table: with no table, every file is pending", async () => {
    const db = fakeDatabase();
    const r = await migrate({ files, dialect: "postgres", statusOnly: true }, { sql: db.sql, clock });
    expect(r.ok && r.value.states.map((s) => [s.name, s.state])).toEqual([
      ["001_init.sql", "pending"],
      ["002_posts.sql", "pending"],
    ]);
    expect(db.table.created).toBe(false);
    expect(db.scripts).toEqual([]);
    // Applying afterwards creates it.
    const applied = await migrate({ files, dialect: "postgres" }, { sql: db.sql, clock });
    expect(applied.ok && applied.value.applied).toHaveLength(2);
    expect(db.table.created).toBe(true);
  });

  it("stops at the first failing file and names it; the ones before stay applied", async () => {
    const db = fakeDatabase();
    const three = [
      ...files,
      { name: "003_bad.sql", content: "FAIL;\n" },
      { name: "004_x.sql", content: "SELECT 1;" },
    ];
    const r = await migrate({ files: three, dialect: "postgres" }, { sql: db.sql, clock });
    expect(r).toMatchObject({
      ok: false,
      diagnostics: [
        { code: "migration/failed", file: "003_bad.sql" },
        { code: "migration/applied", file: "001_init.sql", severity: "info" },
        { code: "migration/applied", file: "002_posts.sql", severity: "info" },
      ],
    });
    expect(r.diagnostics[0]!.message).toContain('syntax error at or near "FAIL"');
    expect(db.rows.map((row) => row[0])).toEqual(["001_init.sql", "002_posts.sql"]);
    expect(db.scripts.map((s) => s.name)).not.toContain("004_x.sql");
  });

  it("fails clearly when the ledger cannot be read, or the table name is not an identifier", async () => {
    const r = await migrate(
      { files, dialect: "postgres" },
      { sql: fakeDatabase({ unreadable: true }).sql, clock },
    );
    expect(r).toMatchObject({ ok: false, diagnostics: [{ code: "migration/ledger-unreadable" }] });
    expect(r.diagnostics[0]!.message).toContain('service "postgres" is not running');
    const bad = await migrate(
      { files, dialect: "postgres", table: "t; DROP TABLE users" },
      { sql: fakeDatabase().sql, clock },
    );
    expect(bad).toMatchObject({ ok: false, diagnostics: [{ code: "migration/bad-table", path: "table" }] });
  });
});

describe("migrationScript", () => {
  const pending = (content: string, name = "001_x.sql") => ({
    name,
    content,
    checksum: migrationChecksum(content),
  });

  it("ends a last statement without `;` and keeps trailing comments out of the way", () => {
    expect(migrationScript("postgres", pending("CREATE TABLE t (id int)"), "T")).toMatch(
      /^BEGIN; CREATE TABLE t \(id int\)\n;\nINSERT INTO/,
    );
    expect(migrationScript("postgres", pending("SELECT 1; -- done\n-- bye\n"), "T")).toMatch(
      /^BEGIN; SELECT 1; -- done\n-- bye\nINSERT INTO/,
    );
    expect(migrationScript("postgres", pending("SELECT 1 -- no semicolon\n"), "T")).toMatch(
      /^BEGIN; SELECT 1 -- no semicolon\n;\nINSERT INTO/,
    );
  });

  it("runs a file marked no-transaction outside BEGIN/COMMIT; MySQL opens with START TRANSACTION", () => {
    const marked = "-- slipway:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (id);\n";
    expect(runsInTransaction(marked)).toBe(false);
    expect(migrationScript("postgres", pending(marked), "T")).toMatch(/^-- slipway:no-transaction\n/);
    expect(migrationScript("postgres", pending(marked), "T")).not.toContain("COMMIT");
    expect(migrationScript("mysql", pending("CREATE TABLE t (id int);"), "T")).toMatch(
      /^START TRANSACTION;\nCREATE TABLE t \(id int\);\nINSERT INTO .*;\nCOMMIT;\n$/,
    );
  });

  it("quotes names as SQL literals for each dialect", () => {
    expect(sqlString("postgres", "o'brien\\x")).toBe("'o''brien\\x'");
    expect(sqlString("mysql", "o'brien\\x")).toBe("'o''brien\\\\x'");
    expect(migrationScript("postgres", pending("SELECT 1;", "00'1.sql"), "T")).toContain(
      "VALUES ('00''1.sql'",
    );
  });
});

describe("findMigrationTarget", () => {
  const compose = (services: Record<string, string | undefined>): ComposeFile => ({
    services: Object.fromEntries(
      Object.entries(services).map(([name, image]) => [
        name,
        image === undefined ? { build: "." } : { image },
      ]),
    ),
  });

  it("finds the only PostgreSQL or MySQL family service", () => {
    expect(
      findMigrationTarget(compose({ app: undefined, cache: "redis:7", db: "postgis/postgis:17-3.5" })),
    ).toMatchObject({
      ok: true,
      value: { service: "db", dialect: "postgres" },
    });
    expect(findMigrationTarget(compose({ db: "docker.io/library/mariadb:11.4" }))).toMatchObject({
      value: { service: "db", dialect: "mysql" },
    });
    expect(dialectOfImage("localhost:5000/team/postgres:17@sha256:abc")).toBe("postgres");
    expect(dialectOfImage("mongo:7")).toBeUndefined();
  });

  it("asks for --service when there are none or several, and checks the one named", () => {
    expect(findMigrationTarget(compose({ cache: "redis:7" }))).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/no-database" }],
    });
    expect(findMigrationTarget(compose({ a: "postgres:17", b: "mysql:8.4" }))).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/ambiguous-database" }],
    });
    expect(findMigrationTarget(compose({ a: "postgres:17", b: "mysql:8.4" }), "b")).toMatchObject({
      value: { service: "b", dialect: "mysql" },
    });
    expect(findMigrationTarget(compose({ cache: "redis:7" }), "cache")).toMatchObject({
      diagnostics: [{ code: "migration/unknown-database", path: "services.cache.image" }],
    });
    expect(findMigrationTarget(compose({ cache: "redis:7" }), "db")).toMatchObject({
      diagnostics: [{ code: "migration/no-database", path: "services.db" }],
    });
  });
});

describe("migrationStates", () => {
  it("sorts by name and gives each file its checksum", () => {
    expect(migrationStates(files, []).map((s) => [s.name, s.state])).toEqual([
      ["001_init.sql", "pending"],
      ["002_posts.sql", "pending"],
    ]);
  });
});
