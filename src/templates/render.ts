import { Eta } from "eta";
import type { Diagnostic, Result } from "../core/index.js";
import { diagnostic, fail, resultOf } from "../core/index.js";
import { joinRelative } from "./paths.js";
import { prepareTemplateData } from "./prepare.js";
import { type ServiceConfigData, serviceConfigJobs } from "./service-configs.js";
import { BUNDLED_SOURCES } from "./sources.js";
import type {
  PreparedApp,
  RenderTemplatesOptions,
  TemplateData,
  TemplateFile,
  TemplateFileKind,
  TemplateInput,
} from "./types.js";

/** The names of the bundled templates (their paths under `templates/`), sorted. */
export const TEMPLATE_NAMES: readonly string[] = Object.freeze(Object.keys(BUNDLED_SOURCES).sort());

/** The bundled Eta source of each template, by name: a starting point for an override. */
export const TEMPLATE_SOURCES: Readonly<Record<string, string>> = BUNDLED_SOURCES;

interface Job {
  template: string;
  path: string;
  kind: TemplateFileKind;
  data: TemplateData | (TemplateData & { app: PreparedApp }) | ServiceConfigData;
}

/** One Dockerfile per build context: the first app that is not a worker decides, else the first app. */
function dockerApps(apps: PreparedApp[], diagnostics: Diagnostic[]): PreparedApp[] {
  const byContext = new Map<string, PreparedApp[]>();
  for (const app of apps) byContext.set(app.context, [...(byContext.get(app.context) ?? []), app]);
  const chosen: PreparedApp[] = [];
  for (const [context, group] of byContext) {
    const owner = group.find((a) => a.kind !== "worker") ?? group[0]!;
    chosen.push(owner);
    for (const other of group) {
      if (other !== owner && other.runtime !== owner.runtime) {
        diagnostics.push(
          diagnostic(
            "template/shared-context",
            "warning",
            `App "${other.name}" (${other.runtime}) shares the build context "${context}" with "${owner.name}" (${owner.runtime})`,
            {
              path: `apps[${apps.indexOf(other)}].context`,
              hint: `One ${joinRelative(context, "Dockerfile")} is written, for "${owner.name}"; give "${other.name}" its own context.`,
            },
          ),
        );
      }
    }
  }
  return chosen;
}

function jobsFor(data: TemplateData, diagnostics: Diagnostic[]): Job[] {
  const jobs: Job[] = [];
  for (const app of dockerApps(data.apps, diagnostics)) {
    const appData = { ...data, app };
    // An app on a framework without a template builds from its own Dockerfile; its context still
    // gets a .dockerignore, which keeps env files and credentials out of the image.
    if (app.customFramework !== undefined) {
      jobs.push({
        template: "docker/dockerignore.eta",
        path: joinRelative(app.context, ".dockerignore"),
        kind: "dockerignore",
        data: appData,
      });
      continue;
    }
    jobs.push({
      template: app.template,
      path: joinRelative(app.context, "Dockerfile"),
      kind: "dockerfile",
      data: appData,
    });
    jobs.push({
      template: "docker/dockerignore.eta",
      path: joinRelative(app.context, ".dockerignore"),
      kind: "dockerignore",
      data: appData,
    });
    if (app.runtime === "python") {
      jobs.push({
        template: "python/requirements.txt.eta",
        path: joinRelative(app.context, "requirements.txt"),
        kind: "requirements",
        data: appData,
      });
    }
  }
  jobs.push({ template: "project/README.md.eta", path: "README.md", kind: "readme", data });
  jobs.push({ template: "project/gitignore.eta", path: ".gitignore", kind: "gitignore", data });
  jobs.push({ template: "project/Makefile.eta", path: "Makefile", kind: "makefile", data });
  jobs.push(...serviceConfigJobs(data, diagnostics));
  if (data.proxy?.kind === "caddy")
    jobs.push({ template: "proxy/Caddyfile.eta", path: data.proxy.caddyfile, kind: "config", data });
  return jobs;
}

/**
 * Renders the starter files of a project with the bundled Eta templates (or overrides): one
 * Dockerfile and `.dockerignore` per app build context, `requirements.txt` for Python apps,
 * `README.md` with the "Local environment" section, `.gitignore` and a `Makefile` of lifecycle
 * commands. Pure: no file is read or written. Output is sorted by path and byte-identical for
 * equal input. Unsafe paths and names are reported as diagnostics (`template/unsafe-path`,
 * `template/invalid-name`, …), never rendered.
 *
 * @example
 * ```ts
 * const result = renderTemplates({
 *   project: { name: "Shop", slug: "shop" },
 *   projectType: "fastapi",
 *   composeFile: "docker-compose.yml",
 *   composeProject: "shop",
 *   envFiles: [".env.development", ".env.example"],
 *   services: [{ name: "postgres", kind: "postgres", hostPort: 5434, containerPort: 5432 }],
 *   apps: [{ name: "api", kind: "backend", port: 8000, hostPort: 8000 }],
 *   apiKeys: [],
 * });
 * if (result.ok) result.value.map((f) => f.path);
 * // [".dockerignore", ".gitignore", "Dockerfile", "Makefile", "README.md", "requirements.txt"]
 * ```
 */
export function renderTemplates(
  input: TemplateInput,
  options: RenderTemplatesOptions = {},
): Result<TemplateFile[]> {
  const { data, diagnostics } = prepareTemplateData(input);
  const sources: Record<string, string> = { ...BUNDLED_SOURCES };
  for (const [name, source] of Object.entries(options.sources ?? {})) {
    if (!Object.hasOwn(BUNDLED_SOURCES, name)) {
      diagnostics.push(
        diagnostic("template/unknown-source", "warning", `Template override "${name}" matches no template`, {
          path: `sources.${name}`,
          hint: `Known templates: ${TEMPLATE_NAMES.join(", ")}.`,
        }),
      );
      continue;
    }
    if (typeof source !== "string") {
      diagnostics.push(
        diagnostic("template/render-failed", "error", `Template override "${name}" is not a string`, {
          path: `sources.${name}`,
        }),
      );
      continue;
    }
    sources[name] = source;
  }
  if (data === undefined) return fail(diagnostics);

  // A fresh engine per call: no state is shared between renders. Names start with "@" so Eta
  // resolves them from what is loaded here and never looks for a file.
  const eta = new Eta({ autoEscape: false, autoTrim: false, cache: true, useWith: false });
  const files: TemplateFile[] = [];
  const jobs = jobsFor(data, diagnostics);
  const loaded = new Set<string>();
  for (const job of jobs) {
    try {
      if (!loaded.has(job.template)) {
        eta.loadTemplate(`@${job.template}`, sources[job.template] ?? "");
        loaded.add(job.template);
      }
      files.push({ path: job.path, content: eta.render(`@${job.template}`, job.data), kind: job.kind });
    } catch (error) {
      diagnostics.push(
        diagnostic(
          "template/render-failed",
          "error",
          `Template "${job.template}" failed to render ${job.path}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
          { file: job.template, path: job.path, hint: "Fix the template source given in `sources`." },
        ),
      );
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return resultOf(files, diagnostics);
}
