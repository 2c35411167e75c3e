import { type Diagnostic, diagnostic, portVariable, type Result, resultOf } from "../core/index.js";
import type { PortOverride } from "./allocate.js";

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/**
 * Reads the port overrides of `services` from the text of an env file (usually `.env.development`):
 * `POSTGRES_PORT=5434` becomes `{ postgres: { port: 5434, file, line: n, variable: "POSTGRES_PORT" } }`.
 * Variable names follow `portVariable`; the last assignment of a variable wins, as in dotenv. Quoted
 * values and trailing comments are understood; an empty value means "no override". A value that is
 * not a port is a `port/override-invalid` error at its line.
 *
 * @example
 * ```ts
 * const r = portOverridesFromEnv("POSTGRES_PORT=5434\n", ["postgres", "redis"], { file: ".env.development" });
 * // r.value → { postgres: { port: 5434, file: ".env.development", line: 1, variable: "POSTGRES_PORT" } }
 * ```
 */
export function portOverridesFromEnv(
  text: string,
  services: readonly string[],
  options: { file?: string } = {},
): Result<Record<string, PortOverride>> {
  const wanted = new Map(services.map((s) => [portVariable(s), s]));
  const found = new Map<string, { value: string; line: number }>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = ASSIGNMENT.exec(raw);
    if (m === null || !wanted.has(m[1]!)) return;
    found.set(m[1]!, { value: unquote(m[2]!), line: i + 1 });
  });
  const overrides: Record<string, PortOverride> = {};
  const diagnostics: Diagnostic[] = [];
  for (const [variable, service] of wanted) {
    const hit = found.get(variable);
    if (hit === undefined || hit.value === "") continue;
    const port = /^[0-9]+$/.test(hit.value) ? Number(hit.value) : Number.NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      diagnostics.push(
        diagnostic("port/override-invalid", "error", `${variable}=${hit.value} is not a port (1–65535)`, {
          file: options.file,
          line: hit.line,
          hint: `Set ${variable} to a port number, or remove the line to use auto-assignment.`,
        }),
      );
      continue;
    }
    const o: PortOverride = { port, line: hit.line, variable };
    if (options.file !== undefined) o.file = options.file;
    overrides[service] = o;
  }
  return resultOf(overrides, diagnostics);
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = value.indexOf(quote, 1);
    return end === -1 ? value : value.slice(1, end);
  }
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}
