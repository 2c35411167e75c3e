import { parseImageRef } from "../../compose/image.js";
import type { ComposeFile } from "../../compose/model.js";
import {
  type Clock,
  type Diagnostic,
  diagnostic,
  fail,
  type Result,
  resultOf,
  type SqlExecutor,
} from "../../core/index.js";
import {
  DEFAULT_MIGRATION_TABLE,
  isLedgerTableName,
  ledgerExistsSql,
  ledgerFromRows,
  ledgerQuerySql,
  ledgerTableSql,
  migrationScript,
  type SqlDialect,
} from "./database.js";
import { type MigrationFile, type MigrationRecord, migrationChecksum, planMigrations } from "./migrations.js";

/** The database service migrations run on, and its dialect. */
export interface MigrationTarget {
  service: string;
  dialect: SqlDialect;
}

/** Image names (the repository's last part) by the dialect their client speaks. */
const DIALECT_OF_IMAGE: Readonly<Record<string, SqlDialect>> = {
  postgres: "postgres",
  postgis: "postgres",
  pgvector: "postgres",
  timescaledb: "postgres",
  "timescaledb-ha": "postgres",
  mysql: "mysql",
  "mysql-server": "mysql",
  mariadb: "mysql",
  "percona-server": "mysql",
};

/**
 * The dialect of a Compose service's image, when it is a PostgreSQL or MySQL family image.
 *
 * @example
 * ```ts
 * dialectOfImage("postgis/postgis:17-3.5"); // "postgres"
 * dialectOfImage("redis:7-alpine"); // undefined
 * ```
 */
export function dialectOfImage(image: string | undefined): SqlDialect | undefined {
  if (image === undefined) return undefined;
  const name = parseImageRef(image).repository.split("/").at(-1)?.toLowerCase() ?? "";
  return Object.hasOwn(DIALECT_OF_IMAGE, name) ? DIALECT_OF_IMAGE[name] : undefined;
}

/**
 * The service `migrate` runs on: the one named, else the only PostgreSQL or MySQL family service
 * of the Compose file. Fails with `migration/no-database` (none, or the named service is missing),
 * `migration/unknown-database` (the named service's image is of no known family) or
 * `migration/ambiguous-database` (several; name one).
 *
 * @example
 * ```ts
 * const r = findMigrationTarget({ services: { db: { image: "postgres:17.6-alpine" } } });
 * if (r.ok) r.value; // { service: "db", dialect: "postgres" }
 * ```
 */
export function findMigrationTarget(compose: ComposeFile, service?: string): Result<MigrationTarget> {
  const services = compose.services ?? {};
  if (service !== undefined) {
    const spec = services[service];
    if (spec === undefined)
      return fail([
        diagnostic("migration/no-database", "error", `Missing service ${service} in the Compose file`, {
          path: `services.${service}`,
          hint: `Services: ${Object.keys(services).sort().join(", ") || "none"}`,
        }),
      ]);
    const dialect = dialectOfImage(spec.image);
    if (dialect === undefined)
      return fail([
        diagnostic(
          "migration/unknown-database",
          "error",
          `Unexpected image ${spec.image ?? "(built, no image)"} for migrations in service ${service}`,
          {
            path: `services.${service}.image`,
            hint: "Migrations run through psql (postgres, postgis, pgvector) or mysql (mysql, mariadb) in the service's container",
          },
        ),
      ]);
    return resultOf({ service, dialect }, []);
  }
  const found = Object.keys(services)
    .sort()
    .flatMap((name) => {
      const dialect = dialectOfImage(services[name]!.image);
      return dialect === undefined ? [] : [{ service: name, dialect }];
    });
  if (found.length === 1) return resultOf(found[0]!, []);
  if (found.length === 0)
    return fail([
      diagnostic("migration/no-database", "error", "Missing a PostgreSQL or MySQL service to migrate", {
        path: "services",
        hint: "Add a database service (slipway add-service postgresql), or name one with --service",
      }),
    ]);
  return fail([
    diagnostic(
      "migration/ambiguous-database",
      "error",
      `Several database services could take the migrations: ${found.map((f) => f.service).join(", ")}`,
      { path: "services", hint: "Name one with --service" },
    ),
  ]);
}

/** Where one migration stands. */
export interface MigrationState {
  name: string;
  /** `changed`: applied, but the file's content differs; `missing`: applied, but no file has its name. */
  state: "applied" | "pending" | "changed" | "missing";
  /** The file's checksum, when there is a file. */
  checksum?: string;
  /** The ledger's checksum, when it was applied. */
  recorded?: string;
  appliedAt?: string;
}

/**
 * Where each migration stands, by name: applied, pending, changed since it was applied, or applied
 * with its file gone.
 *
 * @example
 * ```ts
 * migrationStates([{ name: "001_init.sql", content: "…" }], []); // [{ name: "001_init.sql", state: "pending", checksum: "sha256:…" }]
 * ```
 */
export function migrationStates(
  files: readonly MigrationFile[],
  ledger: readonly MigrationRecord[],
): MigrationState[] {
  const recorded = new Map(ledger.map((e) => [e.name, e]));
  const out = new Map<string, MigrationState>();
  for (const file of files) {
    const checksum = migrationChecksum(file.content);
    const entry = recorded.get(file.name);
    const state: MigrationState = {
      name: file.name,
      state: entry === undefined ? "pending" : entry.checksum === checksum ? "applied" : "changed",
      checksum,
    };
    if (entry !== undefined) {
      state.recorded = entry.checksum;
      if (entry.appliedAt !== undefined) state.appliedAt = entry.appliedAt;
    }
    out.set(file.name, state);
  }
  for (const entry of ledger) {
    if (out.has(entry.name)) continue;
    const state: MigrationState = { name: entry.name, state: "missing", recorded: entry.checksum };
    if (entry.appliedAt !== undefined) state.appliedAt = entry.appliedAt;
    out.set(entry.name, state);
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The input of {@link migrate}. */
export interface MigrateInput {
  /** The SQL files of the migrations folder (names and contents). */
  files: readonly MigrationFile[];
  dialect: SqlDialect;
  /** The ledger table. Default `slipway_migrations`. */
  table?: string;
  /** Only read the ledger and report where each migration stands; apply nothing. */
  statusOnly?: boolean;
}

/** The effects {@link migrate} uses: a SQL executor that can also query, and the clock. */
export interface MigrateDeps {
  sql: SqlExecutor & Required<Pick<SqlExecutor, "query">>;
  clock: Clock;
}

/** What {@link migrate} did, and where every migration stands afterwards. */
export interface MigrateReport {
  /** The migrations this run applied, in order (none with `statusOnly`). */
  applied: MigrationRecord[];
  states: MigrationState[];
}

async function readLedger(
  input: MigrateInput,
  deps: MigrateDeps,
  table: string,
): Promise<Result<MigrationRecord[]>> {
  try {
    const name = `${table} (ledger)`;
    if (input.statusOnly === true) {
      // A status read changes nothing: without the table, nothing has been applied.
      const exists = await deps.sql.query(ledgerExistsSql(input.dialect, table), { name });
      if (exists[0]?.[0]?.trim() !== "1") return resultOf([], []);
      return resultOf(ledgerFromRows(await deps.sql.query(ledgerQuerySql(table), { name })), []);
    }
    // One round trip: each one is a `compose exec`, which takes a while to start.
    const rows = await deps.sql.query(`${ledgerTableSql(input.dialect, table)}${ledgerQuerySql(table)}`, {
      name,
    });
    return resultOf(ledgerFromRows(rows), []);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail([
      diagnostic(
        "migration/ledger-unreadable",
        "error",
        `Unreadable ledger table ${table}: ${reason.trim()}`,
        {
          hint: "Check that the database service is running and healthy (slipway up), then run again",
        },
      ),
    ]);
  }
}

/**
 * Applies the pending migrations on the real database, keeping the ledger (name, checksum, time
 * of application by the injected clock) in a table of that database. Each migration runs with its
 * ledger row in one transaction (see `migrationScript`); the first failure stops the run. An
 * applied file whose content changed stops everything before anything runs
 * (`migration/checksum-changed`, naming the file and both checksums). With `statusOnly` it only
 * reports and creates nothing; otherwise the ledger table is created when missing.
 *
 * @example
 * ```ts
 * import { createComposeSqlExecutor, createClock } from "slipway/node";
 * const sql = createComposeSqlExecutor({ cwd, files: ["docker-compose.yml"], envFile: ".env.development", service: "postgres", dialect: "postgres" });
 * const r = await migrate({ files, dialect: "postgres" }, { sql, clock: createClock() });
 * if (r.ok) r.value.applied.map((m) => m.name);
 * ```
 */
export async function migrate(input: MigrateInput, deps: MigrateDeps): Promise<Result<MigrateReport>> {
  const table = input.table ?? DEFAULT_MIGRATION_TABLE;
  if (!isLedgerTableName(table))
    return fail([
      diagnostic("migration/bad-table", "error", `Unexpected ledger table name ${table}`, {
        path: "table",
        hint: "Use letters, digits and _ (at most 63), starting with a letter or _",
      }),
    ]);
  const ledger = await readLedger(input, deps, table);
  if (!ledger.ok) return ledger;
  const states = migrationStates(input.files, ledger.value);
  const plan = planMigrations(input.files, ledger.value);
  if (input.statusOnly === true) {
    // The states show changed files; the report itself succeeds.
    return resultOf(
      { applied: [], states },
      plan.diagnostics.filter((d) => d.severity !== "error"),
    );
  }
  if (!plan.ok) return plan;
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  const applied: MigrationRecord[] = [];
  for (const migration of plan.value.toApply) {
    const appliedAt = deps.clock.now().toISOString();
    try {
      await deps.sql.execute(migrationScript(input.dialect, migration, appliedAt, table), {
        name: migration.name,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push(
        diagnostic("migration/failed", "error", `Migration ${migration.name} failed: ${reason.trim()}`, {
          file: migration.name,
          hint: "Fix the SQL (or the database state) and run the migrations again; applied ones are not repeated",
        }),
      );
      for (const done of applied)
        diagnostics.push(
          diagnostic("migration/applied", "info", `Migration ${done.name} was applied`, { file: done.name }),
        );
      return fail(diagnostics);
    }
    applied.push({ name: migration.name, checksum: migration.checksum, appliedAt });
  }
  const after = migrationStates(input.files, [...ledger.value, ...applied]);
  return resultOf({ applied, states: after }, diagnostics);
}
