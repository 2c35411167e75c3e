import { sha256 } from "../hash.js";
import type { Manifest } from "../manifest.js";
import { MANIFEST_PATH, renderManifest } from "../manifest.js";
import { buildMetadata, metadataFileName } from "../metadata.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";
import type { InfraConfig } from "../types.js";
import { plannedFile } from "./files.js";

type Assignment = InfraConfig["port_assignments"][number];

const METADATA_FILE = /^specs\/infra-config-\d{6}-\d{4}\.json$/;

/** The metadata file slipway wrote last time, when it is still on disk as written. */
async function previousMetadata(
  previous: Manifest,
  deps: PhaseDeps,
): Promise<{ path: string; text: string; metadata: InfraConfig } | undefined> {
  const path = Object.keys(previous.files)
    .filter((p) => METADATA_FILE.test(p))
    .sort()
    .at(-1);
  if (path === undefined) return undefined;
  await deps.existing.load([path]);
  const text = deps.existing.read(path);
  if (text === undefined || sha256(text) !== previous.files[path]?.sha256) return undefined;
  try {
    return { path, text, metadata: JSON.parse(text) as InfraConfig };
  } catch {
    return undefined;
  }
}

/**
 * The reasons the metadata file records. A port this project already held is `kept` in the plan;
 * the file keeps the reason it first recorded for that same port, so an unchanged plan writes the
 * same bytes on every run.
 */
function recordedAssignments(live: Assignment[], earlier: InfraConfig | undefined): Assignment[] {
  const before = new Map((earlier?.port_assignments ?? []).map((a) => [a.service, a]));
  return live.map((a) => {
    const recorded = before.get(a.service);
    if (a.reason !== "kept" || recorded?.port !== a.port) return a;
    return { service: a.service, port: a.port, reason: recorded.reason, explanation: recorded.explanation };
  });
}

/** The metadata without its timestamp, to tell whether anything in it changed. */
function withoutTimestamp(metadata: InfraConfig): string {
  const { generated_at: _at, ...rest } = metadata;
  return JSON.stringify(rest);
}

/**
 * The metadata phase: builds the infra-config metadata (services, ports with their reasons, and
 * which checks passed) and adds it and the manifest to the planned files. When nothing in it but
 * the timestamp differs from the metadata file slipway wrote last time, that file is kept as it is
 * (its name and `generated_at` included): an unchanged re-run, even at a later minute, writes no
 * new metadata file.
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
  const earlier = await previousMetadata(source.previous, deps);
  const engine = deps.docker === undefined ? false : await deps.docker.available();
  const skipped = engine
    ? []
    : [
        {
          check: "network_names_unique",
          reason:
            deps.docker === undefined
              ? "no Docker probe was given, so the engine's networks were not read"
              : "the Docker engine did not answer, so its networks were not read",
        },
      ];
  let path = `specs/${metadataFileName(now)}`;
  await deps.existing.load([path]);
  let metadata = buildMetadata({
    now,
    environment: state.environment,
    map: source.map,
    ...(source.projectType !== undefined ? { projectType: source.projectType } : {}),
    composeProject: source.composeProject,
    composePath: state.composePath,
    compose: model,
    ports: recordedAssignments(assignments, earlier?.metadata),
    envFiles: [...state.envFileNames],
    checks: {
      portsChecked: true,
      volumesValid: !graph.some((d) => d.code.startsWith("volume/") && d.severity === "error"),
      networksUnique: engine ? !graph.some((d) => d.code === "network/exists") : null,
      secretsClean: state.secretsClean === true,
      graphValid:
        validation.tiersOk && !graph.some((d) => d.code.startsWith("depends/") && d.severity === "error"),
      skipped,
    },
  });
  let text = `${JSON.stringify(metadata, null, 2)}\n`;
  if (earlier !== undefined && withoutTimestamp(earlier.metadata) === withoutTimestamp(metadata)) {
    ({ path, text, metadata } = earlier);
  }
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
