import fc from "fast-check";

/** Characters that matter to env readers, mixed with any code point. */
const specialChars = [
  "\n",
  "\r",
  "\r\n",
  "'",
  '"',
  "`",
  "#",
  "$",
  "\\",
  "{",
  "}",
  "=",
  " ",
  "\t",
  ":",
  ".",
  "-",
  "_",
  "A",
  "K",
  "é",
  "€",
  "😀",
  "\u00a0",
  "\ufeff",
  "\\n",
  "\\r",
  `\${X}`,
  "export ",
];

/** One "character" for generated strings: a special piece or any code point. */
export const envChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...specialChars) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

/** Any string, biased toward the characters env readers treat specially. */
export const envText = fc.array(envChar, { maxLength: 60 }).map((parts) => parts.join(""));

/** A value without NUL. */
export const envValue = fc
  .array(envChar, { maxLength: 24 })
  .map((parts) => parts.join(""))
  .filter((v) => !v.includes("\0"));

const key = fc.constantFrom("A", "B", "DATABASE_URL", "my.key", "1X", "K-2", "X Y", "é");
const eol = fc.constantFrom("\n", "\r\n", "\r");

/** Text shaped like an env file: entries, comments, blanks and junk with any line breaks. */
export const envFileText = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc
          .tuple(
            fc.constantFrom("", " ", "export ", "\t"),
            key,
            fc.constantFrom("=", " = ", "= ", ": "),
            fc.oneof(
              envText,
              envValue.map((v) => `'${v}'`),
              envValue.map((v) => `"${v}"`),
            ),
            fc.constantFrom("", " # note", "#x", "  "),
          )
          .map((p) => p.join("")),
        envText.map((t) => `# ${t}`),
        fc.constantFrom("", "   ", "\t"),
        envText,
      ),
      eol,
    ),
    { maxLength: 8 },
  )
  .chain((lines) =>
    fc
      .boolean()
      .map((finalEol) =>
        lines.map(([line, e], i) => (i < lines.length - 1 || finalEol ? line + e : line)).join(""),
      ),
  );
