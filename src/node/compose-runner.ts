import { execFile, spawn } from "node:child_process";
import type { ComposeRunner, ComposeTarget, Diagnostic, RunOutcome } from "../core/index.js";

/** Options of {@link createComposeRunner}. */
export interface ComposeRunnerOptions {
  /** The Compose command, e.g. `["docker", "compose"]`. Default: `docker compose` when it works, else `docker-compose`. */
  command?: string[];
  /** The working directory Compose runs in (relative file paths resolve against it). */
  cwd: string;
  /** Time limit of one command, in milliseconds. Default 300000 (`up` may build images). */
  timeoutMs?: number;
  /** Extra environment variables for the Compose process. */
  env?: Record<string, string>;
}

/** How {@link runCommand} runs a command. */
export interface RunOptions {
  cwd?: string;
  /** Time limit in milliseconds; default 300000. Not applied when output is streamed. */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Receives the output as it comes; the outcome's `stdout` and `stderr` are then empty. */
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
}

/** Runs a command and hands its output over as it comes (`logs --follow`); never rejects. */
function streamCommand(
  file: string,
  args: string[],
  full: string[],
  options: RunOptions,
): Promise<RunOutcome> {
  const onOutput = options.onOutput!;
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...(options.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let failure = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => onOutput(chunk, "stdout"));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => onOutput(chunk, "stderr"));
    child.on("error", (error) => {
      failure = error.message;
    });
    child.on("close", (code) => {
      const exitCode = failure !== "" || code === null ? -1 : code;
      resolvePromise({ ok: exitCode === 0, exitCode, stdout: "", stderr: failure, command: full });
    });
  });
}

/**
 * Runs a command without a shell and resolves with its outcome; never rejects. A command that
 * cannot start or outlives `timeoutMs` resolves with `exitCode: -1`.
 *
 * @example
 * ```ts
 * const outcome = await runCommand(["docker-compose"], ["version"], { timeoutMs: 5000 });
 * ```
 */
export function runCommand(command: string[], args: string[], options: RunOptions = {}): Promise<RunOutcome> {
  const [file, ...prefix] = command;
  const full = [...command, ...args];
  if (file === undefined) {
    return Promise.resolve({ ok: false, exitCode: -1, stdout: "", stderr: "empty command", command: full });
  }
  if (options.onOutput !== undefined) return streamCommand(file, [...prefix, ...args], full, options);
  return new Promise((resolvePromise) => {
    execFile(
      file,
      [...prefix, ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, ...(options.env ?? {}) },
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        let exitCode = 0;
        let errText = stderr;
        if (error !== null) {
          exitCode = typeof error.code === "number" ? error.code : -1;
          if (error.killed) errText += `${errText.endsWith("\n") || errText === "" ? "" : "\n"}timed out`;
          if (typeof error.code === "string") errText += `${errText === "" ? "" : "\n"}${error.message}`;
        }
        resolvePromise({ ok: exitCode === 0, exitCode, stdout, stderr: errText, command: full });
      },
    );
  });
}

/**
 * The Compose command that works here: `docker compose` (the plugin) when it answers
 * `version`, else `docker-compose`; `undefined` when neither does.
 *
 * @example
 * ```ts
 * const command = await detectComposeCommand(); // ["docker-compose"] on Debian's docker.io
 * ```
 */
export async function detectComposeCommand(
  options: { timeoutMs?: number } = {},
): Promise<string[] | undefined> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  for (const candidate of [["docker", "compose"], ["docker-compose"]]) {
    const outcome = await runCommand(candidate, ["version"], { timeoutMs });
    if (outcome.ok) return candidate;
  }
  return undefined;
}

/**
 * The real ComposeRunner: `docker compose` / `docker-compose` with `-f` for each file,
 * `--env-file` and `-p` when given. Commands run without a shell, in `cwd`. Only options both
 * implementations share are used: `up -d` never adds `--wait` (docker-compose 1.29 has none; the
 * `up` operation does its own waiting), `logs` uses `--tail` and `--follow`.
 *
 * @example
 * ```ts
 * import { createComposeRunner } from "slipway/node";
 * const runner = createComposeRunner({ cwd: "/path/to/project" });
 * const outcome = await runner.up({ files: ["docker-compose.yml"], envFile: ".env.development" });
 * if (!outcome.ok) console.error(outcome.stderr);
 * ```
 */
export function createComposeRunner(options: ComposeRunnerOptions): ComposeRunner {
  let detected: Promise<string[] | undefined> | undefined;
  const command = async (): Promise<string[] | undefined> => {
    if (options.command !== undefined) return options.command;
    detected ??= detectComposeCommand();
    return detected;
  };
  const run = async (
    target: ComposeTarget,
    args: string[],
    onOutput?: RunOptions["onOutput"],
  ): Promise<RunOutcome> => {
    const base = await command();
    if (base === undefined) {
      return {
        ok: false,
        exitCode: -1,
        stdout: "",
        stderr: "neither `docker compose` nor `docker-compose` runs here",
        command: ["docker-compose", ...args],
      };
    }
    const global: string[] = [];
    for (const file of target.files) global.push("-f", file);
    if (target.envFile !== undefined) global.push("--env-file", target.envFile);
    if (target.project !== undefined) global.push("-p", target.project);
    const runOptions: RunOptions = { cwd: options.cwd };
    if (onOutput !== undefined) runOptions.onOutput = onOutput;
    if (options.timeoutMs !== undefined) runOptions.timeoutMs = options.timeoutMs;
    if (options.env !== undefined) runOptions.env = options.env;
    return runCommand(base, [...global, ...args], runOptions);
  };
  return {
    up: (o) => run(o, ["up", "-d", ...(o.services ?? [])]),
    down: (o) => run(o, ["down", "--remove-orphans", ...(o.volumes === true ? ["-v"] : [])]),
    ps: (o) => run(o, ["ps"]),
    logs: (o) =>
      run(
        o,
        [
          "logs",
          "--no-color",
          "--tail",
          o.tail === undefined ? (o.follow === true ? "all" : "50") : String(o.tail),
          ...(o.follow === true ? ["--follow"] : []),
          ...(o.service !== undefined ? [o.service] : []),
        ],
        o.onOutput,
      ),
  };
}

/**
 * Turns the outcome of `compose config -q` into diagnostics: an error when it failed, a warning
 * per `WARNING` line (such as an unset variable).
 *
 * @example
 * ```ts
 * const outcome = await runCommand(["docker-compose"], ["-f", "docker-compose.yml", "config", "-q"]);
 * const problems = composeConfigDiagnostics(outcome, "docker-compose.yml");
 * ```
 */
export function composeConfigDiagnostics(outcome: RunOutcome, file: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = outcome.stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  for (const line of lines) {
    const warning = /^(?:WARNING:|WARN\[\d+\])\s*(.*)$/.exec(line);
    if (warning !== null) {
      const d: Diagnostic = {
        code: "engine/compose-config-warning",
        severity: "warning",
        message: warning[1]!,
      };
      if (file !== undefined) d.file = file;
      out.push(d);
    }
  }
  if (!outcome.ok) {
    const errors = lines.filter((l) => !/^(?:WARNING:|WARN\[\d+\])/.test(l));
    const d: Diagnostic = {
      code: "engine/compose-config-invalid",
      severity: "error",
      message: `Compose rejects the file: ${errors.join(" ") || `exit status ${outcome.exitCode}`}`,
      hint: `Run \`${outcome.command.join(" ")}\` to see the full output`,
    };
    if (file !== undefined) d.file = file;
    out.push(d);
  }
  return out;
}
