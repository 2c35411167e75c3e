/**
 * Secrets whose key is not written right before the value: the `value` of a JSON/YAML name–value
 * pair (`{"name": "DB_PASSWORD", "value": "…"}`, Kubernetes `env:` lists) and command-line flags
 * (`--requirepass …`, `mysql -p…`). Each finder reads a bounded window, so a scan stays linear.
 */

/** Keys whose value names the variable of a name–value pair. */
export const PAIR_NAME_KEYS: ReadonlySet<string> = new Set([
  "name",
  "Name",
  "NAME",
  "key",
  "Key",
  "variable",
]);

/** Keys that hold the value of a name–value pair (`valueFrom` refers to a secret store instead). */
const PAIR_VALUE_KEYS = ["value", "Value", "VALUE"];

/** How far the value of a pair is looked for after its name. */
const PAIR_WINDOW = 512;
const PAIR_LINES = 3;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The offset of the `value` key of the pair whose name ends at `from`, or -1: on the same line or
 * up to three lines below, before any `{`, `}`, `[`, `]` or new YAML list item (so the value of the
 * next pair is never taken).
 *
 * @example
 * ```ts
 * const text = '{"name": "DB_PASSWORD", "value": "x"}';
 * findPairValueKey(text, 22); // 24, the opening quote of "value"
 * ```
 */
export function findPairValueKey(text: string, from: number): number {
  const limit = Math.min(text.length, from + PAIR_WINDOW);
  let lines = 0;
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 125 || c === 91 || c === 93) return -1;
    if (c === 10) {
      if (++lines > PAIR_LINES) return -1;
      let k = i + 1;
      while (k < limit && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 45 /* - */) return -1;
      continue;
    }
    if (c !== 118 && c !== 86) continue;
    for (const word of PAIR_VALUE_KEYS) {
      if (!text.startsWith(word, i)) continue;
      const before = text.charCodeAt(i - 1);
      let after = i + word.length;
      const quoted = before === 34 || before === 39;
      if (quoted) {
        if (text.charCodeAt(after) !== before) continue;
        after++;
      } else if (!(isSpace(before) || before === 10 || before === 44 || before === 123)) continue;
      while (after < limit && isSpace(text.charCodeAt(after))) after++;
      const op = text.charCodeAt(after);
      if (op === 58 || op === 61) return quoted ? i - 1 : i;
    }
  }
  return -1;
}

/**
 * Reads the command-line flag starting at `at` (on `--`) and, when its name passes `keyFilter` and a
 * value follows after a space (`--requirepass x`, `--password "x"`, exec form `["--token", "x"]`),
 * calls `visit` with the flag as the key. `--flag=value` is an assignment and read elsewhere.
 * Returns the offset where the flag's name ends.
 *
 * @example
 * ```ts
 * const text = "redis-server --requirepass s3cr3t-Value";
 * visitFlag(text, 13, text.length, () => true, (key, start, end) => {
 *   // key "--requirepass", text.slice(start, end) === "s3cr3t-Value"
 * }); // 26
 * ```
 */
export function visitFlag(
  text: string,
  at: number,
  lineEnd: number,
  keyFilter: (key: string) => boolean,
  visit: (key: string, valueStart: number, valueEnd: number, end: number) => void,
): number {
  let e = at + 2;
  while (e < lineEnd && e - at < 64 && isFlagChar(text.charCodeAt(e))) e++;
  if (e === at + 2 || isFlagChar(text.charCodeAt(e))) return e;
  const key = text.slice(at, e);
  if (!keyFilter(key)) return e;
  const value = readFlagValue(text, e, lineEnd);
  if (value !== undefined) visit(key, value.start, value.end, value.close);
  return e;
}

/**
 * For the command word at `command` (`mysql`, `mariadb`, `sshpass`, `redis-cli`), calls `visit` with
 * the key `password` for the value of its password flag up to `lineEnd`: `-p` (glued, `-pVALUE`,
 * for the first two), `-a VALUE` for `redis-cli`. Only flags after the command count: in
 * `docker run -p3306:3306 mysql` the flag belongs to another program.
 *
 * @example
 * ```ts
 * const text = "mysql -uroot -pS3cr3t-Value db";
 * visitShortPasswordFlags(text, 0, text.length, (key, start, end) => {
 *   // key "password", text.slice(start, end) === "S3cr3t-Value"
 * });
 * ```
 */
export function visitShortPasswordFlags(
  text: string,
  command: number,
  lineEnd: number,
  visit: (key: string, valueStart: number, valueEnd: number, end: number) => void,
): void {
  const short = SHORT_FLAGS.find((s) => text.startsWith(s.command, command));
  if (short === undefined) return;
  const flag = short.flag.charCodeAt(1);
  for (let at = command + short.command.length; at + 1 < lineEnd; at++) {
    if (text.charCodeAt(at) !== 45 || text.charCodeAt(at + 1) !== flag) continue;
    const before = text.charCodeAt(at - 1);
    if (!isSpace(before) && before !== 34) continue;
    const value = short.glued ? readValueAt(text, at + 2, lineEnd) : readFlagValue(text, at + 2, lineEnd);
    if (value !== undefined && value.end > value.start)
      visit("password", value.start, value.end, value.close);
  }
}

function isFlagChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

/** Commands whose short flag carries a password: glued (`-pVALUE`) or after a space (`-a VALUE`). */
const SHORT_FLAGS: readonly { command: string; flag: string; glued: boolean }[] = [
  { command: "mysql", flag: "-p", glued: true },
  { command: "mariadb", flag: "-p", glued: true },
  { command: "sshpass", flag: "-p", glued: false },
  { command: "redis-cli", flag: "-a", glued: false },
];

/** Trigger words of the commands in {@link SHORT_FLAGS}, for the line search. */
export const FLAG_COMMANDS: readonly string[] = ["mysql", "mariadb", "sshpass", "redis-cli"];

interface FlagValue {
  start: number;
  end: number;
  close: number;
}

/** The value after a flag ending at `e`: spaces then a value, or (exec form) `", "` then a value. */
function readFlagValue(text: string, e: number, lineEnd: number): FlagValue | undefined {
  let s = e;
  const q = text.charCodeAt(s);
  if (q === 34 || q === 39) {
    // ["--password", "value"]: the flag's closing quote, a comma, the value's opening quote.
    s++;
    while (s < lineEnd && (isSpace(text.charCodeAt(s)) || text.charCodeAt(s) === 44)) s++;
    if (s === e + 1 || text.charCodeAt(s) !== q) return undefined;
  } else {
    while (s < lineEnd && isSpace(text.charCodeAt(s))) s++;
    if (s === e) return undefined;
  }
  if (text.charCodeAt(s) === 45 /* - */) return undefined;
  return readValueAt(text, s, lineEnd);
}

/** A quoted value (to its closing quote) or an unquoted one (to whitespace or a quote) at `s`. */
function readValueAt(text: string, s: number, lineEnd: number): FlagValue | undefined {
  if (s >= lineEnd) return undefined;
  const q = text.charCodeAt(s);
  if (q === 34 || q === 39) {
    const close = text.indexOf(String.fromCharCode(q), s + 1);
    if (close < 0 || close >= lineEnd) return undefined;
    return { start: s + 1, end: close, close: close + 1 };
  }
  let j = s;
  while (j < lineEnd) {
    const c = text.charCodeAt(j);
    if (isSpace(c) || c === 34 || c === 39 || c === 13 || c === 92 /* \ line continuation */) break;
    j++;
  }
  return j > s ? { start: s, end: j, close: j } : undefined;
}
