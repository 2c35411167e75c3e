import { createHash } from "node:crypto";
import {
  type Clock,
  type Diagnostic,
  diagnostic,
  type Result,
  resultOf,
  type SqlExecutor,
} from "../../core/index.js";

/** A SQL migration file: its name (`001_init.sql`) and content. */
export interface MigrationFile {
  name: string;
  content: string;
}

/** One applied migration as the ledger records it. */
export interface MigrationRecord {
  name: string;
  /** `sha256:<hex>` of the file content when it was applied. */
  checksum: string;
  /** ISO time of application, when known. */
  appliedAt?: string;
}

/** A migration to apply. */
export interface PendingMigration extends MigrationFile {
  checksum: string;
}

/** What {@link planMigrations} decides. */
export interface MigrationPlan {
  /** Files not in the ledger, in name order. */
  toApply: PendingMigration[];
  /** Ledger entries whose file is unchanged, in name order. */
  applied: MigrationRecord[];
}

/**
 * The checksum the ledger stores: `sha256:` + the hex SHA-256 of the UTF-8 content.
 *
 * @example
 * ```ts
 * migrationChecksum("CREATE TABLE t (id int);\n"); // "sha256:…"
 * ```
 */
export function migrationChecksum(content: string): string {
  return `sha256:${createHash("sha256").update(content, "utf8").digest("hex")}`;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Decides which SQL files to apply: those the ledger does not list, in name order. An applied
 * file whose checksum changed is refused (`migration/checksum-changed`, error) — edit history with
 * a new migration instead. Duplicate names are errors; a ledger entry without its file, and a new
 * file that sorts before the last applied one, are warnings.
 *
 * @example
 * ```ts
 * const r = planMigrations(
 *   [{ name: "001_init.sql", content: "CREATE TABLE t (id int);" }],
 *   [],
 * );
 * if (r.ok) r.value.toApply.map((m) => m.name); // ["001_init.sql"]
 * ```
 */
export function planMigrations(
  files: readonly MigrationFile[],
  ledger: readonly MigrationRecord[],
): Result<MigrationPlan> {
  const diagnostics: Diagnostic[] = [];
  const fileByName = new Map<string, MigrationFile>();
  for (const file of [...files].sort(byName)) {
    if (fileByName.has(file.name)) {
      diagnostics.push(
        diagnostic("migration/duplicate", "error", `Duplicate migration file name ${file.name}`, {
          file: file.name,
          hint: "Give every migration a unique name",
        }),
      );
      continue;
    }
    fileByName.set(file.name, file);
  }
  const recorded = new Map<string, MigrationRecord>();
  for (const entry of ledger) {
    if (recorded.has(entry.name)) {
      diagnostics.push(
        diagnostic("migration/duplicate", "error", `The ledger lists ${entry.name} twice`, {
          file: entry.name,
          hint: "Remove the duplicate ledger entry",
        }),
      );
      continue;
    }
    recorded.set(entry.name, entry);
  }
  const applied: MigrationRecord[] = [];
  for (const entry of [...recorded.values()].sort(byName)) {
    const file = fileByName.get(entry.name);
    if (file === undefined) {
      diagnostics.push(
        diagnostic("migration/missing-file", "warning", `Applied migration ${entry.name} has no file`, {
          file: entry.name,
          hint: "Restore the file from version control; applied migrations stay in the repository",
        }),
      );
      continue;
    }
    const checksum = migrationChecksum(file.content);
    if (checksum !== entry.checksum) {
      diagnostics.push(
        diagnostic(
          "migration/checksum-changed",
          "error",
          `Applied migration ${entry.name} changed since it was applied: file ${checksum}, ledger ${entry.checksum}`,
          {
            file: entry.name,
            hint: "Revert the edit and put the change in a new migration file",
          },
        ),
      );
      continue;
    }
    applied.push(entry);
  }
  const lastApplied = applied.at(-1)?.name;
  const toApply: PendingMigration[] = [];
  for (const file of fileByName.values()) {
    if (recorded.has(file.name)) continue;
    if (lastApplied !== undefined && file.name < lastApplied) {
      diagnostics.push(
        diagnostic(
          "migration/out-of-order",
          "warning",
          `New migration ${file.name} sorts before the applied ${lastApplied}`,
          { file: file.name, hint: "Rename it so it sorts after every applied migration" },
        ),
      );
    }
    toApply.push({ ...file, checksum: migrationChecksum(file.content) });
  }
  return resultOf({ toApply, applied }, diagnostics);
}

/** What {@link applyMigrations} did. */
export interface AppliedMigrations {
  /** The migrations applied by this run, in order. */
  applied: MigrationRecord[];
  /** The whole ledger after this run: the earlier entries plus the new ones. */
  ledger: MigrationRecord[];
}

/**
 * Applies a plan's migrations one by one, in order, through the injected SQL executor. It stops
 * at the first failure (later files may depend on it): the failure is an error diagnostic naming
 * the file, and the migrations applied before it are reported as info so the ledger can be saved.
 * `deps.record` is called after each success so a crash never loses the ledger.
 *
 * @example
 * ```ts
 * const plan = planMigrations(files, ledger);
 * if (plan.ok) {
 *   const r = await applyMigrations(plan.value, { sql: executor, record: (e) => saveLedger(e) });
 * }
 * ```
 */
export async function applyMigrations(
  plan: MigrationPlan,
  deps: {
    sql: SqlExecutor;
    clock?: Clock;
    record?: (ledger: MigrationRecord[]) => Promise<void>;
  },
): Promise<Result<AppliedMigrations>> {
  const ledger: MigrationRecord[] = [...plan.applied];
  const applied: MigrationRecord[] = [];
  for (const migration of plan.toApply) {
    try {
      await deps.sql.execute(migration.content, { name: migration.name });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const diagnostics: Diagnostic[] = [
        diagnostic("migration/failed", "error", `Migration ${migration.name} failed: ${reason.trim()}`, {
          file: migration.name,
          hint: "Fix the SQL (or the database state) and run the migrations again; applied ones are not repeated",
        }),
      ];
      for (const done of applied) {
        diagnostics.push(
          diagnostic("migration/applied", "info", `Migration ${done.name} was applied`, { file: done.name }),
        );
      }
      return resultOf({ applied, ledger }, diagnostics);
    }
    const entry: MigrationRecord = { name: migration.name, checksum: migration.checksum };
    if (deps.clock !== undefined) entry.appliedAt = deps.clock.now().toISOString();
    applied.push(entry);
    ledger.push(entry);
    if (deps.record !== undefined) await deps.record([...ledger]);
  }
  return resultOf({ applied, ledger }, []);
}

/**
 * Renders a migration ledger as the JSON file the seed keeps (`migrations/ledger.json`).
 *
 * @example
 * ```ts
 * renderMigrationLedger([{ name: "001_init.sql", checksum: "sha256:…" }]);
 * ```
 */
export function renderMigrationLedger(ledger: readonly MigrationRecord[]): string {
  return `${JSON.stringify({ migrations: [...ledger].sort(byName) }, null, 2)}\n`;
}

/**
 * Parses a migration ledger JSON file (`{ "migrations": [{ name, checksum, appliedAt? }] }`, or a
 * bare array of entries). An empty text is an empty ledger.
 *
 * @example
 * ```ts
 * const r = parseMigrationLedger('{"migrations":[]}');
 * ```
 */
export function parseMigrationLedger(text: string, file = "ledger.json"): Result<MigrationRecord[]> {
  if (text.trim() === "") return resultOf([], []);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return resultOf(
      [],
      [
        diagnostic(
          "migration/ledger-invalid",
          "error",
          `Invalid JSON in ${file}: ${(error as Error).message}`,
          {
            file,
          },
        ),
      ],
    );
  }
  const list = Array.isArray(data) ? data : (data as { migrations?: unknown } | null)?.migrations;
  if (!Array.isArray(list)) {
    return resultOf(
      [],
      [
        diagnostic("migration/ledger-invalid", "error", `Missing "migrations" list in ${file}`, {
          file,
          hint: 'Expected { "migrations": [{ "name": "…", "checksum": "sha256:…" }] }',
        }),
      ],
    );
  }
  const entries: MigrationRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  list.forEach((raw, index) => {
    const item = raw as { name?: unknown; checksum?: unknown; appliedAt?: unknown } | null;
    if (typeof item?.name !== "string" || typeof item.checksum !== "string") {
      diagnostics.push(
        diagnostic("migration/ledger-invalid", "error", `Unexpected ledger entry in ${file}`, {
          file,
          path: `migrations[${index}]`,
          hint: "Each entry has a string name and checksum",
        }),
      );
      return;
    }
    const entry: MigrationRecord = { name: item.name, checksum: item.checksum };
    if (typeof item.appliedAt === "string") entry.appliedAt = item.appliedAt;
    entries.push(entry);
  });
  return resultOf(entries, diagnostics);
}
