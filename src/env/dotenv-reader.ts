/**
 * How the `dotenv` npm package (v16/v17 `parse`) reads a text, reproduced step for step so that
 * quoting can be checked against it without importing it at run time. The test suite compares this
 * function with the real package on arbitrary texts.
 *
 * This is an oracle, not a reader of users' files: `quote.ts` asks it whether a written value reads
 * back unchanged, down to dotenv's oddities (a `KEY:` at the end of a line takes the next line as
 * its value). Files are read by `parseEnv`, the one .env reader, which agrees with dotenv on every
 * text it reports no error for.
 */

// The expression dotenv itself uses (lib/main.js, `LINE`).
const LINE_SOURCE =
  "(?:^|^)\\s*(?:export\\s+)?([\\w.-]+)(?:\\s*=\\s*?|:\\s+?)(\\s*'(?:\\\\'|[^'])*'|\\s*\"(?:\\\\\"|[^\"])*\"|\\s*`(?:\\\\`|[^`])*`|[^#\\r\\n]+)?\\s*(?:#.*)?(?:$|$)";

/**
 * The variables `dotenv.parse` finds in a text, in its reading.
 *
 * @example
 * ```ts
 * readDotenv("A='x y' # note\nB=\"1\\n2\""); // { A: "x y", B: "1\n2" }
 * ```
 */
export function readDotenv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, "\n");
  const pattern = new RegExp(LINE_SOURCE, "mg");
  for (let match = pattern.exec(lines); match !== null; match = pattern.exec(lines)) {
    const key = match[1] as string;
    let value = (match[2] ?? "").trim();
    const maybeQuote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, "$2");
    if (maybeQuote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
    result[key] = value;
  }
  return result;
}
