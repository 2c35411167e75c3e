import type { Diagnostic } from "../core/index.js";
import { locateDiagnostics, parseRegistry, type Registry, validateRegistry } from "../registry/index.js";

/**
 * Parses an infrastructure registry and runs its own checklist, for `validate --registry`. Its own
 * module so that `validate` loads the registry's parser and schema only when a registry is given.
 *
 * @example
 * ```ts
 * const { checkRegistry } = await import("./registry-check.js");
 * const { registry, diagnostics } = checkRegistry(text, "infrastructure.yml");
 * ```
 */
export function checkRegistry(
  text: string,
  file: string,
): { registry: Registry | undefined; diagnostics: Diagnostic[] } {
  const parsed = parseRegistry(text, { file });
  if (!parsed.ok) return { registry: undefined, diagnostics: [...parsed.diagnostics] };
  return {
    registry: parsed.value,
    diagnostics: [
      ...parsed.diagnostics,
      ...locateDiagnostics(validateRegistry(parsed.value), text, { file }),
    ],
  };
}
