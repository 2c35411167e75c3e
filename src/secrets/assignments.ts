/** Longest key considered; longer runs are not configuration keys. */
const MAX_KEY = 128;
/** Longest value considered; longer values are not a generic secret (PEM blocks have their own rule). */
export const MAX_VALUE = 4096;

/** Mutable cursor state of one scan over one text (never shared between scans). */
export interface AssignmentCursor {
  /** Operators before this offset lie inside a value already looked at and are skipped. */
  consumedUntil: number;
  /** Cache of the last unquoted value run: every start in [runStart, runEnd) ends at runEnd. */
  runStart: number;
  runEnd: number;
}

/** A fresh cursor for one text.
 *
 * @example
 * ```ts
 * const cursor = createCursor(); // { consumedUntil: 0, runStart: -1, runEnd: -1 }
 * ```
 */
export function createCursor(): AssignmentCursor {
  return { consumedUntil: 0, runStart: -1, runEnd: -1 };
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Ends an unquoted value: whitespace, quotes, `,` `;` `]`, end of line (`}` is handled apart). */
function isValueStop(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 34 ||
    c === 39 ||
    c === 96 ||
    c === 44 ||
    c === 59 ||
    c === 93
  );
}

/** Lower-case words of a key: `dbPassword`, `DB_PASSWORD`, `db.password` → `["db", "password"]`.
 *
 * @example
 * ```ts
 * keyWords("dbPassword"); // ["db", "password"]
 * keyWords("AWS_SECRET_ACCESS_KEY"); // ["aws", "secret", "access", "key"]
 * ```
 */
export function keyWords(key: string): string[] {
  const words: string[] = [];
  let start = -1;
  let prev = 0; // 1 lower case or digit, 2 upper case
  for (let i = 0; i <= key.length; i++) {
    const c = i < key.length ? key.charCodeAt(i) : 0;
    const upper = c >= 65 && c <= 90;
    const lower = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (!upper && !lower) {
      if (start >= 0) words.push(key.slice(start, i).toLowerCase());
      start = -1;
      prev = 0;
      continue;
    }
    if (upper && start >= 0) {
      // dbPassword → db|password; HTTPServer → http|server
      const n = i + 1 < key.length ? key.charCodeAt(i + 1) : 0;
      if (prev === 1 || (prev === 2 && n >= 97 && n <= 122)) {
        words.push(key.slice(start, i).toLowerCase());
        start = i;
      }
    }
    if (start < 0) start = i;
    prev = upper ? 2 : 1;
  }
  return words;
}

/**
 * Calls `visit` with the key and the value's offsets (`end` includes a closing quote) for each
 * `key = value`, `key: value`, `"key": "value"` and Dockerfile `ENV KEY value`
 * on the line `[lineStart, lineEnd)` whose key passes `keyFilter` (given the key as written).
 * Linear in the line length: keys are
 * read back at most {@link MAX_KEY} characters, and an operator inside a value already read is skipped.
 *
 * @example
 * ```ts
 * const text = "DB_PASSWORD=abc123";
 * visitAssignments(text, 0, text.length, createCursor(), () => true, (key, start, end) => {
 *   // key "DB_PASSWORD", text.slice(start, end) === "abc123"
 * });
 * ```
 */
export function visitAssignments(
  text: string,
  lineStart: number,
  lineEnd: number,
  cursor: AssignmentCursor,
  keyFilter: (key: string) => boolean,
  visit: (key: string, valueStart: number, valueEnd: number, end: number) => void,
): void {
  // Dockerfile legacy form: ENV KEY value (no "=").
  let first = lineStart;
  while (first < lineEnd && isSpace(text.charCodeAt(first))) first++;
  if (
    lineEnd - first > 4 &&
    (text.charCodeAt(first) | 32) === 101 /* e */ &&
    (text.charCodeAt(first + 1) | 32) === 110 /* n */ &&
    (text.charCodeAt(first + 2) | 32) === 118 /* v */ &&
    isSpace(text.charCodeAt(first + 3))
  ) {
    const eq = text.indexOf("=", first);
    if (eq < 0 || eq >= lineEnd) {
      let k = first + 4;
      while (k < lineEnd && isSpace(text.charCodeAt(k))) k++;
      let ke = k;
      while (ke < lineEnd && ke - k <= MAX_KEY && isKeyChar(text.charCodeAt(ke))) ke++;
      let vs = ke;
      while (vs < lineEnd && isSpace(text.charCodeAt(vs))) vs++;
      let ve = lineEnd;
      while (ve > vs && /\s/.test(text.charAt(ve - 1))) ve--;
      const key = text.slice(k, ke);
      if (ke > k && ve > vs && ke - k <= MAX_KEY && ve - vs <= MAX_VALUE && keyFilter(key)) {
        visit(key, vs, ve, ve);
        cursor.consumedUntil = lineEnd;
      }
      return;
    }
  }

  for (let o = lineStart; o < lineEnd; o++) {
    const c = text.charCodeAt(o);
    if (c !== 61 /* = */ && c !== 58 /* : */) continue;
    if (o < cursor.consumedUntil) continue;
    const next = o + 1 < lineEnd ? text.charCodeAt(o + 1) : 10;
    if (c === 58) {
      // YAML and JSON need a space, a quote or the end of the line after the colon.
      if (!(isSpace(next) || next === 10 || next === 13 || next === 34 || next === 39 || o + 1 >= lineEnd)) {
        continue;
      }
    }
    // ==, !=, <=, >=, =>, =~ are operators, not assignments, unless the key starts the statement
    // (`KEY==value`, `- "KEY=~value"`): then the value merely starts with `=`, `>` or `~`.
    let operatorLike = false;
    if (c === 61) {
      const prev = o > lineStart ? text.charCodeAt(o - 1) : 0;
      if (prev === 61 || prev === 33 || prev === 60 || prev === 62) continue;
      operatorLike = next === 61 || next === 62 || next === 126;
    }
    // Read the key backwards.
    let ke = o;
    while (ke > lineStart && isSpace(text.charCodeAt(ke - 1)) && o - ke < 8) ke--;
    let ks: number;
    const closing = ke > lineStart ? text.charCodeAt(ke - 1) : 0;
    if (closing === 34 || closing === 39) {
      ke--;
      ks = ke;
      while (ks > lineStart && ke - ks <= MAX_KEY && text.charCodeAt(ks - 1) !== closing) ks--;
      // No opening quote on the line, or a quoted "key" too long to be one.
      if (ks <= lineStart || ke - ks > MAX_KEY) continue;
    } else {
      ks = ke;
      while (ks > lineStart && ke - ks <= MAX_KEY && isKeyChar(text.charCodeAt(ks - 1))) ks--;
      if (ke - ks > MAX_KEY) continue;
      // `echo "Pass: no-op"`: a word followed by a colon inside an open string is text, not a key.
      const before = ks > lineStart ? text.charCodeAt(ks - 1) : 0;
      if (c === 58 && (before === 34 || before === 39)) continue;
    }
    if (ke <= ks) continue;
    if (operatorLike && !startsStatement(text, lineStart, ks)) continue;
    const key = text.slice(ks, ke);
    if (!keyFilter(key)) continue;
    // Read the value forwards.
    let vs = o + 1;
    while (vs < lineEnd && isSpace(text.charCodeAt(vs))) vs++;
    if (vs >= lineEnd) continue;
    const q = text.charCodeAt(vs);
    let valueStart: number;
    let valueEnd: number;
    let end: number;
    if (q === 34 || q === 39 || q === 96) {
      valueStart = vs + 1;
      let j = valueStart;
      while (j < lineEnd) {
        const cj = text.charCodeAt(j);
        if (cj === q) break;
        if (cj === 92 /* \ */ && q === 34) j++;
        j++;
      }
      valueEnd = Math.min(j, lineEnd);
      end = Math.min(j + 1, lineEnd);
    } else if (q === 36 /* $ */ && text.charCodeAt(vs + 1) === 123 /* { */) {
      // `${VAR:-default}`: the whole interpolation, whatever its default holds (`;`, `,`, spaces).
      valueStart = vs;
      let depth = 0;
      let j = vs + 1;
      for (; j < lineEnd && j - vs <= MAX_VALUE; j++) {
        const cj = text.charCodeAt(j);
        if (cj === 123) depth++;
        else if (cj === 125 && --depth === 0) break;
      }
      valueEnd = Math.min(j + 1, lineEnd);
      end = valueEnd;
    } else {
      valueStart = vs;
      if (vs >= cursor.runStart && vs < cursor.runEnd) {
        valueEnd = Math.min(cursor.runEnd, lineEnd);
      } else {
        let j = vs;
        while (j < lineEnd && !isValueStop(text.charCodeAt(j))) j++;
        cursor.runStart = vs;
        cursor.runEnd = j;
        valueEnd = j;
      }
      end = valueEnd;
      // A `}` closes the value unless it closes a `${…}` or `{…}` opened inside it (JSON/YAML flow).
      let depth = 0;
      for (let j = valueStart; j < valueEnd && j - valueStart <= MAX_VALUE; j++) {
        const cj = text.charCodeAt(j);
        if (cj === 123 /* { */) depth++;
        else if (cj === 125 /* } */) {
          if (depth === 0) {
            valueEnd = j;
            break;
          }
          depth--;
        }
      }
    }
    cursor.consumedUntil = end;
    if (valueEnd <= valueStart || valueEnd - valueStart > MAX_VALUE) continue;
    visit(key, valueStart, valueEnd, end);
  }
}

/** True when only blanks, `-`, quotes or `export` stand between the line start and the key at `ks`. */
function startsStatement(text: string, lineStart: number, ks: number): boolean {
  let i = lineStart;
  while (i < ks) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 45 || c === 34 || c === 39) i++;
    else if (text.startsWith("export ", i)) i += 7;
    else return false;
  }
  return true;
}
