/**
 * Compose variable interpolation (https://github.com/compose-spec/compose-spec/blob/main/12-interpolation.md):
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `$VAR`
 * and `$$` for a literal `$`. Returns `undefined` when a variable is needed but not known, so
 * rules can skip a value they cannot see instead of guessing.
 *
 * @example
 * ```ts
 * interpolate("${PORT:-5432}"); // "5432"
 * interpolate("${PORT}", { PORT: "6000" }); // "6000"
 * interpolate("${PORT}"); // undefined
 * ```
 */
export function interpolate(
  text: string,
  variables: Readonly<Record<string, string>> = {},
): string | undefined {
  if (!text.includes("$")) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== "$") {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const close = matchingBrace(text, i + 1);
      if (close < 0) return undefined;
      const body = text.slice(i + 2, close);
      const value = expand(body, variables);
      if (value === undefined) return undefined;
      out += value;
      i = close + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
    if (name === undefined) {
      out += "$";
      i++;
      continue;
    }
    const value = variables[name];
    if (value === undefined) return undefined;
    out += value;
    i += 1 + name.length;
  }
  return out;
}

function expand(body: string, variables: Readonly<Record<string, string>>): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s.exec(body);
  if (match === null) return undefined;
  const [, name, operator, argument = ""] = match;
  const value = variables[name!];
  const empty = value === undefined || (operator?.startsWith(":") === true && value === "");
  switch (operator) {
    case undefined:
      return value;
    case "-":
    case ":-":
      return empty ? interpolate(argument, variables) : value;
    case "+":
    case ":+":
      return empty ? "" : interpolate(argument, variables);
    default:
      // `?` / `:?`: the value is required; unknown here means we cannot tell.
      return empty ? undefined : value;
  }
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
