import type { ComposeFile } from "./model.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * The variable names one string references with Compose interpolation: `${VAR}`, `${VAR:-default}`,
 * `${VAR?error}`, `$VAR`, including those nested in defaults (`${A:-${B}}`). `$$` is an escaped
 * dollar and references nothing.
 */
function scan(text: string, into: Set<string>): void {
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
      scan(text.slice(start, j), into);
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

function walk(value: unknown, into: Set<string>): void {
  if (typeof value === "string") scan(value, into);
  else if (Array.isArray(value)) for (const v of value) walk(v, into);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) walk(v, into);
}

/**
 * Every variable name a Compose model references through interpolation (`${VAR}`, `${VAR:-x}`,
 * `$VAR`; not the escaped `$$VAR`), sorted and without repeats. An env file that defines all of them
 * leaves docker-compose nothing to warn about.
 *
 * @example
 * ```ts
 * variablesUsed({ services: { db: { image: "postgres:17.6-alpine",
 *   environment: { POSTGRES_USER: "${POSTGRES_USER}" },
 *   healthcheck: { test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"] } } } });
 * // ["POSTGRES_USER"]
 * ```
 */
export function variablesUsed(model: ComposeFile): string[] {
  const names = new Set<string>();
  walk(model, names);
  return [...names].sort();
}

/**
 * The variables one string references (see {@link variablesUsed}).
 *
 * @example
 * ```ts
 * variablesIn("postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD:-x}@db/$$literal"); // ["POSTGRES_PASSWORD", "POSTGRES_USER"]
 * ```
 */
export function variablesIn(text: string): string[] {
  const names = new Set<string>();
  scan(text, names);
  return [...names].sort();
}
