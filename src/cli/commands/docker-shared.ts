import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ComposeFile, findComposeFile, parseCompose } from "../../compose/index.js";
import { type Diagnostic, diagnostic } from "../../core/index.js";
import { createDockerProbe, type NodeDockerProbe } from "../../node/index.js";
import type { CliContext } from "../context.js";
import { readTextFile } from "../io.js";

/** The Compose file a command works on: the one named, else the first default name that exists. */
export function composeFilePath(ctx: CliContext, named: string | undefined): string {
  if (named !== undefined) return named;
  return findComposeFile((f) => existsSync(resolve(ctx.cwd, f))) ?? "docker-compose.yml";
}

/**
 * A Compose file read and parsed with the library's `parseCompose`, keeping its text (digests pin
 * rewrites it); problems as diagnostics with line and column.
 */
export async function readComposeFile(
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
