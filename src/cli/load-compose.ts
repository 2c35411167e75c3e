import { existsSync } from "node:fs";
import { resolve } from "node:path";
// The two files rather than the module's entry: the bundler splits the CLI by file, and the entry
// would bring the Compose builder and renderer (and node:crypto) into \`validate\` and \`graph\`.
import { DEFAULT_COMPOSE_FILES, findComposeFile } from "../compose/files.js";
import { type LoadedCompose, loadCompose } from "../compose/load.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./context.js";
import { readTextFile } from "./io.js";

/**
 * Reads a Compose file for `validate` and `graph`: the named one, or the first of Compose's own
 * names present; then every file its `include:` names, and parses them with the library's
 * `loadCompose` — the reader every command shares. Only the file reading happens here.
 *
 * @example
 * ```ts
 * const loaded = await readCompose(ctx, undefined); // compose.yaml, compose.yml, docker-compose.yml, …
 * ```
 */
export async function readCompose(ctx: CliContext, named: string | undefined): Promise<LoadedCompose> {
  const file = named ?? findComposeFile((name) => existsSync(resolve(ctx.cwd, name)));
  const text = file === undefined ? undefined : await readTextFile(ctx, file);
  if (file === undefined || text === undefined) {
    throw new UsageError(
      named === undefined
        ? `no Compose file found (looked for ${DEFAULT_COMPOSE_FILES.join(", ")})`
        : `file not found: ${named}`,
    );
  }
  const main = { file, text };
  const included: Record<string, string | undefined> = {};
  let loaded = loadCompose(main, { included });
  // Each round reads the files the previous one found; include chains are short.
  for (let round = 0; round < 16; round++) {
    const unread = loaded.includes.filter((path) => !Object.hasOwn(included, path));
    if (unread.length === 0) break;
    for (const path of unread) included[path] = await readTextFile(ctx, path).catch(() => undefined);
    loaded = loadCompose(main, { included });
  }
  return loaded;
}
