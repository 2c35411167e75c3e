import type { MigrationRecord, PendingMigration } from "./migrations.js";

/**
 * The SQL dialects the database ledger speaks: `postgres` (PostgreSQL, PostGIS, pgvector) and
 * `mysql` (MySQL, MariaDB).
 */
export type SqlDialect = "postgres" | "mysql";

/** The table the ledger lives in unless told otherwise; not `schema_migrations`, which other tools own. */
export const DEFAULT_MIGRATION_TABLE = "slipway_migrations";

/** The comment that makes a migration run outside a transaction (`CREATE INDEX CONCURRENTLY`). */
export const NO_TRANSACTION_MARKER = "-- slipway:no-transaction";

/**
 * True when `table` is a plain SQL identifier both dialects accept unquoted.
 *
 * @example
 * ```ts
 * isLedgerTableName("slipway_migrations"); // true
 * isLedgerTableName("x; DROP TABLE y"); // false
 * ```
 */
export function isLedgerTableName(table: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table);
}

/**
 * A SQL string literal for the dialect. MySQL also reads backslash escapes in literals, so they are
 * doubled there.
 *
 * @example
 * ```ts
 * sqlString("postgres", "it's"); // "'it''s'"
 * ```
 */
export function sqlString(dialect: SqlDialect, value: string): string {
  const escaped = dialect === "mysql" ? value.replace(/\\/g, "\\\\") : value;
  return `'${escaped.replace(/'/g, "''")}'`;
}

/**
 * The statement that creates the ledger table when it is missing: one row per applied migration
 * with its name, checksum and time of application (text, so the injected clock's value is kept as is).
 *
 * @example
 * ```ts
 * ledgerTableSql("postgres"); // "SET client_min_messages = warning;\nCREATE TABLE IF NOT EXISTS slipway_migrations (…);\n"
 * ```
 */
export function ledgerTableSql(dialect: SqlDialect, table = DEFAULT_MIGRATION_TABLE): string {
  // PostgreSQL reports "relation already exists, skipping" as a NOTICE on every run otherwise.
  const quiet = dialect === "postgres" ? "SET client_min_messages = warning;\n" : "";
  return `${quiet}CREATE TABLE IF NOT EXISTS ${table} (name VARCHAR(255) NOT NULL PRIMARY KEY, checksum VARCHAR(100) NOT NULL, applied_at VARCHAR(40) NOT NULL);\n`;
}

/**
 * The query that reads the ledger: name, checksum and time of application, by name.
 *
 * @example
 * ```ts
 * ledgerQuerySql(); // "SELECT name, checksum, applied_at FROM slipway_migrations ORDER BY name;\n"
 * ```
 */
export function ledgerQuerySql(table = DEFAULT_MIGRATION_TABLE): string {
  return `SELECT name, checksum, applied_at FROM ${table} ORDER BY name;\n`;
}

/**
 * The query that tells whether the ledger table exists, without creating it: one row, `1` when it
 * does and `0` when it does not (in the current schema search path or database).
 *
 * @example
 * ```ts
 * ledgerExistsSql("postgres"); // "SELECT CASE WHEN to_regclass('slipway_migrations') IS NULL THEN 0 ELSE 1 END;\n"
 * ```
 */
export function ledgerExistsSql(dialect: SqlDialect, table = DEFAULT_MIGRATION_TABLE): string {
  return dialect === "postgres"
    ? `SELECT CASE WHEN to_regclass(${sqlString(dialect, table)}) IS NULL THEN 0 ELSE 1 END;\n`
    : `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ${sqlString(dialect, table)};\n`;
}

/**
 * The ledger entries from the rows of {@link ledgerQuerySql}; rows without a name are dropped.
 *
 * @example
 * ```ts
 * ledgerFromRows([["001_init.sql", "sha256:…", "2025-01-01T00:00:00.000Z"]]);
 * ```
 */
export function ledgerFromRows(rows: readonly (readonly string[])[]): MigrationRecord[] {
  const out: MigrationRecord[] = [];
  for (const [name, checksum, appliedAt] of rows) {
    if (name === undefined || name === "" || checksum === undefined) continue;
    const entry: MigrationRecord = { name, checksum };
    if (appliedAt !== undefined && appliedAt !== "") entry.appliedAt = appliedAt;
    out.push(entry);
  }
  return out;
}

/**
 * True unless the migration asks to run outside a transaction with a line holding only
 * {@link NO_TRANSACTION_MARKER}.
 *
 * @example
 * ```ts
 * runsInTransaction("CREATE TABLE t (id int);"); // true
 * runsInTransaction("-- slipway:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (id);"); // false
 * ```
 */
export function runsInTransaction(content: string): boolean {
  return !content.split(/\r?\n/).some((line) => line.trim() === NO_TRANSACTION_MARKER);
}

/** The content with a final `;` when its last statement lacks one (trailing `--` comments are skipped). */
function terminated(content: string): string {
  const trimmed = content.replace(/\s+$/, "");
  const lines = trimmed.split("\n");
  while (lines.length > 0 && /^\s*(--.*)?$/.test(lines.at(-1)!)) lines.pop();
  // A comment after the last statement on its line (`SELECT 1; -- done`), when no quote follows it.
  const last = (lines.at(-1) ?? "").replace(/--[^'"`]*$/, "").trimEnd();
  if (last === "" || last.endsWith(";")) return `${trimmed}\n`;
  return `${trimmed}\n;\n`;
}

/**
 * The script that applies one migration and records it in the ledger: in a transaction
 * (`BEGIN` … `COMMIT`; `START TRANSACTION` in MySQL) unless the file carries
 * {@link NO_TRANSACTION_MARKER}, so a failing statement leaves neither a half-applied file nor a
 * ledger row. MySQL commits DDL statements implicitly; there the transaction covers the rest.
 *
 * @example
 * ```ts
 * migrationScript("postgres", { name: "001_init.sql", content: "CREATE TABLE t (id int);", checksum: "sha256:…" }, "2025-01-01T00:00:00.000Z");
 * ```
 */
export function migrationScript(
  dialect: SqlDialect,
  migration: PendingMigration,
  appliedAt: string,
  table = DEFAULT_MIGRATION_TABLE,
): string {
  const insert = `INSERT INTO ${table} (name, checksum, applied_at) VALUES (${sqlString(dialect, migration.name)}, ${sqlString(dialect, migration.checksum)}, ${sqlString(dialect, appliedAt)});\n`;
  const body = `${terminated(migration.content)}${insert}`;
  if (!runsInTransaction(migration.content)) return body;
  // psql: on the file's first line, so its error line numbers are the file's own. mysql: on a line
  // of its own, since its client reads `DELIMITER` only at the start of a line.
  const begin = dialect === "mysql" ? "START TRANSACTION;\n" : "BEGIN; ";
  return `${begin}${body}COMMIT;\n`;
}
