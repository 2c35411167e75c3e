import { basename } from "node:path";
import type { ComposeFile } from "../../compose/model.js";
import type { ComposeRunner, Diagnostic, InspectingDockerProbe } from "../../core/index.js";
import { COMPOSE_PROJECT_VARIABLE, envValues, parseEnv } from "../../env/index.js";
import { createComposeRunner } from "../../node/index.js";
import { expectedFromCompose, type ServiceStatus } from "../../operations/index.js";
import type { CliContext } from "../context.js";
import { printDiagnostics, readTextFile } from "../io.js";
import { cliDockerProbe, composeFilePath, readComposeFile } from "./docker-shared.js";

/** The env file the lifecycle commands read when `--env` names none. */
export const DEFAULT_ENV_FILE = ".env.development";

/** The options every lifecycle command takes, for `parseCommandArgs`. */
export const STACK_OPTIONS = {
  env: { type: "string" },
  file: { type: "string", short: "f" },
  project: { type: "string", short: "p" },
} as const;

/** A stack the lifecycle commands work on: its Compose model, env file, project and adapters. */
export interface Stack {
  compose: ComposeFile;
  /** The Compose file, relative to the working folder as given. */
  file: string;
  /** The env file, when it exists. */
  envFile?: string;
  env: Record<string, string>;
  project: string;
  runner: ComposeRunner;
  docker: InspectingDockerProbe;
}

/** Compose's own default project name: the folder's name, lower case, other characters dropped. */
function folderProjectName(cwd: string): string {
  return basename(cwd)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "");
}

/**
 * Reads the Compose file and the env file a lifecycle command works on and picks the project the
 * way Compose does: `--project`, else COMPOSE_PROJECT_NAME of the env file, else the file's `name`,
 * else the folder's name. Prints the problems and returns `undefined` when the files cannot be used.
 *
 * @example
 * ```ts
 * const stack = await loadStack(ctx, { env: ".env.staging" });
 * if (stack === undefined) return 1; // the problems are printed
 * ```
 */
export async function loadStack(
  ctx: CliContext,
  values: { env?: string | undefined; file?: string | undefined; project?: string | undefined },
): Promise<Stack | undefined> {
  const file = composeFilePath(ctx, values.file);
  const loaded = await readComposeFile(ctx, file);
  const problems: Diagnostic[] = [...loaded.diagnostics];
  const envName = values.env ?? DEFAULT_ENV_FILE;
  const envText = await readTextFile(ctx, envName);
  if (envText === undefined && values.env !== undefined) {
    problems.push({
      code: "cli/file-not-found",
      severity: "error",
      message: `Missing env file ${envName}`,
      file: envName,
      hint: "Name an existing env file with --env, or run `slipway generate` first",
    });
  }
  if (loaded.compose === undefined || problems.some((d) => d.severity === "error")) {
    printDiagnostics(ctx, problems);
    return undefined;
  }
  const env = envText === undefined ? {} : envValues(parseEnv(envText, { file: envName }));
  const project =
    values.project ?? env[COMPOSE_PROJECT_VARIABLE] ?? loaded.compose.name ?? folderProjectName(ctx.cwd);
  const stack: Stack = {
    compose: loaded.compose,
    file,
    env,
    project,
    runner: createComposeRunner({ cwd: ctx.cwd }),
    docker: cliDockerProbe(ctx),
  };
  if (envText !== undefined) stack.envFile = envName;
  return stack;
}

/**
 * The host ports the given services publish, keyed for `preflight`: the service's name for its first
 * port, `<service>.<port>` for the others.
 *
 * @example
 * ```ts
 * stackPorts(stack, ["postgres", "redis"]); // { postgres: 5591, redis: 6401 }
 * ```
 */
export function stackPorts(stack: Stack, services: readonly string[]): Record<string, number> {
  const wanted = new Set(services);
  const out: Record<string, number> = {};
  const expected = expectedFromCompose(stack.compose, { project: stack.project, env: stack.env });
  for (const e of expected) {
    if (!wanted.has(e.service)) continue;
    e.hostPorts.forEach((port, i) => {
      out[i === 0 ? e.service : `${e.service}.${port}`] = port;
    });
  }
  return out;
}

/** A service's status in a few words, with its health when that says more. */
function statusWord(s: ServiceStatus): string {
  if (s.status === "missing") return "creating";
  if (s.health === undefined || s.health === s.status) return s.status;
  return `${s.status} (${s.health})`;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] as const;

/** Live progress of `up`: what it writes as the services' statuses come in. */
export interface UpProgress {
  update(services: ServiceStatus[]): void;
}

/**
 * The progress printer of `up`, on stderr. On a terminal it keeps one line per service and rewrites
 * them in place at every poll, with a spinner on the services still starting; otherwise it prints a
 * plain line only when a service's status changes (logs and CI stay readable).
 *
 * @example
 * ```ts
 * const progress = createUpProgress(ctx.stderr, ctx.isTTY === true);
 * await up(target, { runner, docker, clock, onProgress: (s) => progress.update(s) });
 * ```
 */
export function createUpProgress(write: (text: string) => void, terminal: boolean): UpProgress {
  let frame = 0;
  let drawn = 0;
  const last = new Map<string, string>();
  return {
    update(services) {
      const width = Math.max(0, ...services.map((s) => s.service.length));
      if (!terminal) {
        for (const s of services) {
          const word = statusWord(s);
          if (last.get(s.service) === word) continue;
          last.set(s.service, word);
          write(`${s.service.padEnd(width)}  ${word}\n`);
        }
        return;
      }
      const spin = SPINNER[frame % SPINNER.length]!;
      frame++;
      let text = drawn > 0 ? `\x1b[${drawn}A` : "";
      for (const s of services) {
        const mark =
          s.status === "ready" ? "✓" : s.status === "starting" || s.status === "missing" ? spin : "✗";
        text += `\x1b[2K${mark} ${s.service.padEnd(width)}  ${statusWord(s)}\n`;
      }
      drawn = services.length;
      write(text);
    },
  };
}
