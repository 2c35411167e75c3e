import { hasErrors } from "../../core/index.js";
import { scanFiles } from "../../secrets/index.js";
import { mapStrings, withMapOrigins } from "../secret-origin.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";

/**
 * The secrets phase: scans every planned file for secrets, allowing the credentials slipway
 * generated and the values the user kept in `.env.development`. A flagged value copied from the
 * map also names its place in the map, which is what the user edits.
 *
 * @example
 * ```ts
 * const { state } = secretsPhase(afterFiles, deps);
 * state.secretsClean; // true
 * ```
 */
export function secretsPhase(state: PlanState, _deps: PhaseDeps): PhaseResult {
  const { planned } = need(state.files, "files");
  const env = need(state.env, "env");
  const files = planned.map((f) => ({ path: f.path, content: f.content }));
  const scan = scanFiles(files, { allowlist: [...env.generatedSecrets, ...env.userKeptValues] });
  const diagnostics =
    hasErrors(scan.diagnostics) || scan.diagnostics.some((d) => d.severity === "warning")
      ? withMapOrigins(
          scan.findings,
          scan.diagnostics,
          files,
          mapStrings(state.input.architecture),
          state.input.source,
        )
      : scan.diagnostics;
  return { state: { ...state, secretsClean: !hasErrors(scan.diagnostics) }, diagnostics };
}
