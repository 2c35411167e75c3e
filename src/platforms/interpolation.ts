/** A piece of a Compose string: literal text, or a reference to a variable. */
export type Segment = { text: string } | { variable: string };

const BRACED = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(?::?[-?+])[^}]*)?\}/;
const BARE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * A Compose string cut into literal text and variable references (`${NAME}`, `${NAME:-default}`,
 * `$NAME`); `$$` is a literal `$`. Defaults and error messages of references are dropped: the
 * platforms set every variable they reference.
 *
 * @example
 * ```ts
 * segments("redis://:${REDIS_PASSWORD}@redis:6379");
 * // [{ text: "redis://:" }, { variable: "REDIS_PASSWORD" }, { text: "@redis:6379" }]
 * ```
 */
export function segments(value: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let i = 0;
  while (i < value.length) {
    const rest = value.slice(i);
    if (rest.startsWith("$$")) {
      text += "$";
      i += 2;
      continue;
    }
    const m = BRACED.exec(rest) ?? BARE.exec(rest);
    if (m !== null && m[1] !== undefined) {
      if (text !== "") out.push({ text });
      text = "";
      out.push({ variable: m[1] });
      i += m[0].length;
      continue;
    }
    text += value[i];
    i += 1;
  }
  if (text !== "") out.push({ text });
  return out;
}

/**
 * The variables a Compose string references, each once, in order.
 *
 * @example
 * ```ts
 * referencedVariables("${A}:${B}@${A}"); // ["A", "B"]
 * ```
 */
export function referencedVariables(value: string): string[] {
  const names: string[] = [];
  for (const s of segments(value)) if ("variable" in s && !names.includes(s.variable)) names.push(s.variable);
  return names;
}

/**
 * Rewrites the host names of renamed services in a connection string (`@db_main:5432` →
 * `@db-main:5432`, also after `//` and at the start).
 *
 * @example
 * ```ts
 * renameHosts("postgresql://u@db_main:5432/app", new Map([["db_main", "db-main"]])); // "postgresql://u@db-main:5432/app"
 * ```
 */
export function renameHosts(text: string, renames: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [from, to] of renames) {
    if (from === to) continue;
    const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(^|@|//)${escaped}(?=:\\d)`, "g"), `$1${to}`);
  }
  return out;
}
