// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell variables of the database container in its client command
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunOutcome, SqlExecutor } from "../core/index.js";
import { detectComposeCommand } from "./compose-runner.js";

/** Options of {@link createComposeSqlExecutor}. */
export interface ComposeSqlExecutorOptions {
  /** The folder Compose runs in (relative file paths resolve against it). */
  cwd: string;
  /** The Compose command; default `docker compose` when it works, else `docker-compose`. */
  command?: string[];
  /** The Compose files (`-f`). */
  files: string[];
  /** The env file (`--env-file`), e.g. `.env.development`. */
  envFile?: string;
  /** The Compose project name (`-p`). */
  project?: string;
  /** The database service whose container runs the client. */
  service: string;
  /** `postgres` runs `psql`; `mysql` runs `mariadb` or `mysql`, whichever the image has. */
  dialect: "postgres" | "mysql";
  /** Time limit of one statement batch, in milliseconds. Default 600000. */
  timeoutMs?: number;
  /** Extra environment variables for the Compose process. */
  env?: Record<string, string>;
}

/**
 * Runs a command without a shell, writing `input` to its standard input; resolves with its
 * outcome and never rejects. A command that cannot start or outlives `timeoutMs` resolves with
 * `exitCode: -1`.
 *
 * @example
 * ```ts
 * const outcome = await runWithInput(["docker-compose"], ["exec", "-T", "db", "psql"], "SELECT 1;\n");
 * ```
 */
export function runWithInput(
  command: string[],
  args: string[],
  input: string,
  options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunOutcome> {
  const [file, ...prefix] = command;
  const full = [...command, ...args];
  if (file === undefined)
    return Promise.resolve({ ok: false, exitCode: -1, stdout: "", stderr: "empty command", command: full });
  return new Promise((resolvePromise) => {
    const child = spawn(file, [...prefix, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...(options.env ?? {}) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const finish = (exitCode: number, extra = "") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const err =
        extra === "" ? stderr : `${stderr}${stderr === "" || stderr.endsWith("\n") ? "" : "\n"}${extra}`;
      resolvePromise({ ok: exitCode === 0, exitCode, stdout, stderr: err, command: full });
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(-1, "timed out");
    }, options.timeoutMs ?? 600_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", (error) => finish(-1, error.message));
    child.on("close", (code) => finish(code ?? -1));
    // A client that exits early closes its input: the write error is the exit status's business.
    child.stdin.on("error", () => {});
    child.stdin.end(input, "utf8");
  });
}

/**
 * The shell command the database container runs. It reads the credentials the official images
 * take from the container's own environment, so no password crosses the host.
 *
 * @example
 * ```ts
 * databaseClientCommand("postgres", "execute"); // 'exec psql -X -q -v ON_ERROR_STOP=1 -f - -U "${POSTGRES_USER:-postgres}" …'
 * ```
 */
export function databaseClientCommand(dialect: "postgres" | "mysql", mode: "execute" | "query"): string {
  if (dialect === "postgres") {
    const flags = mode === "query" ? " -A -t -F '\t'" : " -f -";
    return `exec psql -X -q -v ON_ERROR_STOP=1${flags} -U "\${POSTGRES_USER:-postgres}" -d "\${POSTGRES_DB:-\${POSTGRES_USER:-postgres}}"`;
  }
  const rows = mode === "query" ? " --batch --skip-column-names --raw" : " --batch";
  return [
    "client=$(command -v mariadb || command -v mysql)",
    'db="${MYSQL_DATABASE:-${MARIADB_DATABASE:-}}"',
    'pw="${MYSQL_ROOT_PASSWORD:-${MARIADB_ROOT_PASSWORD:-}}"',
    "user=root",
    'if [ -z "$pw" ] && [ -n "${MYSQL_USER:-${MARIADB_USER:-}}" ]; then user="${MYSQL_USER:-$MARIADB_USER}"; pw="${MYSQL_PASSWORD:-${MARIADB_PASSWORD:-}}"; fi',
    `MYSQL_PWD="$pw" exec "$client"${rows} -u "$user" $db`,
  ].join("; ");
}

/** The client's error text, with psql's `<stdin>` replaced by the migration's name. */
function failureText(outcome: RunOutcome, name: string, service: string): string {
  // docker-compose 1.x exits 1 without a word when the service has no running container.
  const silent = `\`${outcome.command.slice(0, -1).join(" ")} …\` exited with status ${outcome.exitCode} and no output: is the ${service} container running?`;
  const text = (outcome.stderr.trim() || outcome.stdout.trim() || silent)
    .split("\n")
    .map((l) => l.replace(/^psql:<stdin>:/, `${name}:`))
    .join("\n");
  return text;
}

/**
 * The real SqlExecutor: runs SQL with the database service's own client inside its container
 * (`docker compose exec -T <service> psql …`, or `docker-compose exec -T …` where only Compose 1.x
 * is installed), the SQL on standard input. Never a client on the host. A failing statement
 * rejects with the client's error text (psql's lines name the migration and the line).
 *
 * @example
 * ```ts
 * import { createComposeSqlExecutor } from "slipway/node";
 * const sql = createComposeSqlExecutor({ cwd: ".", files: ["docker-compose.yml"], envFile: ".env.development", service: "postgres", dialect: "postgres" });
 * await sql.execute("CREATE TABLE t (id int);", { name: "001_init.sql" });
 * ```
 */
export function createComposeSqlExecutor(
  options: ComposeSqlExecutorOptions,
): SqlExecutor & Required<Pick<SqlExecutor, "query">> {
  let detected: Promise<string[] | undefined> | undefined;
  const run = async (sql: string, mode: "execute" | "query"): Promise<RunOutcome> => {
    detected ??= options.command !== undefined ? Promise.resolve(options.command) : detectComposeCommand();
    const base = await detected;
    const args: string[] = [];
    for (const file of options.files) args.push("-f", file);
    if (options.envFile !== undefined) args.push("--env-file", options.envFile);
    if (options.project !== undefined) args.push("-p", options.project);
    args.push("exec", "-T", options.service, "sh", "-c", databaseClientCommand(options.dialect, mode));
    if (base === undefined)
      return {
        ok: false,
        exitCode: -1,
        stdout: "",
        stderr: "neither `docker compose` nor `docker-compose` runs here",
        command: ["docker-compose", ...args],
      };
    const runOptions: { cwd: string; timeoutMs?: number; env?: Record<string, string> } = {
      cwd: options.cwd,
    };
    if (options.timeoutMs !== undefined) runOptions.timeoutMs = options.timeoutMs;
    if (options.env !== undefined) runOptions.env = options.env;
    return runWithInput(base, args, sql, runOptions);
  };
  return {
    async execute(sql, context) {
      const outcome = await run(sql, "execute");
      if (!outcome.ok) throw new Error(failureText(outcome, context.name, options.service));
    },
    async query(sql, context) {
      const outcome = await run(sql, "query");
      if (!outcome.ok) throw new Error(failureText(outcome, context.name, options.service));
      return outcome.stdout
        .split("\n")
        .map((line) => line.replace(/\r$/, ""))
        .filter((line) => line !== "")
        .map((line) => line.split("\t"));
    },
  };
}

/**
 * The `.sql` files of a migrations folder (not its subfolders), by name, with their contents;
 * `undefined` when the folder does not exist.
 *
 * @example
 * ```ts
 * const files = await readMigrationFiles("migrations"); // [{ name: "001_init.sql", content: "…" }]
 * ```
 */
export async function readMigrationFiles(
  dir: string,
): Promise<{ name: string; content: string }[] | undefined> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const names = entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith(".sql"))
    .map((e) => e.name)
    .sort();
  return Promise.all(names.map(async (name) => ({ name, content: await readFile(join(dir, name), "utf8") })));
}
