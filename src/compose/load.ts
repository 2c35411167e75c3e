import { type Diagnostic, diagnostic, sortDiagnostics } from "../core/diagnostic.js";
import { formatPath } from "../core/path.js";
import { relativeTo } from "./files.js";
import type { ComposeFile } from "./model.js";
import { parseCompose } from "./parse.js";

/** The text of one Compose file and the path it was read from (relative to the working folder). */
export interface ComposeText {
  file: string;
  text: string;
}

/** Options of {@link loadCompose}. */
export interface LoadComposeOptions {
  /**
   * Texts of the files `include:` names, by path as {@link LoadedCompose.includes} lists them;
   * `undefined` for a file that does not exist. Paths not given are reported as not read.
   */
  included?: Readonly<Record<string, string | undefined>>;
}

/** A Compose file read with what it includes. */
export interface LoadedCompose {
  file: string;
  text: string;
  /** The model with the included files' resources added; absent when the main file cannot be read. */
  compose?: ComposeFile;
  /** Problems of the main file and of every included file, each naming its file. */
  diagnostics: Diagnostic[];
  /** Every path `include:` names, directly or through included files, relative to the working folder. */
  includes: string[];
}

const INCLUDED_SECTIONS = ["services", "volumes", "networks", "secrets", "configs"] as const;
const MAX_INCLUDE_DEPTH = 16;

/**
 * Reads a Compose file the way every slipway command does: {@link parseCompose} on its text, then
 * the files its `include:` names (from `options.included`, which the caller reads) merged in: their
 * services, volumes, networks, secrets and configs are added, and one defined in two files is a
 * `compose/include-conflict` error, as in Compose. An included file not given draws a
 * `compose/include-unread` warning. Takes texts, never touches the file system.
 *
 * A caller reads the main file, calls this, reads the paths in `includes` it has not read yet, and
 * calls it again until `includes` holds no new path.
 *
 * @example
 * ```ts
 * const main = { file: "compose.yaml", text: "include:\n  - db.yaml\nservices:\n  web:\n    image: nginx:1.27\n" };
 * const first = loadCompose(main); // first.includes: ["db.yaml"]
 * const loaded = loadCompose(main, { included: { "db.yaml": "services:\n  db:\n    image: postgres:17\n" } });
 * Object.keys(loaded.compose?.services ?? {}); // ["web", "db"]
 * ```
 */
export function loadCompose(main: ComposeText, options: LoadComposeOptions = {}): LoadedCompose {
  const diagnostics: Diagnostic[] = [];
  const includes: string[] = [];
  const compose = loadOne(main.file, main.text, options.included ?? {}, diagnostics, includes, [main.file]);
  const loaded: LoadedCompose = {
    file: main.file,
    text: main.text,
    diagnostics: sortDiagnostics(diagnostics),
    includes,
  };
  if (compose !== undefined) loaded.compose = compose;
  return loaded;
}

function loadOne(
  file: string,
  text: string,
  included: Readonly<Record<string, string | undefined>>,
  diagnostics: Diagnostic[],
  includes: string[],
  chain: readonly string[],
): ComposeFile | undefined {
  const parsed = parseCompose(text, { file });
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.ok) return undefined;
  const model = parsed.value;
  const entries = includePaths(model.include);
  if (entries.length === 0) return model;
  const merged = { ...model } as Record<string, unknown>;
  for (const section of INCLUDED_SECTIONS) {
    if (isRecord(merged[section])) merged[section] = { ...merged[section] };
  }
  const origin = new Map<string, string>();
  entries.forEach(({ paths, index }) => {
    for (const named of paths) {
      if (named.includes("$")) {
        diagnostics.push(
          diagnostic(
            "compose/include-unread",
            "warning",
            `include: ${named} depends on a variable; it was not read`,
            {
              file,
              path: formatPath(["include", index]),
              hint: "Its services are not checked; run docker compose config to see the whole project.",
            },
          ),
        );
        continue;
      }
      const path = relativeTo(file, named);
      if (!includes.includes(path)) includes.push(path);
      const includedText = included[path];
      if (includedText === undefined || chain.includes(path) || chain.length > MAX_INCLUDE_DEPTH) {
        diagnostics.push(
          diagnostic(
            "compose/include-unread",
            "warning",
            chain.includes(path)
              ? `include: ${named} includes a file already being read`
              : `include: ${named} was not found; its services are not checked`,
            {
              file,
              path: formatPath(["include", index]),
              hint: "Check the path: it is relative to the folder of the file that includes it.",
            },
          ),
        );
        continue;
      }
      const child = loadOne(path, includedText, included, diagnostics, includes, [...chain, path]);
      if (child !== undefined) addIncluded(merged, model, child, path, file, origin, diagnostics);
    }
  });
  return merged as ComposeFile;
}

function addIncluded(
  merged: Record<string, unknown>,
  own: ComposeFile,
  child: ComposeFile,
  childFile: string,
  file: string,
  origin: Map<string, string>,
  diagnostics: Diagnostic[],
): void {
  for (const section of INCLUDED_SECTIONS) {
    const entries = (child as Record<string, unknown>)[section];
    if (!isRecord(entries)) continue;
    const target = isRecord(merged[section]) ? merged[section] : {};
    merged[section] = target;
    const mine = (own as Record<string, unknown>)[section];
    for (const [name, value] of Object.entries(entries)) {
      const key = `${section}.${name}`;
      const clash = (isRecord(mine) && Object.hasOwn(mine, name)) || origin.has(key);
      if (clash) {
        diagnostics.push(
          diagnostic(
            "compose/include-conflict",
            "error",
            `${section} ${name} is defined both in ${origin.get(key) ?? file} and in the included ${childFile}`,
            {
              file,
              path: formatPath([section, name]),
              hint: "Compose refuses a resource defined twice across include:; rename one, or use an override file instead.",
            },
          ),
        );
        continue;
      }
      origin.set(key, childFile);
      target[name] = value;
    }
  }
}

/** The paths of each `include:` entry: a string, or `{ path: string | string[] }`. */
function includePaths(include: unknown): { paths: string[]; index: number }[] {
  if (!Array.isArray(include)) return [];
  const out: { paths: string[]; index: number }[] = [];
  include.forEach((entry, index) => {
    if (typeof entry === "string") out.push({ paths: [entry], index });
    else if (isRecord(entry)) {
      const path = entry.path;
      const paths = typeof path === "string" ? [path] : Array.isArray(path) ? path.filter(isString) : [];
      out.push({ paths, index });
    }
  });
  return out;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
