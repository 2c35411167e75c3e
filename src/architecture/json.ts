/** A position in a text, 1-based. */
export interface TextPosition {
  line: number;
  column: number;
}

/** The outcome of {@link parseJsonWithPositions}. */
export type JsonParseResult =
  | {
      ok: true;
      value: unknown;
      /** Where each value (or, for object members, its key) starts, by diagnostic path. */
      positions: Map<string, TextPosition>;
      /** Keys that appear twice in one object: JSON keeps the last, the first is lost. */
      duplicates: { path: string; position: TextPosition }[];
    }
  | { ok: false; message: string; position: TextPosition };

const MAX_DEPTH = 256;

/**
 * Joins a diagnostic path and a key: `infrastructure` + 0 → `infrastructure[0]`,
 * `project` + `name` → `project.name`, keys that are not plain words are quoted
 * (`structure["frontend/"]`).
 *
 * @example
 * ```ts
 * joinPath("code_organization.structure", "backend/"); // 'code_organization.structure["backend/"]'
 * ```
 */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return base === "" ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * Parses JSON text like `JSON.parse`, but reports a syntax error with its line and column (the same
 * on every Node version) and records where each value starts, so later diagnostics can point into
 * the text. Objects are built with own properties only (`__proto__` stays a plain key).
 *
 * @example
 * ```ts
 * const r = parseJsonWithPositions('{\n  "project": { "name": 1 }\n}');
 * if (r.ok) r.positions.get("project.name"); // { line: 2, column: 17 }
 * ```
 */
export function parseJsonWithPositions(text: string): JsonParseResult {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const toPosition = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const positions = new Map<string, TextPosition>();
  const duplicates: { path: string; position: TextPosition }[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const skipWhitespace = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };
  const describe = (at: number) =>
    at >= text.length ? "end of input" : `'${String.fromCodePoint(text.codePointAt(at) ?? 0)}'`;
  const unexpected = (expected: string): JsonSyntaxError =>
    new JsonSyntaxError(`Unexpected ${describe(pos)}, expected ${expected}`, pos);

  const parseString = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return JSON.parse(text.slice(start, pos)) as string;
      }
      if (c === 92) {
        const next = text[pos + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) pos += 2;
        else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else throw new JsonSyntaxError("Invalid escape sequence in string", pos);
      } else if (c < 32) {
        throw new JsonSyntaxError("Unescaped control character in string", pos);
      } else pos++;
    }
    throw new JsonSyntaxError("Unterminated string", start);
  };

  const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

  const parseValue = (path: string, depth: number): unknown => {
    skipWhitespace();
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(`Nesting deeper than ${MAX_DEPTH} levels`, pos);
    if (!positions.has(path)) positions.set(path, toPosition(pos));
    const c = text[pos];
    if (c === "{") return parseObject(path, depth);
    if (c === "[") return parseArray(path, depth);
    if (c === '"') return parseString();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      numberPattern.lastIndex = pos;
      const m = numberPattern.exec(text);
      if (m === null) throw unexpected("a number");
      pos += m[0].length;
      return Number(m[0]);
    }
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    throw unexpected("a value");
  };

  const parseObject = (path: string, depth: number): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    pos++;
    skipWhitespace();
    if (text[pos] === "}") {
      pos++;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') throw unexpected("a property name in double quotes");
      const keyOffset = pos;
      const key = parseString();
      const memberPath = joinPath(path, key);
      if (Object.hasOwn(object, key)) duplicates.push({ path: memberPath, position: toPosition(keyOffset) });
      else positions.set(memberPath, toPosition(keyOffset));
      skipWhitespace();
      if (text[pos] !== ":") throw unexpected("':'");
      pos++;
      const value = parseValue(memberPath, depth + 1);
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] === "}") {
        pos++;
        return object;
      }
      throw unexpected("',' or '}'");
    }
  };

  const parseArray = (path: string, depth: number): unknown[] => {
    const array: unknown[] = [];
    pos++;
    skipWhitespace();
    if (text[pos] === "]") {
      pos++;
      return array;
    }
    for (;;) {
      array.push(parseValue(joinPath(path, array.length), depth + 1));
      skipWhitespace();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] === "]") {
        pos++;
        return array;
      }
      throw unexpected("',' or ']'");
    }
  };

  try {
    const value = parseValue("", 0);
    skipWhitespace();
    if (pos < text.length) throw new JsonSyntaxError(`Unexpected ${describe(pos)} after the JSON value`, pos);
    return { ok: true, value, positions, duplicates };
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      return { ok: false, message: error.message, position: toPosition(error.offset) };
    throw error;
  }
}
