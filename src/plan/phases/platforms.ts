import { withoutDevelopmentLoop } from "../../compose/index.js";
import { ENVIRONMENTS } from "../../core/index.js";
import { envValues } from "../../env/index.js";
import { platformInput, renderPlatforms } from "../../platforms/index.js";
import { sha256 } from "../hash.js";
import { mapImages } from "../images.js";
import { fileAction } from "../ownership.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";
import { plannedFile } from "./files.js";

/**
 * The platforms phase: renders the same model for Kubernetes and Swarm when the input asks for
 * them (`PlanInput.platforms`). Its files are slipway's own, like the Compose file: an edited one
 * is a conflict that `applyPlan` refuses unless forced. It runs after `files`, so the secret scan
 * sees its files; without platforms it changes nothing.
 *
 * @example
 * ```ts
 * const { state } = await platformsPhase({ ...afterFiles, input: { ...input, platforms: ["swarm"] } }, deps);
 * state.files?.planned.some((f) => f.path === "docker-stack.yml"); // true
 * ```
 */
export async function platformsPhase(state: PlanState, deps: PhaseDeps): Promise<PhaseResult> {
  const wanted = state.input.platforms ?? [];
  if (wanted.length === 0) return { state, diagnostics: [] };
  const { map, slug, rows, previous } = need(state.source, "source");
  const env = need(state.env, "env");
  const files = need(state.files, "files");
  const rendered = renderPlatforms(
    wanted,
    platformInput({
      slug,
      // Deployed environments run the production image as built, whichever environment this plan is for.
      compose: withoutDevelopmentLoop(need(state.compose, "compose").model),
      values: Object.fromEntries(ENVIRONMENTS.map((e) => [e, envValues(env.generated[`.env.${e}`]!)])),
      overrides: map.environments,
      services: [
        ...rows.map((r) => ({
          name: r.name,
          kind: r.kind,
          templated:
            state.input.templates !== false && r.app !== undefined && r.app.customFramework === undefined,
        })),
        // An image entry: a StatefulSet when it mounts a volume, as its image's own user.
        ...mapImages(map).map((image) => ({ name: image.name, kind: "custom" as const })),
      ],
    }),
  );
  if (!rendered.ok) return { state, diagnostics: rendered.diagnostics };
  await deps.existing.load(rendered.value.map((f) => f.path));
  const planned = [...files.planned];
  const manifest = { ...files.manifest, files: { ...files.manifest.files } };
  for (const f of rendered.value) {
    const onDisk = deps.existing.read(f.path);
    const action = fileAction({
      path: f.path,
      content: f.content,
      onDisk,
      manifest: previous,
      starter: false,
    });
    planned.push(plannedFile({ path: f.path, content: f.content, kind: "platform", action, onDisk }));
    manifest.files[f.path] = { sha256: sha256(f.content) };
  }
  return { state: { ...state, files: { planned, manifest } }, diagnostics: rendered.diagnostics };
}
