import { sha256 } from "../hash.js";
import { MANIFEST_PATH, renderManifest } from "../manifest.js";
import { buildMetadata, metadataFileName } from "../metadata.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";
import { plannedFile } from "./files.js";

/**
 * The metadata phase: builds the infra-config metadata (services, ports with their reasons, and
 * which checks passed) and adds it and the manifest to the planned files.
 *
 * @example
 * ```ts
 * const { state } = await metadataPhase(afterSecrets, deps);
 * state.metadata?.path; // "specs/infra-config-081225-1430.json"
 * ```
 */
export async function metadataPhase(state: PlanState, deps: PhaseDeps): Promise<PhaseResult> {
  const source = need(state.source, "source");
  const { assignments } = need(state.ports, "ports");
  const { model } = need(state.compose, "compose");
  const validation = need(state.validation, "validation");
  const files = need(state.files, "files");
  const graph = validation.graphDiagnostics;
  const now = deps.clock.now();
  const path = `specs/${metadataFileName(now)}`;
  await deps.existing.load([path]);
  const metadata = buildMetadata({
    now,
    environment: state.environment,
    map: source.map,
    ...(source.projectType !== undefined ? { projectType: source.projectType } : {}),
    composeProject: source.composeProject,
    composePath: state.composePath,
    compose: model,
    ports: assignments,
    envFiles: [...state.envFileNames],
    checks: {
      portsChecked: true,
      volumesValid: !graph.some((d) => d.code.startsWith("volume/") && d.severity === "error"),
      networksUnique:
        deps.docker !== undefined &&
        (await deps.docker.available()) &&
        !graph.some((d) => d.code === "network/exists"),
      secretsClean: state.secretsClean === true,
      graphValid:
        validation.tiersOk && !graph.some((d) => d.code.startsWith("depends/") && d.severity === "error"),
    },
  });
  const text = `${JSON.stringify(metadata, null, 2)}\n`;
  const onDisk = deps.existing.read(path);
  const action = onDisk === undefined ? "create" : onDisk === text ? "unchanged" : "update";
  const manifest = {
    ...files.manifest,
    files: { ...files.manifest.files, [path]: { sha256: sha256(text) } },
  };
  const planned = [
    ...files.planned,
    plannedFile({ path, content: text, kind: "metadata", action, onDisk }),
    // The manifest is always rewritten; applyPlan leaves the folder alone when nothing else changed.
    plannedFile({
      path: MANIFEST_PATH,
      content: renderManifest(manifest),
      kind: "manifest",
      action: "update",
      onDisk: deps.existing.read(MANIFEST_PATH),
    }),
  ];
  return {
    state: { ...state, files: { planned, manifest }, metadata: { metadata, path } },
    diagnostics: [],
  };
}
