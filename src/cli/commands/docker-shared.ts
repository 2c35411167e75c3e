import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ComposeFile, parseCompose } from "../../compose/index.js";
import { type Diagnostic, diagnostic } from "../../core/index.js";
import { createDockerProbe, type NodeDockerProbe } from "../../node/index.js";
import type { CliContext } from "../context.js";
import { readTextFile } from "../io.js";

/** The Compose file names Compose itself looks for, in its order. */
const DEFAULT_COMPOSE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

/** The Compose file a command works on: the one named, else the first default name that exists. */
export function composeFilePath(ctx: CliContext, named: string | undefined): string {
  if (named !== undefined) return named;
  return DEFAULT_COMPOSE_FILES.find((f) => existsSync(resolve(ctx.cwd, f))) ?? "docker-compose.yml";
}

/** A Compose file read and parsed with `parseCompose`; problems as diagnostics with line and column. */
export async function loadCompose(
  ctx: CliContext,
  path: string,
): Promise<{ compose?: ComposeFile; text?: string; diagnostics: Diagnostic[] }> {
  const text = await readTextFile(ctx, path);
  if (text === undefined) {
    return {
      diagnostics: [
        diagnostic("cli/file-not-found", "error", `Missing file ${path}`, {
          file: path,
          hint: "Name the Compose file, or run in the folder that holds it",
        }),
      ],
    };
  }
  const parsed = parseCompose(text, { file: path });
  return parsed.ok
    ? { compose: parsed.value, text, diagnostics: parsed.diagnostics }
    : { text, diagnostics: parsed.diagnostics };
}

/** `KEY=value` lines of an env file (comments and blank lines skipped, surrounding quotes removed). */
export function readEnvValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (match === null) continue;
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted !== null) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, "");
    values[match[1]!] = value;
  }
  return values;
}

/** The real probe, honouring DOCKER_HOST and SLIPWAY_DOCKER_TIMEOUT_MS from the CLI environment. */
export function cliDockerProbe(ctx: CliContext): NodeDockerProbe {
  const options: { dockerHost?: string; timeoutMs?: number } = {};
  const host = ctx.env.DOCKER_HOST;
  if (host !== undefined && host !== "") options.dockerHost = host;
  const timeout = Number(ctx.env.SLIPWAY_DOCKER_TIMEOUT_MS);
  if (Number.isInteger(timeout) && timeout > 0) options.timeoutMs = timeout;
  return createDockerProbe(options);
}

/** The IMAGE_DIGESTS file next to a Compose file. */
export function defaultDigestsFile(composePath: string): string {
  const dir = dirname(composePath);
  return dir === "." ? "IMAGE_DIGESTS" : `${dir}/IMAGE_DIGESTS`;
}
