import { parseCompose } from "../../compose/index.js";
import { type Diagnostic, diagnostic } from "../../core/index.js";
import { envValues } from "../../env/index.js";
import { envFileIgnored } from "../../templates/index.js";
import { sha256 } from "../hash.js";
import type { Manifest } from "../manifest.js";
import { mergeComposeText } from "../merge-compose.js";
import { fileAction, mergeIgnoreFile, unifiedDiff, valueDigest } from "../ownership.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";
import type { FileAction, PlannedFile, PlannedFileKind } from "../types.js";
import { uncheckedApps } from "./validate.js";

/**
 * A planned file with the basis applyPlan checks (the sha256 of what is on disk now) and, when
 * the content differs from it, a diff.
 *
 * @example
 * ```ts
 * plannedFile({ path: "README.md", content, kind: "readme", action: "create", onDisk: undefined });
 * ```
 */
export function plannedFile(options: {
  path: string;
  content: string;
  kind: PlannedFileKind;
  action: FileAction;
  onDisk: string | undefined;
  mode?: number;
}): PlannedFile {
  const { path, content, kind, action, onDisk, mode } = options;
  const file: PlannedFile = {
    path,
    content,
    kind,
    action,
    basis: onDisk === undefined ? null : sha256(onDisk),
  };
  if (mode !== undefined) file.mode = mode;
  if (onDisk !== undefined && onDisk !== content) file.diff = unifiedDiff(path, onDisk, content);
  return file;
}

/**
 * The Compose file. Once slipway has written it, every later run is a three-way merge: the base is
 * the model slipway generated last time (kept in the manifest), so the user's edits survive every
 * re-run, not only the first. A file that holds exactly what slipway generated last time is updated
 * as a whole; a file slipway never wrote is a conflict.
 */
function planComposeFile(
  state: PlanState,
  deps: PhaseDeps,
  manifest: Manifest,
): { file: PlannedFile; diagnostics: Diagnostic[] } {
  const { composePath } = state;
  const { previous } = need(state.source, "source");
  const compose = need(state.compose, "compose");
  const diagnostics: Diagnostic[] = [];
  const onDisk = deps.existing.read(composePath);
  let content = compose.text;
  let action = fileAction({ path: composePath, content, onDisk, manifest: previous, starter: false });
  const entry = previous.files[composePath];
  const pristine =
    onDisk !== undefined && entry?.generated !== undefined && entry.generated === sha256(onDisk);
  if (onDisk !== undefined && onDisk !== content && entry?.model !== undefined && !pristine) {
    const merged = mergeComposeText({
      userText: onDisk,
      base: entry.model,
      next: compose.model,
      file: composePath,
    });
    diagnostics.push(...merged.diagnostics);
    content = merged.text;
    action = content === onDisk ? "unchanged" : "merge";
  }
  manifest.files[composePath] = {
    sha256: sha256(content),
    model: compose.model,
    generated: sha256(compose.text),
  };
  return { file: plannedFile({ path: composePath, content, kind: "compose", action, onDisk }), diagnostics };
}

/** Said once per app without a template until the user's own healthcheck is in the file (a merge keeps it). */
function healthcheckWarnings(state: PlanState, composeText: string): Diagnostic[] {
  const unchecked = uncheckedApps(need(state.map, "map"));
  if (unchecked.size === 0) return [];
  const { composePath } = state;
  const finalModel = parseCompose(composeText, { file: composePath });
  const finalServices = finalModel.ok ? finalModel.value.services : undefined;
  const out: Diagnostic[] = [];
  for (const [path, app] of unchecked) {
    if (finalServices?.[app.name]?.healthcheck !== undefined) continue;
    out.push(
      diagnostic(
        "plan/app-healthcheck-unknown",
        "warning",
        `App ${app.name} runs ${app.customFramework}, which slipway has no template for: no healthcheck is written`,
        {
          file: composePath,
          path,
          hint: "Add a healthcheck to the service (your edit is kept on the next run); until then `slipway validate` reports it as health/missing.",
        },
      ),
    );
  }
  return out;
}

/** The starter files: ignore files merge line by line, others the user changed are kept. */
function planStarterFiles(
  state: PlanState,
  deps: PhaseDeps,
  manifest: Manifest,
): { files: PlannedFile[]; diagnostics: Diagnostic[] } {
  const { previous } = need(state.source, "source");
  const files: PlannedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const t of state.templates ?? []) {
    const onDisk = deps.existing.read(t.path);
    if ((t.kind === "gitignore" || t.kind === "dockerignore") && onDisk !== undefined) {
      const merged = mergeIgnoreFile(onDisk, t.content);
      const action = merged === onDisk ? "unchanged" : "merge";
      files.push(plannedFile({ path: t.path, content: merged, kind: t.kind, action, onDisk }));
      manifest.files[t.path] = { sha256: sha256(merged) };
      continue;
    }
    const action = fileAction({
      path: t.path,
      content: t.content,
      onDisk,
      manifest: previous,
      starter: true,
    });
    if (action === "keep") {
      files.push(plannedFile({ path: t.path, content: onDisk!, kind: t.kind, action: "keep", onDisk }));
      manifest.files[t.path] = previous.files[t.path] ?? { sha256: sha256(onDisk!) };
      diagnostics.push(
        diagnostic("plan/starter-kept", "info", `Kept your ${t.path}; slipway's version was not written`, {
          file: t.path,
          hint: "Delete the file and run again to get the generated starter.",
        }),
      );
      continue;
    }
    files.push(plannedFile({ path: t.path, content: t.content, kind: t.kind, action, onDisk }));
    manifest.files[t.path] = { sha256: sha256(t.content) };
  }
  return { files, diagnostics };
}

/**
 * Files that hold generated credentials must not reach git: say so when no .gitignore of the
 * output folder (written now, or the user's) ignores them.
 */
function ignoreWarnings(state: PlanState, deps: PhaseDeps, planned: PlannedFile[]): Diagnostic[] {
  const { generatedSecrets } = need(state.env, "env");
  const ignoreText =
    planned.find((f) => f.path === ".gitignore")?.content ?? deps.existing.read(".gitignore");
  const ignoreLines = ignoreText === undefined ? [] : ignoreText.split(/\r?\n/);
  // The files that hold the generated development credentials.
  const withCredentials =
    generatedSecrets.length > 0
      ? [".env.development", ...(state.infraEnvPath ? [state.infraEnvPath] : [])]
      : [];
  const out: Diagnostic[] = [];
  for (const name of state.envFileNames.filter((n) => withCredentials.includes(n))) {
    if (envFileIgnored(ignoreLines, name)) continue;
    out.push(
      diagnostic(
        "plan/env-not-ignored",
        "warning",
        `${name} holds generated credentials, and no .gitignore in the output folder ignores it`,
        {
          file: name,
          hint: "Add `.env*` and `!.env.example` to .gitignore (as the generated one does), unless a .gitignore higher up already ignores it.",
        },
      ),
    );
  }
  return out;
}

/**
 * The files phase: decides what happens to each generated file given what is on disk and what
 * slipway recorded writing (create, update, merge, keep, unchanged or conflict), and builds the
 * manifest that goes with them. A conflict is no planning error: whether to overwrite is
 * `applyPlan`'s `force`, which reports it otherwise.
 *
 * @example
 * ```ts
 * const { state } = await filesPhase(afterValidate, deps);
 * state.files?.planned.map((f) => `${f.action} ${f.path}`); // ["create docker-compose.yml", …]
 * ```
 */
export async function filesPhase(state: PlanState, deps: PhaseDeps): Promise<PhaseResult> {
  const env = need(state.env, "env");
  await deps.existing.load((state.templates ?? []).map((t) => t.path));
  const manifest: Manifest = { version: 1, files: {} };
  const diagnostics: Diagnostic[] = [];
  const compose = planComposeFile(state, deps, manifest);
  diagnostics.push(...compose.diagnostics, ...healthcheckWarnings(state, compose.file.content));
  const planned: PlannedFile[] = [compose.file];
  for (const name of state.envFileNames) {
    const content = env.contents[name]!;
    const mode = name === ".env.example" ? 0o644 : 0o600;
    const onDisk = deps.existing.read(name);
    planned.push(plannedFile({ path: name, content, kind: "env", action: env.actions[name]!, onDisk, mode }));
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(envValues(env.generated[name]!))) {
      values[key] = valueDigest(value, env.credentials);
    }
    manifest.files[name] = { sha256: sha256(content), values };
  }
  const starters = planStarterFiles(state, deps, manifest);
  planned.push(...starters.files);
  diagnostics.push(...starters.diagnostics);
  // A file slipway did not write (or one the user changed where no merge is possible) keeps the
  // action `conflict` with its diff: applyPlan refuses it (plan/conflict) unless forced.
  await deps.existing.load([".gitignore"]);
  diagnostics.push(...ignoreWarnings(state, deps, planned));
  return { state: { ...state, files: { planned, manifest } }, diagnostics };
}
