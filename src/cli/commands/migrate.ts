import { resolve } from "node:path";
import type { ComposeFile } from "../../compose/model.js";
import { type Diagnostic, diagnostic, type Result } from "../../core/index.js";
import { envValues, parseEnv } from "../../env/index.js";
import { createClock, createComposeSqlExecutor, readMigrationFiles } from "../../node/index.js";
import {
  findMigrationTarget,
  type MigrateReport,
  type MigrationState,
  type MigrationTarget,
  migrate,
} from "../../operations/index.js";
import { type CliContext, type Command, UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";
import { composeFilePath, readComposeFile } from "./docker-shared.js";

/** What {@link runProjectMigrations} needs: the project's Compose model and how Compose reaches it. */
export interface ProjectMigrationsOptions {
  compose: ComposeFile;
  /** The Compose file, relative to `ctx.cwd`. */
  composeFile: string;
  /** The env file Compose reads (`--env-file`); default `.env.development` when it exists. */
  envFile?: string;
  /** The Compose project name; default `COMPOSE_PROJECT_NAME` of the env file, else Compose's own. */
  project?: string;
  /** The migrations folder; default `migrations`. */
  dir?: string;
  /** The database service; default the only PostgreSQL or MySQL service. */
  service?: string;
  /** The ledger table; default `slipway_migrations`. */
  table?: string;
  statusOnly?: boolean;
  /**
   * The services `slipway up` started: when given, a project without a database service, or whose
   * database service is not among them, has nothing to migrate (`none`) instead of an error.
   */
  onlyIfStarted?: readonly string[];
  /** The Compose command (`["docker", "compose"]`); default the one that works here, as the runner picks. */
  composeCommand?: string[];
}

/** What {@link runProjectMigrations} found and did. */
export interface ProjectMigrations {
  /** `none`: the project has no migrations folder (nothing to do, not an error). */
  outcome: "none" | "done" | "failed";
  dir: string;
  target?: MigrationTarget;
  report?: MigrateReport;
  diagnostics: Diagnostic[];
}

/**
 * Runs a project's migrations (or reads their status) through its database service: finds the
 * service in the Compose model, reads the `.sql` files of the folder, runs them with the service's
 * own client in its container and keeps the ledger in the database. A missing folder is `none`.
 * `slipway up` calls this once the stack is healthy; `slipway migrate` prints its result.
 *
 * @example
 * ```ts
 * const r = await runProjectMigrations(ctx, { compose, composeFile: "docker-compose.yml" });
 * if (r.outcome === "failed") printDiagnostics(ctx, r.diagnostics);
 * ```
 */
export async function runProjectMigrations(
  ctx: CliContext,
  options: ProjectMigrationsOptions,
): Promise<ProjectMigrations> {
  const dir = options.dir ?? "migrations";
  const files = await readMigrationFiles(resolve(ctx.cwd, dir));
  if (files === undefined) return { outcome: "none", dir, diagnostics: [] };
  const target = findMigrationTarget(options.compose, options.service);
  if (
    options.onlyIfStarted !== undefined &&
    (!target.ok || !options.onlyIfStarted.includes(target.value.service))
  )
    return { outcome: "none", dir, diagnostics: [] };
  if (!target.ok) return { outcome: "failed", dir, diagnostics: target.diagnostics };
  let envFile = options.envFile;
  let envText: string | undefined;
  if (envFile !== undefined) {
    envText = await readTextFile(ctx, envFile);
    if (envText === undefined)
      return {
        outcome: "failed",
        dir,
        diagnostics: [
          diagnostic("cli/file-not-found", "error", `Missing file ${envFile}`, {
            file: envFile,
            hint: "Name the env file Compose reads with --env, or generate it with slipway generate",
          }),
        ],
      };
  } else {
    envText = await readTextFile(ctx, ".env.development");
    if (envText !== undefined) envFile = ".env.development";
  }
  const project =
    options.project ??
    (envText === undefined ? undefined : envValues(parseEnv(envText)).COMPOSE_PROJECT_NAME) ??
    options.compose.name;
  const sql = createComposeSqlExecutor({
    cwd: ctx.cwd,
    files: [options.composeFile],
    ...(envFile !== undefined ? { envFile } : {}),
    ...(project !== undefined && project !== "" ? { project } : {}),
    service: target.value.service,
    dialect: target.value.dialect,
    ...(options.composeCommand !== undefined ? { command: options.composeCommand } : {}),
  });
  const result: Result<MigrateReport> = await migrate(
    {
      files,
      dialect: target.value.dialect,
      ...(options.table !== undefined ? { table: options.table } : {}),
      ...(options.statusOnly === true ? { statusOnly: true } : {}),
    },
    { sql, clock: createClock({ sourceDateEpoch: ctx.env.SOURCE_DATE_EPOCH }) },
  );
  const names = new Set(files.map((f) => f.name));
  const diagnostics = result.diagnostics.map((d) => placed(d, dir, names));
  return result.ok
    ? { outcome: "done", dir, target: target.value, report: result.value, diagnostics }
    : { outcome: "failed", dir, target: target.value, diagnostics };
}

/** A diagnostic about a migration, with the file's path in the project and, from psql's report, its line. */
function placed(d: Diagnostic, dir: string, names: ReadonlySet<string>): Diagnostic {
  if (d.file === undefined || !names.has(d.file)) return d;
  const out: Diagnostic = { ...d, file: `${dir.replace(/\/+$/, "")}/${d.file}` };
  const escaped = d.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const line = new RegExp(`failed: ${escaped}:(\\d+):`).exec(d.message)?.[1];
  if (line !== undefined && out.line === undefined) out.line = Number(line);
  return out;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The status table: one line per migration with its state and, when applied, when. */
function renderStates(states: readonly MigrationState[]): string {
  const width = Math.max(0, ...states.map((s) => s.name.length));
  const lines = states.map((s) => {
    const what =
      s.state === "changed"
        ? `file ${s.checksum}, ledger ${s.recorded}`
        : s.state === "pending"
          ? ""
          : (s.appliedAt ?? "");
    return `  ${s.state.padEnd(7)}  ${s.name.padEnd(width)}  ${what}`.trimEnd();
  });
  const by = (state: MigrationState["state"]) => states.filter((s) => s.state === state).length;
  const missing = by("missing");
  lines.push(
    `${by("applied")} applied, ${by("pending")} pending, ${by("changed")} changed${missing > 0 ? `, ${missing} without file` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

/** `slipway migrate`: applies pending SQL migrations through the Compose database service, or lists them. */
export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply pending SQL migrations through the Compose database service, or list them (--status)",
  usage:
    "slipway migrate [compose-file] [--status] [--env FILE] [--dir migrations] [--service NAME] [--project NAME] [--table NAME] [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      status: { type: "boolean" },
      env: { type: "string" },
      dir: { type: "string" },
      service: { type: "string" },
      project: { type: "string", short: "p" },
      table: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1) throw new UsageError("expected at most one compose file");
    const composeFile = composeFilePath(ctx, positionals[0]);
    const loaded = await readComposeFile(ctx, composeFile);
    if (loaded.compose === undefined) {
      printDiagnostics(ctx, loaded.diagnostics);
      return 1;
    }
    const options: ProjectMigrationsOptions = { compose: loaded.compose, composeFile };
    if (values.env !== undefined) options.envFile = values.env;
    if (values.dir !== undefined) options.dir = values.dir;
    if (values.service !== undefined) options.service = values.service;
    if (values.project !== undefined) options.project = values.project;
    if (values.table !== undefined) options.table = values.table;
    if (values.status === true) options.statusOnly = true;
    const r = await runProjectMigrations(ctx, options);
    if (r.outcome === "none")
      r.diagnostics.push(
        diagnostic("migration/no-folder", "error", `Missing migrations folder ${r.dir}`, {
          file: r.dir,
          hint: "Put the .sql files in migrations/ (applied in name order), or name the folder with --dir",
        }),
      );
    const changed = r.report?.states.filter((s) => s.state === "changed") ?? [];
    const ok = r.outcome === "done" && changed.length === 0;
    if (values.json === true) {
      printJson(ctx, {
        ok,
        dir: r.dir,
        service: r.target?.service,
        applied: r.report?.applied ?? [],
        migrations: r.report?.states ?? [],
        diagnostics: r.diagnostics,
      });
      return ok ? 0 : 1;
    }
    printDiagnostics(ctx, r.diagnostics);
    if (r.report === undefined || r.target === undefined) return 1;
    if (values.status === true) {
      ctx.stdout(`Migrations in ${r.dir}/ on service ${r.target.service}:\n${renderStates(r.report.states)}`);
      if (changed.length > 0)
        ctx.stderr(
          `slipway migrate: ${changed.map((s) => s.name).join(", ")} changed since applied; put the change in a new migration\n`,
        );
      return ok ? 0 : 1;
    }
    for (const m of r.report.applied) ctx.stdout(`applied ${m.name}\n`);
    const total = r.report.states.filter((s) => s.state === "applied").length;
    ctx.stdout(
      r.report.applied.length === 0
        ? `No pending migration on service ${r.target.service} (${count(total, "migration")} applied)\n`
        : `${count(r.report.applied.length, "migration")} applied on service ${r.target.service}; ${count(total, "migration")} applied in all\n`,
    );
    return 0;
  },
};
