import { type Diagnostic, diagnostic } from "../core/index.js";
import { PORTABLE_NAME } from "./parse.js";
import { encodeEnvReference, encodeEnvValue } from "./quote.js";
import type { EnvComment, EnvDocument, EnvEntry, EnvEol, EnvLine } from "./types.js";

/** One variable to write. */
export interface EnvVariableSpec {
  key: string;
  value: string;
  /** An inline comment (`# …` is added when missing). */
  comment?: string;
  /**
   * The value holds `${NAME}` references meant to be expanded by the reader (Compose, CI/CD):
   * it is written bare or in double quotes instead of literal single quotes.
   */
  expand?: boolean;
}

/** A commented block of variables: a `# title` line, the entries, a blank line after. */
export interface EnvSection {
  title: string;
  entries: EnvVariableSpec[];
}

/** The options of {@link setEnvValue}. */
export interface SetEnvValueOptions {
  /** The section a new key goes into (matched against `# Title` comment lines); created when missing. */
  section?: string;
  /** An inline comment for the entry. */
  comment?: string;
  /** See {@link EnvVariableSpec.expand}. */
  expand?: boolean;
}

function commentText(comment: string): string {
  const flat = comment.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
  return flat.startsWith("#") ? flat : `# ${flat}`;
}

/** The problems that keep a variable from being written, or `[]`. */
function specProblems(spec: EnvVariableSpec, file: string | undefined): Diagnostic[] {
  const where = { file, path: spec.key };
  if (!PORTABLE_NAME.test(spec.key))
    return [
      diagnostic("env/invalid-name", "error", `Invalid variable name "${spec.key}"`, {
        ...where,
        hint: "Use letters, digits and _ only, not starting with a digit",
      }),
    ];
  if (spec.expand === true) {
    if (!encodeEnvReference(spec.value).ok)
      return [
        diagnostic(
          "env/unrepresentable-value",
          "error",
          `The value of ${spec.key} cannot be written as a reference`,
          {
            ...where,
            hint: 'A value meant for interpolation may not hold ", \\ or line breaks',
          },
        ),
      ];
    return [];
  }
  if (spec.value.includes("\0"))
    return [
      diagnostic("env/unrepresentable-value", "error", `The value of ${spec.key} holds a NUL character`, {
        ...where,
        hint: "Environment variables cannot hold NUL",
      }),
    ];
  const encoded = encodeEnvValue(spec.value);
  if (!encoded.dotenv)
    return [
      diagnostic(
        "env/unrepresentable-value",
        "error",
        `No quoting lets dotenv read the value of ${spec.key} back`,
        {
          ...where,
          hint: "The value mixes ', \" and ` with # or line breaks; change one of them",
        },
      ),
    ];
  if (!encoded.compose)
    return [
      diagnostic(
        "env/compose-mismatch",
        "warning",
        `Docker Compose reads the value of ${spec.key} differently`,
        {
          ...where,
          hint: `Compose decodes \\ escapes and expands \${…} in some quotings; avoid \\ and \${ in literal values`,
        },
      ),
    ];
  return [];
}

function entryText(
  spec: EnvVariableSpec,
  prefix: string,
): { raw: string; quote: EnvEntry["quote"]; comment?: string } {
  const encoded = spec.expand === true ? encodeEnvReference(spec.value) : encodeEnvValue(spec.value);
  let raw = `${prefix}${spec.key}=${encoded.text}`;
  if (spec.comment === undefined) return { raw, quote: encoded.quote };
  const comment = commentText(spec.comment);
  raw += `  ${comment}`;
  return { raw, quote: encoded.quote, comment };
}

/**
 * A new entry line for a variable, quoted so that dotenv and Compose read the value back.
 *
 * @example
 * ```ts
 * envEntry({ key: "POSTGRES_PORT", value: "5434", comment: "auto-assigned" }).raw;
 * // "POSTGRES_PORT=5434  # auto-assigned"
 * ```
 */
export function envEntry(spec: EnvVariableSpec, eol: EnvEol = "\n"): EnvEntry {
  const text = entryText(spec, "");
  const entry: EnvEntry = {
    kind: "entry",
    raw: text.raw,
    eol,
    line: 0,
    key: spec.key,
    value: spec.value,
    quote: text.quote,
    exported: false,
  };
  if (text.comment !== undefined) entry.comment = text.comment;
  return entry;
}

function commentLine(text: string, eol: EnvEol): EnvComment {
  return {
    kind: "comment",
    raw: commentText(text),
    eol,
    line: 0,
    text: commentText(text).replace(/^#\s*/, ""),
  };
}

/**
 * Builds a document from commented sections, each followed by a blank line (none after the last).
 * Variables that cannot be written are left out and reported in `diagnostics`.
 *
 * @example
 * ```ts
 * const doc = buildEnvDocument([{ title: "Logging", entries: [{ key: "LOG_LEVEL", value: "debug" }] }]);
 * renderEnv(doc); // "# Logging\nLOG_LEVEL=debug\n"
 * ```
 */
export function buildEnvDocument(
  sections: readonly EnvSection[],
  options: { header?: string[] } = {},
): EnvDocument {
  const lines: EnvLine[] = [];
  const diagnostics: Diagnostic[] = [];
  const blank = (): EnvLine => ({ kind: "blank", raw: "", eol: "\n", line: 0 });
  for (const text of options.header ?? []) lines.push(commentLine(text, "\n"));
  for (const section of sections) {
    const usable = section.entries.filter((spec) => {
      const problems = specProblems(spec, undefined);
      diagnostics.push(...problems);
      return !problems.some((d) => d.severity === "error");
    });
    if (usable.length === 0) continue;
    if (lines.length > 0) lines.push(blank());
    lines.push(commentLine(section.title, "\n"));
    for (const spec of usable) lines.push(envEntry(spec));
  }
  return { lines, diagnostics };
}

/**
 * The name a section title is matched by: the text before any parenthesis, lower-cased.
 *
 * @example
 * ```ts
 * sectionKey("# API Keys (PLACEHOLDERS - Replace with real values)"); // "api keys"
 * ```
 */
export function sectionKey(title: string): string {
  return title.replace(/^#\s*/, "").split("(")[0]!.trim().toLowerCase();
}

/** The line breaks a document mostly uses; `\n` when it has none. */
function dominantEol(lines: readonly EnvLine[]): EnvEol {
  const counts = new Map<EnvEol, number>();
  for (const line of lines) if (line.eol !== "") counts.set(line.eol, (counts.get(line.eol) ?? 0) + 1);
  let best: EnvEol = "\n";
  let most = 0;
  for (const [eol, n] of counts)
    if (n > most) {
      best = eol;
      most = n;
    }
  return best;
}

/**
 * The index after which new lines of a section go: the last non-blank line of the block that starts
 * with a comment whose section key matches, or `undefined` when there is no such block.
 *
 * @example
 * ```ts
 * sectionEnd(parseEnv("# Logging\nLOG_LEVEL=info\n\n# Security\n").lines, "Logging"); // 1
 * ```
 */
export function sectionEnd(lines: readonly EnvLine[], section: string): number | undefined {
  const wanted = sectionKey(section);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as EnvLine;
    const startsBlock = i === 0 || (lines[i - 1] as EnvLine).kind === "blank";
    if (line.kind !== "comment" || !startsBlock || sectionKey(line.text) !== wanted) continue;
    let end = i;
    while (end + 1 < lines.length && (lines[end + 1] as EnvLine).kind !== "blank") end++;
    return end;
  }
  return undefined;
}

/**
 * Inserts lines into a section (or a new section at the end, or at the end when `section` is
 * undefined). Returns a new line array; the input is not changed.
 *
 * @example
 * ```ts
 * const lines = insertIntoSection(doc.lines, [envEntry({ key: "LOG_FORMAT", value: "json" })], "Logging");
 * ```
 */
export function insertIntoSection(lines: readonly EnvLine[], added: EnvLine[], section?: string): EnvLine[] {
  const eol = dominantEol(lines);
  const out = lines.map((l) => l);
  const ensureEol = (index: number) => {
    const line = out[index];
    if (line !== undefined && line.eol === "") out[index] = { ...line, eol };
  };
  const fresh = added.map((l) => ({ ...l, eol }));
  const end = section === undefined ? undefined : sectionEnd(out, section);
  if (end !== undefined) {
    ensureEol(end);
    out.splice(end + 1, 0, ...fresh);
    return out;
  }
  ensureEol(out.length - 1);
  const tail: EnvLine[] = [];
  if (section !== undefined) {
    const last = out[out.length - 1];
    if (last !== undefined && last.kind !== "blank") tail.push({ kind: "blank", raw: "", eol, line: 0 });
    tail.push(commentLine(section, eol));
  }
  out.push(...tail, ...fresh);
  return out;
}

/**
 * Sets a variable in a document and returns the new document (the input is not changed).
 * An existing entry (the last one, which readers use) keeps its place, `export ` prefix, indentation
 * and inline comment; a new one goes at the end of its section, which is created when missing.
 * The value is quoted with {@link quoteEnvValue}. A value no quoting can carry, or an invalid name,
 * leaves the lines unchanged and adds an error diagnostic.
 *
 * @example
 * ```ts
 * const doc = setEnvValue(parseEnv("# Logging\nLOG_LEVEL=info\n"), "LOG_FORMAT", "json", { section: "Logging" });
 * renderEnv(doc); // "# Logging\nLOG_LEVEL=info\nLOG_FORMAT=json\n"
 * ```
 */
export function setEnvValue(
  doc: EnvDocument,
  key: string,
  value: string,
  options: SetEnvValueOptions = {},
): EnvDocument {
  const spec: EnvVariableSpec = { key, value };
  if (options.expand !== undefined) spec.expand = options.expand;
  const problems = specProblems(spec, doc.file);
  if (problems.some((d) => d.severity === "error"))
    return { ...doc, diagnostics: [...doc.diagnostics, ...problems] };
  const diagnostics = [...doc.diagnostics, ...problems];

  let index = -1;
  doc.lines.forEach((line, i) => {
    if (line.kind === "entry" && line.key === key) index = i;
  });
  if (index === -1) {
    if (options.comment !== undefined) spec.comment = options.comment;
    const lines = insertIntoSection(doc.lines, [envEntry(spec)], options.section);
    return { ...doc, lines, diagnostics };
  }
  const old = doc.lines[index] as EnvEntry;
  const comment = options.comment ?? old.comment;
  if (comment !== undefined) spec.comment = comment;
  const prefix = /^\s*(export\s+)?/.exec(old.raw)?.[0] ?? "";
  const text = entryText(spec, prefix);
  const entry: EnvEntry = { ...old, raw: text.raw, value, quote: text.quote };
  if (text.comment !== undefined) entry.comment = text.comment;
  else delete entry.comment;
  const lines = doc.lines.map((l, i) => (i === index ? entry : l));
  return { ...doc, lines, diagnostics };
}
