import { type Diagnostic, diagnostic } from "../core/index.js";
import type { EnvDocument, EnvEntry, EnvEol, EnvLine, EnvQuote } from "./types.js";

interface PhysicalLine {
  text: string;
  eol: EnvEol;
}

/** A name every reader accepts: the POSIX shell rule. */
export const PORTABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The names dotenv reads (`[\w.-]+`); others make it skip the line.
const DOTENV_NAME = /^[A-Za-z0-9_.-]+$/;
// `KEY=value`, and dotenv's other form `KEY: value` (a colon right after the key, then a blank).
const ENTRY_HEAD = /^(\s*)(export\s+)?([^\s=:]+|[^\s=]+(?=\s*=))(\s*=|:(?=[ \t]))(\s*)/;
const BARE_NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const QUOTES: Record<string, EnvQuote> = { "'": "single", '"': "double", "`": "backtick" };

function splitLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] as EnvEol });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: "" });
  return lines;
}

/** dotenv's reading of an unquoted value: up to `#`, trimmed, outer quotes dropped. */
function readUnquoted(rest: string): { value: string; comment?: string } {
  const hash = rest.indexOf("#");
  const body = hash === -1 ? rest : rest.slice(0, hash);
  const trimmed = body.trim();
  let value = trimmed.replace(/^(['"`])([\s\S]*)\1$/gm, "$2");
  if (trimmed.startsWith('"')) value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
  return hash === -1 ? { value } : { value, comment: rest.slice(hash) };
}

interface QuotedRead {
  /** Index of the physical line holding the closing quote. */
  endLine: number;
  content: string;
  /** Text after the closing quote on its line. */
  tail: string;
}

/**
 * Finds the closing quote the way dotenv's expression does: the content may hold the quote only as
 * `\<quote>`; among the possible closing quotes the last one followed by nothing but blanks and a
 * comment wins (the expression is greedy).
 */
function readQuoted(
  lines: PhysicalLine[],
  index: number,
  start: number,
  quote: string,
): { read?: QuotedRead; closedOnLine: boolean } {
  let found: QuotedRead | undefined;
  let closedOnLine = false;
  let content = "";
  for (let j = index; j < lines.length; j++) {
    const text = (lines[j] as PhysicalLine).text;
    for (let k = j === index ? start : 0; k < text.length; k++) {
      const ch = text[k];
      if (ch !== quote) {
        content += ch;
        continue;
      }
      const tail = text.slice(k + 1);
      if (j === index) closedOnLine = true;
      if (/^\s*(#.*)?$/.test(tail)) found = { endLine: j, content, tail };
      if (text[k - 1] !== "\\") return found === undefined ? { closedOnLine } : { read: found, closedOnLine };
      content += ch;
    }
    content += "\n";
  }
  return found === undefined ? { closedOnLine } : { read: found, closedOnLine };
}

function joinRaw(lines: PhysicalLine[], from: number, to: number): string {
  let raw = "";
  for (let j = from; j <= to; j++) {
    const line = lines[j] as PhysicalLine;
    raw += j === to ? line.text : line.text + line.eol;
  }
  return raw;
}

/** Where a diagnostic of the file points: its file, a line and a hint. */
type At = (
  line: number,
  hint?: string,
) => { file: string | undefined; line: number; hint: string | undefined };

/**
 * Reads the value of the entry `key` whose text starts on physical line `i` at `valueStart`:
 * quoted (possibly over several lines) or bare. Returns the entry and the last line it spans.
 */
function readEntry(
  physical: PhysicalLine[],
  i: number,
  key: string,
  exported: boolean,
  valueStart: number,
  diagnostics: Diagnostic[],
  at: At,
): { entry: EnvEntry; endLine: number } {
  const { text: content, eol } = physical[i] as PhysicalLine;
  const lineNo = i + 1;
  const rest = content.slice(valueStart);
  let endLine = i;
  const quoteChar = rest[0] ?? "";
  const quote = QUOTES[quoteChar];
  let entry: EnvEntry;
  if (quote !== undefined) {
    const { read, closedOnLine } = readQuoted(physical, i, valueStart + 1, quoteChar);
    if (read !== undefined) {
      let value = read.content;
      if (quote === "double") value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
      const hash = read.tail.indexOf("#");
      entry = {
        kind: "entry",
        raw: joinRaw(physical, i, read.endLine),
        eol: (physical[read.endLine] as PhysicalLine).eol,
        line: lineNo,
        key,
        value,
        quote,
        exported,
      };
      if (hash !== -1) entry.comment = read.tail.slice(hash);
      endLine = read.endLine;
    } else {
      diagnostics.push(
        closedOnLine
          ? diagnostic("env/invalid-line", "error", `Unexpected text after the closing quote of ${key}`, {
              ...at(lineNo, "Put the whole value inside the quotes, or start the trailing text with #"),
              column: valueStart + 1,
            })
          : diagnostic(
              "env/unterminated-quote",
              "error",
              `Missing closing ${quoteChar} in the value of ${key}`,
              {
                ...at(lineNo, `Close the value with ${quoteChar}, or escape the quote`),
                column: valueStart + 1,
              },
            ),
      );
      entry = {
        kind: "entry",
        raw: content,
        eol,
        line: lineNo,
        key,
        quote: "none",
        exported,
        value: "",
      };
      const read = readUnquoted(rest);
      entry.value = read.value;
      if (read.comment !== undefined) entry.comment = read.comment;
    }
  } else {
    const read = readUnquoted(rest);
    entry = {
      kind: "entry",
      raw: content,
      eol,
      line: lineNo,
      key,
      value: read.value,
      quote: "none",
      exported,
    };
    if (read.comment !== undefined) entry.comment = read.comment;
  }
  return { entry, endLine };
}

/**
 * Parses the text of a `.env` file into a lossless document: every line is kept with its exact text
 * and line break, so `renderEnv(parseEnv(text)) === text` for any string. Entries carry the value as
 * the `dotenv` package reads it. Never throws; problems are diagnostics with line numbers:
 * `env/invalid-line`, `env/invalid-name`, `env/unterminated-quote`, `env/duplicate-key`.
 *
 * @example
 * ```ts
 * const doc = parseEnv("# Database\nPOSTGRES_PORT=5434  # pinned\n", { file: ".env.development" });
 * doc.lines[1]; // { kind: "entry", key: "POSTGRES_PORT", value: "5434", comment: "# pinned", … }
 * ```
 */
export function parseEnv(text: string, options: { file?: string } = {}): EnvDocument {
  const file = options.file;
  const physical = splitLines(text);
  const lines: EnvLine[] = [];
  const diagnostics: Diagnostic[] = [];
  const firstSeen = new Map<string, number>();
  const at = (line: number, hint?: string) => ({ file, line, hint });

  for (let i = 0; i < physical.length; i++) {
    const { text: content, eol } = physical[i] as PhysicalLine;
    const lineNo = i + 1;
    if (/^\s*$/.test(content)) {
      lines.push({ kind: "blank", raw: content, eol, line: lineNo });
      continue;
    }
    if (/^\s*#/.test(content)) {
      lines.push({
        kind: "comment",
        raw: content,
        eol,
        line: lineNo,
        text: content.replace(/^\s*#/, "").trim(),
      });
      continue;
    }
    const head = ENTRY_HEAD.exec(content);
    const bare = head === null ? BARE_NAME.exec(content) : null;
    if (bare !== null) {
      const key = bare[1] as string;
      diagnostics.push(
        diagnostic("env/from-shell", "info", `${key} has no value here: Compose takes it from the shell`, {
          ...at(lineNo, `Write ${key}=value to set it in the file; dotenv reads nothing for this line`),
          column: content.indexOf(key) + 1,
        }),
      );
      lines.push({ kind: "inherit", raw: content, eol, line: lineNo, key });
      continue;
    }
    if (head === null) {
      diagnostics.push(
        diagnostic(
          "env/invalid-line",
          "error",
          "Unexpected line: not a KEY=VALUE entry, a comment or blank",
          {
            ...at(lineNo, "Write the line as KEY=VALUE, or start it with # to make it a comment"),
            column: 1,
          },
        ),
      );
      lines.push({ kind: "invalid", raw: content, eol, line: lineNo });
      continue;
    }
    const key = head[3] as string;
    const keyColumn = (head[1] as string).length + (head[2]?.length ?? 0) + 1;
    // `KEY: value` is an entry for dotenv and for Compose (compose-go reads `:` like `=`).
    if (!PORTABLE_NAME.test(key)) {
      const readable = DOTENV_NAME.test(key);
      diagnostics.push(
        diagnostic(
          "env/invalid-name",
          readable ? "warning" : "error",
          readable
            ? `Unexpected variable name "${key}": shells and Compose may not accept it`
            : `Invalid variable name "${key}": dotenv skips this line`,
          { ...at(lineNo, "Use letters, digits and _ only, not starting with a digit"), column: keyColumn },
        ),
      );
      if (!readable) {
        lines.push({ kind: "invalid", raw: content, eol, line: lineNo });
        continue;
      }
    }
    const valueStart = (head[0] as string).length;
    const { entry, endLine } = readEntry(
      physical,
      i,
      key,
      head[2] !== undefined,
      valueStart,
      diagnostics,
      at,
    );
    i = endLine;
    const first = firstSeen.get(key);
    if (first === undefined) firstSeen.set(key, lineNo);
    else
      diagnostics.push(
        diagnostic("env/duplicate-key", "warning", `Duplicate variable ${key}: the last definition wins`, {
          ...at(lineNo, `Remove one of the definitions (first on line ${first})`),
          column: keyColumn,
        }),
      );
    lines.push(entry);
  }
  const doc: EnvDocument = { lines, diagnostics };
  if (file !== undefined) doc.file = file;
  return doc;
}

/**
 * Renders a document back to text: each line's exact text and line break. The inverse of
 * {@link parseEnv} for any input, and the way edited documents are written.
 *
 * @example
 * ```ts
 * renderEnv(parseEnv("A=1\r\n# x")); // "A=1\r\n# x"
 * ```
 */
export function renderEnv(doc: EnvDocument): string {
  let text = "";
  for (const line of doc.lines) text += line.raw + line.eol;
  return text;
}

/**
 * The variables of a document as dotenv reads them (the last definition of a key wins).
 *
 * @example
 * ```ts
 * envValues(parseEnv("A='x y'\nB=2 # two")); // { A: "x y", B: "2" }
 * ```
 */
export function envValues(doc: EnvDocument): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of doc.lines) if (line.kind === "entry") values[line.key] = line.value;
  return values;
}
