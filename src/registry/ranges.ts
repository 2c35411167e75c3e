import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { formatPath } from "../core/path.js";
import type { Registry } from "./schema.js";

/**
 * Invalid and overlapping application ranges (`registry/range-invalid`, `registry/range-overlap`),
 * in O(n log n).
 *
 * @example
 * ```ts
 * checkRanges(registry); // [{ code: "registry/range-overlap", path: "port_registry.ranges.synapse", … }]
 * ```
 */
export function checkRanges(registry: Registry): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const valid: { app: string; start: number; end: number }[] = [];
  for (const [app, range] of Object.entries(registry.port_registry.ranges)) {
    const path = formatPath(["port_registry", "ranges", app]);
    if (range.start < 1 || range.end > 65535 || range.start > range.end) {
      diagnostics.push(
        diagnostic(
          "registry/range-invalid",
          "error",
          `Range ${range.start}-${range.end} of application ${app} is invalid`,
          { path, hint: "A range needs 1 <= start <= end <= 65535." },
        ),
      );
      continue;
    }
    valid.push({ app, start: range.start, end: range.end });
  }
  // Sort once and compare each range with the furthest-reaching one before it: O(n log n).
  valid.sort((a, b) => a.start - b.start || a.end - b.end);
  let reach: (typeof valid)[number] | undefined;
  for (const range of valid) {
    if (reach !== undefined && range.start <= reach.end) {
      diagnostics.push(
        diagnostic(
          "registry/range-overlap",
          "error",
          `Range ${range.start}-${range.end} of application ${range.app} overlaps ${reach.start}-${reach.end} of ${reach.app}`,
          {
            path: formatPath(["port_registry", "ranges", range.app]),
            hint: "Give each application its own range; ranges may not share a port.",
          },
        ),
      );
    }
    if (reach === undefined || range.end > reach.end) reach = range;
  }
  return diagnostics;
}
