import { type Diagnostic, diagnostic, hasErrors } from "../core/index.js";
import { insertIntoSection } from "./edit.js";
import type { EnvDocument, EnvEntry, EnvLine } from "./types.js";

/** The outcome of {@link mergeEnv}. */
export interface EnvMerge {
  /** The merged document; the existing one unchanged when it is corrupt. */
  document: EnvDocument;
  /** Keys the generated document has and the existing one lacked, now added. */
  added: string[];
  /** Keys both have: the existing value and comment are kept. */
  kept: string[];
  /** Keys only the existing document has (set by the user, or no longer generated); never deleted. */
  stale: string[];
  /** `env/corrupt-existing` (with the parse errors) when the existing document cannot be merged. */
  diagnostics: Diagnostic[];
}

/** The section title each generated entry belongs to: the first comment of its block. */
function sectionsOf(lines: readonly EnvLine[]): Map<EnvEntry, string | undefined> {
  const result = new Map<EnvEntry, string | undefined>();
  let title: string | undefined;
  let blockStart = true;
  for (const line of lines) {
    if (line.kind === "blank") {
      blockStart = true;
      title = undefined;
      continue;
    }
    if (blockStart && line.kind === "comment") title = line.text;
    blockStart = false;
    if (line.kind === "entry") result.set(line, title);
  }
  return result;
}

/**
 * Merges a freshly generated env document into the user's existing one. Every line of the existing
 * document stays as it is (values, comments, order, quoting, ports the user pinned, passwords
 * generated earlier); keys it lacks are added at the end of their section (created when missing);
 * keys the generation no longer has are reported in `stale`, never deleted.
 *
 * An existing document with parse errors is not merged: the result carries `env/corrupt-existing`
 * plus the parse errors (with their line numbers), `document` is the existing one unchanged, and the
 * caller must write nothing.
 *
 * @example
 * ```ts
 * const { document, added, kept } = mergeEnv(parseEnv(current), files.development);
 * if (!hasErrors(diagnostics)) write(renderEnv(document));
 * ```
 */
export function mergeEnv(existing: EnvDocument, generated: EnvDocument): EnvMerge {
  if (hasErrors(existing.diagnostics)) {
    const errors = existing.diagnostics.filter((d) => d.severity === "error");
    const lines = [...new Set(errors.map((d) => d.line).filter((l) => l !== undefined))];
    return {
      document: existing,
      added: [],
      kept: [],
      stale: [],
      diagnostics: [
        diagnostic(
          "env/corrupt-existing",
          "error",
          `The existing env file has ${errors.length} error${errors.length === 1 ? "" : "s"} (line${lines.length === 1 ? "" : "s"} ${lines.join(", ")}); it was not merged`,
          {
            file: existing.file,
            line: lines[0],
            hint: "Fix the lines reported, then run again; nothing was written",
          },
        ),
        ...errors,
      ],
    };
  }
  const existingKeys = new Set<string>();
  for (const line of existing.lines) if (line.kind === "entry") existingKeys.add(line.key);
  const generatedKeys = new Set<string>();
  const added: string[] = [];
  const kept: string[] = [];
  let lines: EnvLine[] = existing.lines;
  for (const [entry, section] of sectionsOf(generated.lines)) {
    if (generatedKeys.has(entry.key)) continue;
    generatedKeys.add(entry.key);
    if (existingKeys.has(entry.key)) {
      kept.push(entry.key);
      continue;
    }
    lines = insertIntoSection(lines, [{ ...entry, line: 0 }], section);
    added.push(entry.key);
  }
  const stale = [...existingKeys].filter((key) => !generatedKeys.has(key));
  return { document: { ...existing, lines }, added, kept, stale, diagnostics: [] };
}
