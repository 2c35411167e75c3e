import { hasErrors } from "../../core/index.js";
import { scanFiles } from "../../secrets/index.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";

/**
 * The secrets phase: scans every planned file for secrets, allowing the credentials slipway
 * generated and the values the user kept in `.env.development`.
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
  const scan = scanFiles(
    planned.map((f) => ({ path: f.path, content: f.content })),
    { allowlist: [...env.generatedSecrets, ...env.userKeptValues] },
  );
  return { state: { ...state, secretsClean: !hasErrors(scan.diagnostics) }, diagnostics: scan.diagnostics };
}
