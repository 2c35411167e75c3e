import { caddyfilePath, type Diagnostic, diagnostic } from "../../core/index.js";
import { renderTemplates } from "../../templates/index.js";
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
  if (state.input.templates !== false) {
    const source = need(state.source, "source");
    const { infraServices, appServices } = need(state.ports, "ports");
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
    diagnostics.push(...rendered.diagnostics);
    if (rendered.ok)
      for (const f of rendered.value) templates.push({ path: f.path, content: f.content, kind: f.kind });
  } else {
    // The Compose file mounts the Caddyfile either way; without it Docker mounts an empty folder.
    const caddy = state.source?.rows.find((r) => r.kind === "caddy");
    if (caddy !== undefined) {
      diagnostics.push(
        diagnostic(
          "plan/caddyfile-not-written",
          "warning",
          `Starter files are off, so ${caddyfilePath(caddy.name)} is not written; ${state.composePath} mounts it`,
          {
            path: caddy.infra?.source ?? caddy.name,
            hint: "Write the Caddyfile there yourself, or turn starter files on once to get the generated one.",
          },
        ),
      );
    }
  }
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
