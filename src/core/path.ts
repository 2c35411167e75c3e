/** One step of a path into structured input: a key of a map or an index of a list. */
export type PathSegment = string | number;

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats path segments the way diagnostics print them: `services.backend.ports[0]`. Keys that are
 * not plain identifiers are quoted: `services["my.app"].image`.
 *
 * @example
 * ```ts
 * formatPath(["services", "postgres", "ports", 0]); // "services.postgres.ports[0]"
 * ```
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Splits a diagnostic path back into segments; the inverse of {@link formatPath}.
 * Returns `undefined` for text that is not a path.
 *
 * @example
 * ```ts
 * parsePath('services["my.app"].ports[1]'); // ["services", "my.app", "ports", 1]
 * ```
 */
export function parsePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === "[") {
      const close = path[i + 1] === '"' ? findQuoteEnd(path, i + 1) : path.indexOf("]", i);
      if (close < 0) return undefined;
      if (path[i + 1] === '"') {
        try {
          segments.push(JSON.parse(path.slice(i + 1, close + 1)) as string);
        } catch {
          return undefined;
        }
        if (path[close + 1] !== "]") return undefined;
        i = close + 2;
      } else {
        const index = Number(path.slice(i + 1, close));
        if (!Number.isInteger(index)) return undefined;
        segments.push(index);
        i = close + 1;
      }
    } else {
      if (ch === ".") i++;
      let end = i;
      while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
      if (end === i) return undefined;
      segments.push(path.slice(i, end));
      i = end;
    }
  }
  return segments;
}

function findQuoteEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
