import type { Diagnostic } from "../../core/index.js";
import { serviceConfigFiles } from "../../core/service-configs.js";
import { renderTemplates } from "../../templates/index.js";
import { initScripts } from "../init-scripts.js";
import {
  ENV_FILES,
  need,
  type PhaseDeps,
  type PhaseResult,
  type PlanState,
  type TemplateFile,
} from "../state.js";

/**
 * The templates phase: renders the starter files (Dockerfiles, README, Makefile, .gitignore …)
 * for the project type, unless the input turned them off.
 *
 * @example
 * ```ts
 * const { state } = templatesPhase(afterCompose, deps);
 * state.templates?.map((t) => t.path); // ["backend/Dockerfile", ".gitignore", "README.md", …]
 * ```
 */
export function templatesPhase(state: PlanState, _deps: PhaseDeps): PhaseResult {
  const templates: TemplateFile[] = [];
  const diagnostics: Diagnostic[] = [];
  // Service configuration files (Loki, Promtail, Grafana, Mosquitto, Caddy's Caddyfile) are mounted
  // by the Compose file, so they are written even when the starter files are turned off.
  const startersOn = state.input.templates !== false;
  const { infraServices, appServices } = need(state.ports, "ports");
  if (startersOn || infraServices.some((s) => s.kind === "caddy" || serviceConfigFiles(s.kind).length > 0)) {
    const source = need(state.source, "source");
    const rendered = renderTemplates({
      project: { name: source.map.project.name, slug: source.slug },
      ...(source.projectType !== undefined ? { projectType: source.projectType } : {}),
      composeFile: state.composePath,
      composeProject: source.composeProject,
      envFiles: [...ENV_FILES],
      services: infraServices,
      apps: appServices,
      apiKeys: source.map.apiKeys,
      apiEndpoints: source.apiEndpoints,
    });
    diagnostics.push(
      ...(startersOn
        ? rendered.diagnostics
        : rendered.diagnostics.filter((d) => d.code === "template/missing-loki")),
    );
    if (rendered.ok)
      for (const f of rendered.value)
        if (startersOn || f.kind === "config")
          templates.push({ path: f.path, content: f.content, kind: f.kind });
  }
  // The databases' init scripts: the Compose file mounts them, so they are written even without starters.
  const source = need(state.source, "source");
  for (const script of initScripts(source.rows.filter((r) => !source.shared?.has(r.name))))
    templates.push({ path: script.path, content: script.content, kind: "other" });
  return { state: { ...state, templates }, diagnostics };
}

/**
 * The progress message of the templates phase; none when starter files are off.
 *
 * @example
 * ```ts
 * templatesMessage(state); // "Rendering starter files for nodejs"
 * ```
 */
export function templatesMessage(state: PlanState): string | undefined {
  if (state.input.templates === false) return undefined;
  const type = state.source?.projectType;
  return `Rendering starter files${type ? ` for ${type}` : ""}`;
}
