import { LineCounter, parseDocument } from "yaml";
import { type ComposeFile, composeFileSchema } from "../compose/model.js";
import { type Diagnostic, diagnostic } from "../core/index.js";
import { locateYamlPath, toPosition } from "../core/yaml-position.js";
import { formatPath, type PathSegment } from "../graph/path.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./context.js";
import { readTextFile } from "./io.js";

/** The Compose file names looked for in the working directory, in order. */
export const DEFAULT_COMPOSE_FILES = [
  "docker-compose.yml",
  "compose.yaml",
  "compose.yml",
  "docker-compose.yaml",
];

/** A Compose file read for checking: its text, the model (even when the schema finds problems) and those problems. */
export interface LoadedCompose {
  file: string;
  text: string;
  compose?: ComposeFile;
  diagnostics: Diagnostic[];
}

/**
 * Reads and parses a Compose file: the named one, or the first default name present. YAML errors
 * and schema problems become diagnostics with line and column; the model is returned whenever the
 * YAML is a mapping, so the graph rules still run on a file the schema rejects.
 *
 * @example
 * ```ts
 * const loaded = await loadCompose(ctx, undefined); // docker-compose.yml, compose.yaml, …
 * ```
 */
export async function loadCompose(ctx: CliContext, named: string | undefined): Promise<LoadedCompose> {
  const candidates = named === undefined ? DEFAULT_COMPOSE_FILES : [named];
  for (const file of candidates) {
    const text = await readTextFile(ctx, file);
    if (text !== undefined) return { file, text, ...parseComposeText(text, file) };
  }
  throw new UsageError(
    named === undefined
      ? `no Compose file found (looked for ${DEFAULT_COMPOSE_FILES.join(", ")})`
      : `file not found: ${named}`,
  );
}

function parseComposeText(text: string, file: string): { compose?: ComposeFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((error) =>
        diagnostic("graph/yaml", "error", `Invalid YAML: ${error.message.split("\n")[0]}`, {
          file,
          ...toPosition(lineCounter, error.pos[0]),
          hint: "Fix the YAML syntax at this position.",
        }),
      ),
    };
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 10_000 });
  if (raw === null || typeof raw !== "object" || Array.isArray(raw) || !("services" in raw)) {
    return {
      diagnostics: [
        diagnostic("graph/schema", "error", "The file has no services: mapping", {
          file,
          line: 1,
          column: 1,
          hint: "A Compose file lists its containers under services:.",
        }),
      ],
    };
  }
  const parsed = composeFileSchema.safeParse(raw);
  const diagnostics: Diagnostic[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as PathSegment[];
      const position = locateYamlPath(doc.contents, lineCounter, path);
      diagnostics.push(
        diagnostic(
          "graph/schema",
          "error",
          `'${formatPath(path)}' does not follow the Compose Specification: ${issue.message}`,
          {
            path: formatPath(path),
            file,
            line: position?.line,
            column: position?.column,
            hint: "See https://github.com/compose-spec/compose-spec/blob/main/spec.md for the allowed forms.",
          },
        ),
      );
    }
  }
  return { compose: (parsed.success ? parsed.data : raw) as ComposeFile, diagnostics };
}
