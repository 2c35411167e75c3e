import { readDotenv } from "./dotenv-reader.js";
import { parseEnv } from "./parse.js";
import type { EnvQuote } from "./types.js";

/** A value written for an env file, and which readers get it back exactly. */
export interface EncodedEnvValue {
  /** The text to put after `KEY=`. */
  text: string;
  quote: EnvQuote;
  /** True when the `dotenv` package reads `text` back as the value. */
  dotenv: boolean;
  /**
   * True when Docker Compose (`--env-file`, `env_file:`; both the Python 1.x reader and the Go
   * reader of Compose v2) reads `text` back as the value, with no `$` expanded.
   */
  compose: boolean;
}

// Characters that mean nothing to any reader (dotenv, Compose, a POSIX shell assignment).
const PLAIN = /^[A-Za-z0-9_.,/:@%+=~?-]*$/;
// The same, plus the `${NAME}` references that readers which interpolate expand.
const PLAIN_REFERENCE = /^[A-Za-z0-9_.,/:@%+=~?${}-]*$/;

// Later lines whose quotes a greedy reader could take for the end of an earlier quoted value.
const HOSTILE_TAIL = "\nY=a # '\nZ=b # \"\nW=c # `\n";

/**
 * True when `text` after `KEY=` is read back as `value` by dotenv and by {@link parseEnv} (without
 * a diagnostic), alone and when followed by lines holding stray quotes.
 */
function readsBack(text: string, value: string): boolean {
  for (const tail of ["", HOSTILE_TAIL]) {
    const file = `K=${text}${tail}`;
    const read = readDotenv(file);
    if (read.K !== value || (tail !== "" && (read.Y !== "a" || read.Z !== "b" || read.W !== "c")))
      return false;
    const doc = parseEnv(file);
    const entry = doc.lines[0];
    if (doc.diagnostics.length > 0 || entry?.kind !== "entry" || entry.value !== value) return false;
  }
  return true;
}

interface Candidate {
  text: string;
  quote: EnvQuote;
  compose: boolean;
}

function single(value: string): Candidate {
  // Compose 1.x decodes `\\` and `\'` in single quotes and expands `${…}` everywhere; Compose v2
  // keeps single-quoted text literal. Without `\` and `${` both read it as written.
  return {
    text: `'${value}'`,
    quote: "single",
    compose: !value.includes("'") && !value.includes("\\") && !value.includes("${"),
  };
}

function double(value: string): Candidate {
  // dotenv, Compose 1.x and Compose v2 all turn `\n` and `\r` back into line breaks inside double
  // quotes; Compose expands `$` there, and decodes other backslash escapes.
  const text = `"${value.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}"`;
  return {
    text,
    quote: "double",
    compose: !value.includes('"') && !value.includes("\\") && !value.includes("$"),
  };
}

/**
 * Encodes a value for the right-hand side of `KEY=` and says which readers get it back exactly.
 *
 * The form is chosen per value: bare when it holds only characters no reader treats specially,
 * otherwise single quotes (literal in dotenv and Compose), otherwise double quotes with `\n`/`\r`
 * escapes, otherwise the forms only dotenv understands. Every form is checked against dotenv's
 * reading, alone and followed by lines holding stray quotes. `dotenv` is false only for the rare
 * values no dotenv form can hold: one that needs quotes (it holds `#`, a line break or blanks at its
 * ends) and also contains `'`, `"` and `` ` `` together, or ends with `\`, or holds a carriage
 * return together with `\n`/`\r` written as text.
 *
 * @example
 * ```ts
 * encodeEnvValue("p@ss word$1"); // { text: "'p@ss word$1'", quote: "single", dotenv: true, compose: true }
 * ```
 */
export function encodeEnvValue(value: string): EncodedEnvValue {
  const candidates: Candidate[] = [];
  if (PLAIN.test(value)) candidates.push({ text: value, quote: "none", compose: true });
  if (/[\r\n]/.test(value)) candidates.push(double(value), single(value));
  else candidates.push(single(value), double(value));
  candidates.push(
    { text: value, quote: "none", compose: false },
    { text: `\`${value}\``, quote: "backtick", compose: false },
  );
  // The first form Compose reads too, else the first dotenv reads: forms that cannot change that
  // choice are not checked (reading back parses the text twice per form).
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (!c.compose && best !== undefined) continue;
    if (!readsBack(c.text, value)) continue;
    best = c;
    if (c.compose) break;
  }
  if (best !== undefined) return { text: best.text, quote: best.quote, dotenv: true, compose: best.compose };
  const fallback = double(value);
  return { text: fallback.text, quote: "double", dotenv: false, compose: false };
}

/**
 * The text to write after `KEY=` so that both dotenv and Docker Compose read `value` back exactly
 * (see {@link encodeEnvValue} for the few values no form can carry to both).
 *
 * @example
 * ```ts
 * quoteEnvValue("5434");        // "5434"
 * quoteEnvValue("a $literal");  // "'a $literal'"
 * quoteEnvValue("it's\nhere");  // "\"it's\\nhere\""
 * ```
 */
export function quoteEnvValue(value: string): string {
  return encodeEnvValue(value).text;
}

/**
 * Encodes a value that holds `${NAME}` references meant to be expanded by the reader (Compose,
 * a CI system, dotenv-expand): bare when possible, otherwise in double quotes, which Compose
 * interpolates. `ok` is false when the text cannot be written so (a `"`, `\` or line break).
 *
 * @example
 * ```ts
 * encodeEnvReference("${STAGING_POSTGRES_PASSWORD}"); // { text: "${STAGING_POSTGRES_PASSWORD}", quote: "none", ok: true }
 * ```
 */
export function encodeEnvReference(value: string): { text: string; quote: EnvQuote; ok: boolean } {
  if (PLAIN_REFERENCE.test(value)) return { text: value, quote: "none", ok: true };
  const text = `"${value}"`;
  const ok = !/["\\\r\n]/.test(value) && readDotenv(`K=${text}`).K === value;
  return { text, quote: "double", ok };
}
