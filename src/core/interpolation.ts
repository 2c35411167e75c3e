const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * The variable names one string references with Compose interpolation: `${VAR}`, `${VAR:-default}`,
 * `${VAR?error}`, `$VAR`, including those nested in defaults (`${A:-${B}}`). `$$` is an escaped
 * dollar and references nothing. Adds each name to `into`.
 *
 * @example
 * ```ts
 * const names = new Set<string>();
 * scanInterpolation("${A:-${B}} $C $$D", names); // names: A, B, C
 * ```
 */
export function scanInterpolation(text: string, into: Set<string>): void {
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "$") {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      i += 2;
      continue;
    }
    if (next === "{") {
      const name = NAME.exec(text.slice(i + 2));
      if (name === null) {
        i += 2;
        continue;
      }
      into.add(name[0]);
      // Find the matching brace; anything between the name and it is a modifier that may hold more references.
      let depth = 1;
      let j = i + 2 + name[0].length;
      const start = j;
      while (j < text.length && depth > 0) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}") depth--;
        if (depth > 0) j++;
      }
      scanInterpolation(text.slice(start, j), into);
      i = j + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1));
    if (name !== null) {
      into.add(name[0]);
      i += 1 + name[0].length;
    } else {
      i++;
    }
  }
}
