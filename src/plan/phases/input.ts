import {
  type ArchitectureMap,
  detectProjectType,
  extractMetadata,
  parseArchitecture,
  parseRequirements,
} from "../../architecture/index.js";
import { composeProjectName } from "../../compose/index.js";
import { type Diagnostic, diagnostic, hasErrors } from "../../core/index.js";
import { parseEnv } from "../../env/index.js";
import { MANIFEST_PATH, parseManifest } from "../manifest.js";
import { serviceRows } from "../rows.js";
import { sharedUses } from "../shared.js";
import { DETECTION_FILES, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";
import type { PlanInput } from "../types.js";

function parseInput(input: PlanInput): { map?: ArchitectureMap; diagnostics: Diagnostic[] } {
  // Text and the minimal fallback do not name the project: its folder does.
  const folder = input.projectPath
    .split(/[\\/]/)
    .filter((part) => part !== "")
    .at(-1);
  const name = folder !== undefined && /[A-Za-z0-9]/.test(folder) ? { name: folder } : {};
  if (input.architecture === undefined && input.requirements !== undefined) {
    const r = parseRequirements(input.requirements, name);
    return r.ok ? { map: r.value, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
  }
  const r = parseArchitecture(input.architecture, {
    ...name,
    ...(input.source !== undefined ? { file: input.source } : {}),
  });
  return r.ok ? { map: r.value, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
}

/**
 * The input phase: reads the output folder's env files, Compose file, manifest and project files,
 * parses the map (or the requirements text), and lays out the services. Halts when the map or the
 * existing `.env.development` cannot be read.
 *
 * @example
 * ```ts
 * const { state, diagnostics } = await inputPhase(initialPlanState(input), { ...deps, existing });
 * state.source?.rows.map((r) => r.name); // ["postgres", "backend"]
 * ```
 */
export async function inputPhase(state: PlanState, deps: PhaseDeps): Promise<PhaseResult> {
  const { input, composePath, envFileNames } = state;
  const { existing } = deps;
  await existing.load([...envFileNames, composePath, MANIFEST_PATH, ...DETECTION_FILES]);
  const diagnostics: Diagnostic[] = [];
  const parsed = parseInput(input);
  diagnostics.push(...parsed.diagnostics);
  const { manifest: previous, diagnostics: manifestDiagnostics } = parseManifest(
    existing.read(MANIFEST_PATH),
  );
  diagnostics.push(...manifestDiagnostics);
  const existingDevText = existing.read(".env.development");
  const existingDev =
    existingDevText === undefined ? undefined : parseEnv(existingDevText, { file: ".env.development" });
  if (existingDev && hasErrors(existingDev.diagnostics)) {
    diagnostics.push(...existingDev.diagnostics);
    diagnostics.push(
      diagnostic(
        "plan/env-corrupt",
        "error",
        "The existing .env.development cannot be read safely; it was not changed",
        {
          file: ".env.development",
          hint: "Fix the lines named above, then run again.",
        },
      ),
    );
  }
  const map = parsed.map;
  if (map === undefined || hasErrors([...state.diagnostics, ...diagnostics])) {
    return { state: map === undefined ? state : { ...state, map }, diagnostics, halt: true };
  }

  const files: Record<string, string> = {};
  for (const name of DETECTION_FILES) {
    const text = existing.read(name);
    if (text !== undefined) files[name] = text;
  }
  let projectType = map.projectType;
  if (projectType === undefined && Object.keys(files).length > 0) {
    const detected = detectProjectType({ files });
    diagnostics.push(...detected.diagnostics);
    projectType = detected.type;
  }
  const metadataInfo = extractMetadata(map);
  const shared = input.registry === undefined ? undefined : sharedUses(map, input.registry);
  if (shared !== undefined) diagnostics.push(...shared.diagnostics);
  const slug = map.project.slug;
  return {
    state: {
      ...state,
      map,
      source: {
        map,
        previous,
        existingDevText,
        existingDev,
        projectType,
        databaseName: metadataInfo.databaseName,
        apiEndpoints: metadataInfo.apiEndpoints,
        slug,
        composeProject: composeProjectName(slug, input.projectPath),
        rows: serviceRows(map),
        ...(shared !== undefined && shared.uses.size > 0 ? { shared: shared.uses } : {}),
      },
    },
    diagnostics,
  };
}
