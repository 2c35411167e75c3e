import type { PlanStep } from "../state.js";
import { composePhase } from "./compose.js";
import { envPhase } from "./env.js";
import { filesPhase } from "./files.js";
import { inputPhase } from "./input.js";
import { metadataPhase } from "./metadata.js";
import { platformsPhase } from "./platforms.js";
import { portsPhase } from "./ports.js";
import { secretsPhase } from "./secrets.js";
import { templatesMessage, templatesPhase } from "./templates.js";
import { validatePhase } from "./validate.js";

export { composePhase } from "./compose.js";
export { envPhase } from "./env.js";
export { filesPhase, plannedFile } from "./files.js";
export { inputPhase } from "./input.js";
export { metadataPhase } from "./metadata.js";
export { platformsPhase } from "./platforms.js";
export { portsPhase } from "./ports.js";
export { secretsPhase } from "./secrets.js";
export { templatesMessage, templatesPhase } from "./templates.js";
export { uncheckedApps, validatePhase } from "./validate.js";

/**
 * The phases of planning, in order. `runPlan` runs them one after the other over one `PlanState`,
 * emitting each step's progress event first, and stops at the first step that halts.
 *
 * Adding a phase (the seam): write `(state, deps) => { state, diagnostics }` in its own file,
 * reading the sections it needs with `need(...)`, and insert a `PlanStep` here. A phase that
 * renders more files from the plan (Kubernetes or Swarm manifests from `state.compose.model` and
 * `state.ports`) goes after `files` and before `secrets`, so the secret scan sees its files, and
 * appends `plannedFile(...)` entries (and their manifest entries) to `state.files`. Its progress
 * event needs its name in `PlanPhase`.
 *
 * @example
 * ```ts
 * const steps = [...PLAN_STEPS];
 * steps.splice(steps.findIndex((s) => s.name === "files") + 1, 0, platformsStep);
 * ```
 */
export const PLAN_STEPS: readonly PlanStep[] = [
  { name: "input", event: "input", message: () => "Reading the architecture description", run: inputPhase },
  {
    name: "ports",
    event: "ports",
    message: (s) => `Assigning host ports for ${s.source?.rows.length ?? 0} services`,
    run: portsPhase,
  },
  {
    name: "env",
    event: "env",
    message: () => "Writing .env files for development, staging and production",
    run: envPhase,
  },
  { name: "compose", event: "compose", message: (s) => `Building ${s.composePath}`, run: composePhase },
  { name: "templates", event: "templates", message: templatesMessage, run: templatesPhase },
  {
    name: "validate",
    event: "validation",
    message: () => "Checking the dependency graph, networks, volumes and ports",
    run: validatePhase,
  },
  { name: "files", run: filesPhase },
  { name: "platforms", run: platformsPhase },
  {
    name: "secrets",
    event: "secrets",
    message: () => "Scanning every generated file for secrets",
    run: secretsPhase,
  },
  {
    name: "metadata",
    event: "metadata",
    message: () => "Writing the infra-config metadata",
    run: metadataPhase,
  },
];
