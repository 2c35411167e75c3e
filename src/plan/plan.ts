import { composeProjectName } from "../compose/index.js";
import { hasErrors } from "../core/index.js";
import { buildMetadata, metadataFileName } from "./metadata.js";
import { PLAN_STEPS } from "./phases/index.js";
import {
  createExistingFiles,
  initialPlanState,
  type PhaseDeps,
  type PlanState,
  type PlanStep,
} from "./state.js";
import type { Plan, PlanDeps, PlanEvent, PlanInput, PlanPhase } from "./types.js";

type Emit = (phase: PlanPhase, message: string) => void;

/**
 * Plans the whole environment without writing anything: parses the input, allocates ports,
 * builds the Compose file, the env files, the starter files and the metadata, merges them with
 * what is on disk, validates the dependency graph and scans every file for secrets.
 *
 * @example
 * ```ts
 * import { planEnvironment } from "slipway";
 * import { createNodeDeps } from "slipway/node";
 *
 * const plan = await planEnvironment(
 *   { architecture: map, projectPath: "/home/me/chi" },
 *   createNodeDeps({ root: "/home/me/chi" }),
 * );
 * if (plan.ok) console.log(plan.files.map((f) => `${f.action} ${f.path}`));
 * ```
 */
export async function planEnvironment(input: PlanInput, deps: PlanDeps): Promise<Plan> {
  return runPlan(input, deps, () => {});
}

/**
 * `planEnvironment` as a stream of progress events for orchestrators: one `status` event per
 * phase, an `error` event when a phase finds errors, and a final `result` event with the plan.
 * Never exits the process, never prompts, keeps no global state.
 *
 * @example
 * ```ts
 * for await (const event of planEnvironmentEvents(input, deps)) {
 *   if (event.type === "result") return event.plan;
 *   console.log(`[${event.phase}] ${event.message}`);
 * }
 * ```
 */
export async function* planEnvironmentEvents(input: PlanInput, deps: PlanDeps): AsyncGenerator<PlanEvent> {
  const queue: PlanEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  const timestamp = () => deps.clock.now().toISOString();
  const emit: Emit = (phase, message) => {
    queue.push({ type: "status", phase, message, timestamp: timestamp() });
    wake?.();
  };
  let plan: Plan | undefined;
  runPlan(input, deps, emit).then(
    (p) => {
      plan = p;
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = error;
      finished = true;
      wake?.();
    },
  );
  while (true) {
    while (queue.length > 0) yield queue.shift()!;
    if (finished) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  while (queue.length > 0) yield queue.shift()!;
  if (failure !== undefined) throw failure;
  const result = plan!;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    yield {
      type: "error",
      phase: "validation",
      message: `Infrastructure generation failed: ${errors.length} error${errors.length === 1 ? "" : "s"}`,
      timestamp: timestamp(),
      diagnostics: errors,
    };
  }
  yield {
    type: "result",
    phase: "done",
    message: result.ok ? `Planned ${result.files.length} files` : "Planning failed; nothing may be written",
    timestamp: timestamp(),
    plan: result,
  };
}

/**
 * Runs planning steps in order over one state: emits each step's progress event, gathers its
 * diagnostics, and stops at the first step that halts. `steps` defaults to `PLAN_STEPS`; a caller
 * may pass the list with one more phase inserted (see `PLAN_STEPS`).
 *
 * @example
 * ```ts
 * const plan = await runPlan(input, deps, () => {}, PLAN_STEPS);
 * ```
 */
export async function runPlan(
  input: PlanInput,
  deps: PlanDeps,
  emit: Emit,
  steps: readonly PlanStep[] = PLAN_STEPS,
): Promise<Plan> {
  const phaseDeps: PhaseDeps = { ...deps, existing: createExistingFiles(deps.fs) };
  let state = initialPlanState(input);
  for (const step of steps) {
    const message = step.event === undefined ? undefined : step.message?.(state);
    if (step.event !== undefined && message !== undefined) emit(step.event, message);
    const result = await step.run(state, phaseDeps);
    state = { ...result.state, diagnostics: [...state.diagnostics, ...result.diagnostics] };
    if (result.halt) return failedPlan(state, deps);
  }
  return finishedPlan(state);
}

/** The plan of a run whose every step ran. */
function finishedPlan(state: PlanState): Plan {
  const source = state.source!;
  const { metadata, path } = state.metadata!;
  const files = state.files!;
  return {
    ok: !hasErrors(state.diagnostics),
    project: {
      name: source.map.project.name,
      slug: source.slug,
      composeProject: source.composeProject,
      ...(source.projectType !== undefined ? { type: source.projectType } : {}),
    },
    files: files.planned,
    metadata,
    metadataPath: path,
    marker: `INFRA_CONFIG: ${path}`,
    ports: state.ports!.assignments,
    tiers: state.validation!.tiers,
    diagnostics: [...state.diagnostics],
    manifest: files.manifest,
    ledger: state.ports!.assignments.map((a) => ({
      project: state.input.projectPath,
      service: a.service,
      port: a.port,
    })),
    ledgerSeen: state.ports!.ledgerSeen,
  };
}

/** The plan of a run that stopped: no files, the diagnostics, and metadata that claims no check. */
function failedPlan(state: PlanState, deps: PlanDeps): Plan {
  const { input, map } = state;
  const now = deps.clock.now();
  const metadataPath = `specs/${metadataFileName(now)}`;
  const slug = map?.project.slug ?? "project";
  const composeProject = composeProjectName(slug, input.projectPath);
  return {
    ok: false,
    project: { name: map?.project.name ?? slug, slug, composeProject },
    files: [],
    metadata: buildMetadata({
      now,
      environment: state.environment,
      ...(map ? { map } : {}),
      composeProject,
      composePath: state.composePath,
      ports: [],
      envFiles: [],
      checks: {
        portsChecked: false,
        volumesValid: false,
        networksUnique: null,
        secretsClean: false,
        graphValid: false,
        skipped: [{ check: "network_names_unique", reason: "planning stopped before the checks" }],
      },
    }),
    metadataPath,
    marker: `INFRA_CONFIG: ${metadataPath}`,
    ports: [],
    tiers: [],
    diagnostics: [...state.diagnostics],
    manifest: { version: 1, files: {} },
    ledger: [],
  };
}
