import type { Diagnostic } from "../core/index.js";

/** How an entry's value is written: bare, or inside `'…'`, `"…"` or `` `…` ``. */
export type EnvQuote = "none" | "single" | "double" | "backtick";

/** The line break that ends a line: `""` only for the last line of a file without a final newline. */
export type EnvEol = "\n" | "\r\n" | "\r" | "";

/** What every line of an env document has. */
interface EnvLineBase {
  /** The exact text of the line, without its line break. A multi-line entry holds its inner breaks. */
  raw: string;
  /** The line break that ended the line in the source. */
  eol: EnvEol;
  /** 1-based number of the first physical line in the source; 0 for lines added by an edit. */
  line: number;
}

/** A `KEY=VALUE` line (possibly spanning several physical lines when a quoted value holds newlines). */
export interface EnvEntry extends EnvLineBase {
  kind: "entry";
  key: string;
  /** The value as the `dotenv` package reads it. */
  value: string;
  quote: EnvQuote;
  /** True when the line starts with `export `. */
  exported: boolean;
  /** The inline comment after the value, from `#` to the end of the line, when there is one. */
  comment?: string;
}

/** A line whose first non-blank character is `#`. */
export interface EnvComment extends EnvLineBase {
  kind: "comment";
  /** The comment text after `#`, trimmed. */
  text: string;
}

/** An empty or whitespace-only line. */
export interface EnvBlank extends EnvLineBase {
  kind: "blank";
}

/** A line that is not a valid entry; kept as it is, reported by a diagnostic. */
export interface EnvInvalid extends EnvLineBase {
  kind: "invalid";
}

/**
 * A bare `NAME` line: Compose passes the variable on from the shell (in an `env_file`), dotenv
 * reads nothing for it.
 */
export interface EnvInherit extends EnvLineBase {
  kind: "inherit";
  key: string;
}

/** One line of an env document. */
export type EnvLine = EnvEntry | EnvComment | EnvBlank | EnvInvalid | EnvInherit;

/**
 * A parsed `.env` file. Rendering its lines (`raw` + `eol`) gives the source back byte for byte;
 * `diagnostics` lists every problem found while parsing.
 */
export interface EnvDocument {
  lines: EnvLine[];
  diagnostics: Diagnostic[];
  /** The file name used in diagnostics, when one was given. */
  file?: string;
}
