import { ENVIRONMENTS, type Environment, KIND_INFO, type ProjectType } from "../core/index.js";
import { buildImageEntry, checkRecipeEntryFields } from "./image-entry.js";
import { buildInfra, infraFromTechStack } from "./infra.js";
import { joinPath } from "./json.js";
import { dedupe, defined, type RawApp, type RawInfra, type RawMap, stringifyVariables } from "./raw.js";
import { projectSlug } from "./slug.js";
import {
  APP_KIND_WORDS,
  appKindOfWord,
  defaultAppPort,
  KNOWN_FRAMEWORKS,
  KNOWN_TECHS,
  resolveFramework,
  runtimeInText,
  runtimeOf,
} from "./techs.js";
import type {
  AppKind,
  AppServiceSpec,
  ArchitectureMap,
  EnvironmentOverrides,
  ImageServiceSpec,
  InfraServiceSpec,
  Runtime,
  ServiceOverride,
} from "./types.js";
import { report, type WalkContext } from "./walk.js";

export type { Loose } from "./raw.js";

const FRAMEWORK_HINT = `Known frameworks: ${KNOWN_FRAMEWORKS.join(", ")}; the app is still generated, built from your own Dockerfile, without a starter template.`;

interface AppDraft {
  name: string;
  kind: AppKind;
  source: string;
  /** Where a framework was read from, and the text, to report an unknown one. */
  frameworkText?: { text: string; path: string };
  framework?: ProjectType;
  /** The framework text when it names none slipway knows. */
  customFramework?: string;
  runtime?: Runtime;
  context?: string;
  entry?: RawApp;
}

function kindFromName(name: string): AppKind | undefined {
  for (const part of name.toLowerCase().split(/[-_.]+/)) {
    const kind = appKindOfWord(part);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

function techStackFor(
  kind: AppKind,
  techStack: Record<string, string>,
): { text: string; path: string } | undefined {
  for (const [key, value] of Object.entries(techStack))
    if (APP_KIND_WORDS[kind].includes(key.toLowerCase()))
      return { text: value, path: joinPath("tech_stack", key) };
  if (kind !== "worker" && techStack.framework !== undefined) {
    const f = resolveFramework(techStack.framework);
    const fits = f === undefined || (kind === "frontend") === (f === "react" || f === "nextjs");
    if (fits) return { text: techStack.framework, path: "tech_stack.framework" };
  }
  return undefined;
}

function structureDir(key: string): string {
  const trimmed = key.replace(/[\\/]+$/, "");
  if (trimmed.startsWith("./") || trimmed.startsWith("/") || trimmed.startsWith("../")) return trimmed;
  return `./${trimmed}`;
}

function structureBase(key: string): string {
  const parts = key.replace(/[\\/]+$/, "").split(/[\\/]/);
  return (parts[parts.length - 1] ?? "").toLowerCase();
}

function draftsFromStack(techStack: Record<string, string>, structure: Record<string, string>): AppDraft[] {
  const drafts: AppDraft[] = [];
  const count: Record<AppKind, number> = { backend: 0, frontend: 0, worker: 0 };
  const add = (kind: AppKind, source: string): AppDraft => {
    count[kind]++;
    const draft: AppDraft = { name: count[kind] === 1 ? kind : `${kind}-${count[kind]}`, kind, source };
    drafts.push(draft);
    return draft;
  };
  const hasKindKey = Object.keys(techStack).some((k) => appKindOfWord(k) !== undefined);
  for (const [key, value] of Object.entries(techStack)) {
    const path = joinPath("tech_stack", key);
    let kind = appKindOfWord(key);
    if (kind === undefined && key.toLowerCase() === "framework" && !hasKindKey) {
      const f = resolveFramework(value);
      kind = f === "react" || f === "nextjs" ? "frontend" : "backend";
    }
    if (kind === undefined) continue;
    add(kind, path).frameworkText = { text: value, path };
  }
  for (const [key, description] of Object.entries(structure)) {
    const kind = appKindOfWord(structureBase(key));
    if (kind === undefined) continue;
    const path = joinPath("code_organization.structure", key);
    const waiting = drafts.find((d) => d.kind === kind && d.context === undefined);
    const draft = waiting ?? add(kind, path);
    draft.context = structureDir(key);
    if (draft.frameworkText === undefined && resolveFramework(description) !== undefined)
      draft.frameworkText = { text: description, path };
  }
  // Backends first, then frontends, then workers, as Compose files list them; stable within a kind.
  const rank: Record<AppKind, number> = { backend: 0, frontend: 1, worker: 2 };
  return drafts.sort((a, b) => rank[a.kind] - rank[b.kind]);
}

function draftsFromApps(apps: (RawApp | undefined)[], techStack: Record<string, string>): AppDraft[] {
  const drafts: AppDraft[] = [];
  apps.forEach((entry, i) => {
    if (entry?.name === undefined) return;
    const source = `apps[${i}]`;
    const declared = entry.framework !== undefined ? resolveFramework(entry.framework) : undefined;
    const kind =
      entry.kind ??
      kindFromName(entry.name) ??
      (declared === "react" || declared === "nextjs" ? "frontend" : "backend");
    const draft: AppDraft = { name: entry.name, kind, source, entry };
    if (entry.framework !== undefined)
      draft.frameworkText = { text: entry.framework, path: `${source}.framework` };
    else {
      const fromStack = techStackFor(kind, techStack);
      if (fromStack !== undefined && resolveFramework(fromStack.text) !== undefined)
        draft.frameworkText = fromStack;
    }
    if (entry.context !== undefined) draft.context = entry.context;
    drafts.push(draft);
  });
  return drafts;
}

function resolveDraftFrameworks(drafts: AppDraft[], ctx: WalkContext): void {
  const reported = new Set<string>();
  for (const d of drafts) {
    if (d.frameworkText === undefined) continue;
    const f = resolveFramework(d.frameworkText.text);
    if (f !== undefined) {
      d.framework = f;
      d.runtime = runtimeOf(f);
    } else {
      d.customFramework = d.frameworkText.text;
      const runtime = runtimeInText(d.frameworkText.text);
      if (runtime !== undefined) d.runtime = runtime;
      if (!reported.has(d.frameworkText.path)) {
        reported.add(d.frameworkText.path);
        report(
          ctx,
          "map/unknown-framework",
          "warning",
          `Framework "${d.frameworkText.text}" is not one slipway has templates for`,
          d.frameworkText.path,
          FRAMEWORK_HINT,
        );
      }
    }
    if (d.entry?.runtime !== undefined) d.runtime = d.entry.runtime;
  }
  for (const d of drafts)
    if (d.runtime === undefined && d.entry?.runtime !== undefined) d.runtime = d.entry.runtime;
}

function assignContexts(drafts: AppDraft[], structure: Record<string, string>): void {
  const claimed = new Set(drafts.map((d) => d.context).filter((c) => c !== undefined));
  const keys = Object.keys(structure);
  for (const d of drafts) {
    if (d.context !== undefined) continue;
    const byName = keys.find(
      (k) => structureBase(k) === d.name.toLowerCase() && !claimed.has(structureDir(k)),
    );
    const byKind = keys.find(
      (k) => appKindOfWord(structureBase(k)) === d.kind && !claimed.has(structureDir(k)),
    );
    const key = byName ?? (d.kind === "worker" ? undefined : byKind);
    if (key !== undefined) {
      d.context = structureDir(key);
      claimed.add(d.context);
    }
  }
  const backend = drafts.find((d) => d.kind === "backend");
  const built = drafts.filter((d) => d.kind !== "worker");
  for (const d of drafts) {
    if (d.kind === "worker" && backend !== undefined) {
      if (d.framework === undefined && d.frameworkText === undefined && backend.framework !== undefined) {
        d.framework = backend.framework;
        d.runtime = backend.runtime ?? runtimeOf(backend.framework);
      }
      if (d.framework === undefined && d.frameworkText === undefined && backend.customFramework !== undefined)
        d.customFramework = backend.customFramework;
      if (d.runtime === undefined && backend.runtime !== undefined) d.runtime = backend.runtime;
      if (d.context === undefined && backend.context !== undefined) d.context = backend.context;
    }
    if (d.context === undefined) d.context = built.length <= 1 ? "." : `./${d.name}`;
  }
}

function defaultDependsOn(kind: AppKind, infrastructure: InfraServiceSpec[], apps: AppDraft[]): string[] {
  if (kind === "frontend") return apps.filter((a) => a.kind === "backend").map((a) => a.name);
  if (kind === "worker")
    return infrastructure
      .filter((s) => ["database", "queue", "cache"].includes(KIND_INFO[s.kind].category))
      .map((s) => s.name);
  // A backend needs its data and message services. Log collection and dashboards need it, not the
  // other way; a reverse proxy stands in front of the apps: they never wait for either.
  return infrastructure
    .filter((s) => KIND_INFO[s.kind].category !== "monitoring" && KIND_INFO[s.kind].category !== "proxy")
    .map((s) => s.name);
}

function buildApps(drafts: AppDraft[], infrastructure: InfraServiceSpec[]): AppServiceSpec[] {
  return drafts.map((d) => {
    const e = d.entry;
    const app: AppServiceSpec = {
      name: d.name,
      kind: d.kind,
      dependsOn:
        e?.depends_on !== undefined
          ? defined(e.depends_on)
          : defaultDependsOn(d.kind, infrastructure, drafts),
      environment: stringifyVariables(e?.environment),
      apiKeys: dedupe(defined(e?.api_keys)),
      source: d.source,
    };
    if (d.framework !== undefined) app.framework = d.framework;
    else if (d.customFramework !== undefined) app.customFramework = d.customFramework;
    if (d.runtime !== undefined) app.runtime = d.runtime;
    if (d.context !== undefined) app.context = d.context;
    const port = e?.port ?? defaultAppPort(d.kind, d.framework);
    if (port !== undefined) app.port = port;
    if (e?.host_port !== undefined) app.hostPort = e.host_port;
    if (e?.command !== undefined) app.command = e.command;
    if (e?.replicas !== undefined) app.replicas = e.replicas;
    return app;
  });
}

/** An entry without `tech`: an image entry when it names an image, else a missing `tech` (reported). */
function imageEntry(entry: RawInfra, source: string, ctx: WalkContext): ImageServiceSpec | undefined {
  if (entry.image !== undefined) return buildImageEntry({ ...entry, image: entry.image }, source, ctx);
  // An image the walk refused is already reported; a missing one is not.
  if (!ctx.diagnostics.some((d) => d.path === `${source}.image`))
    report(
      ctx,
      "map/required",
      "error",
      'Missing required field "tech" (or "image" and "name" for any other image)',
      `${source}.tech`,
      `Name a technology (${KNOWN_TECHS.slice(0, 3).join(", ")}, …) or give an image and a name.`,
    );
  return undefined;
}

function checkNames(
  infrastructure: { name: string; source: string }[],
  apps: AppServiceSpec[],
  raw: RawMap,
  ctx: WalkContext,
) {
  const seen = new Map<string, string>();
  const rawNamed = (source: string): boolean => {
    const m = /^(infrastructure|apps)\[(\d+)\]$/.exec(source);
    if (m === null) return false;
    const list = m[1] === "apps" ? raw.apps : raw.infrastructure;
    return list?.[Number(m[2])]?.name !== undefined;
  };
  for (const s of [...infrastructure, ...apps]) {
    const key = s.name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, s.source);
      continue;
    }
    report(
      ctx,
      "map/duplicate-service",
      "error",
      `Service name "${s.name}" is already used by ${first}`,
      rawNamed(s.source) ? `${s.source}.name` : s.source,
      "Give each service a distinct `name`.",
    );
  }
}

function checkDependsOn(
  apps: { name: string; source: string; dependsOn: string[] }[],
  names: Set<string>,
  ctx: WalkContext,
): void {
  const known = [...names].join(", ");
  for (const app of apps) {
    if (!app.source.startsWith("apps[") && !app.source.startsWith("infrastructure[")) continue;
    app.dependsOn.forEach((dep, j) => {
      if (!names.has(dep))
        report(
          ctx,
          "depends/missing",
          "error",
          `Service "${app.name}" depends on "${dep}", which the map does not define`,
          `${app.source}.depends_on[${j}]`,
          known === "" ? "The map defines no services." : `Services in the map: ${known}.`,
        );
    });
  }
}

function buildEnvironments(
  raw: RawMap["environments"],
  names: Set<string>,
  ctx: WalkContext,
): Partial<Record<Environment, EnvironmentOverrides>> {
  const out: Partial<Record<Environment, EnvironmentOverrides>> = {};
  for (const env of ENVIRONMENTS) {
    const e = raw?.[env];
    if (e === undefined) continue;
    const overrides: EnvironmentOverrides = {};
    if (e.variables !== undefined) overrides.variables = stringifyVariables(e.variables);
    if (e.services !== undefined) {
      const services: Record<string, ServiceOverride> = {};
      for (const [name, o] of Object.entries(e.services)) {
        if (o === undefined) continue;
        const path = joinPath(`environments.${env}.services`, name);
        if (!names.has(name))
          report(
            ctx,
            "map/unknown-service",
            "error",
            `Environment "${env}" overrides service "${name}", which the map does not define`,
            path,
            `Services in the map: ${[...names].join(", ") || "none"}.`,
          );
        const override: ServiceOverride = {};
        if (o.replicas !== undefined) override.replicas = o.replicas;
        if (o.image !== undefined) override.image = o.image;
        Object.defineProperty(services, name, {
          value: override,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      overrides.services = services;
    }
    out[env] = overrides;
  }
  return out;
}

/** The project type of a map: the first backend's framework, else the first app framework. */
function projectTypeOf(apps: readonly AppServiceSpec[]): ProjectType | undefined {
  return (
    apps.find((a) => a.kind === "backend" && a.framework !== undefined) ?? apps.find((a) => a.framework)
  )?.framework;
}

/**
 * Builds the normalised map from a leniently read input. `present` says which top-level keys the
 * input had, so that a missing `apps` or `infrastructure` is derived and an invalid one is not.
 *
 * @example
 * ```ts
 * const ctx = { diagnostics: [] };
 * buildArchitectureMap({ project: { name: "Shop" }, infrastructure: [{ tech: "redis" }] }, new Set(["project", "infrastructure"]), ctx);
 * ```
 */
export function buildArchitectureMap(raw: RawMap, present: Set<string>, ctx: WalkContext): ArchitectureMap {
  let name = "";
  if (raw.project?.name !== undefined) {
    name = raw.project.name.trim();
    if (name === "")
      report(
        ctx,
        "map/empty-name",
        "error",
        "Project name is empty",
        "project.name",
        "Give the project a name.",
      );
  }
  const techStack: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.tech_stack ?? {}))
    if (v !== undefined)
      Object.defineProperty(techStack, k, { value: v, enumerable: true, writable: true, configurable: true });
  const structure: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.code_organization?.structure ?? {}))
    if (v !== undefined)
      Object.defineProperty(structure, k, { value: v, enumerable: true, writable: true, configurable: true });

  const infrastructure: InfraServiceSpec[] = [];
  const images: ImageServiceSpec[] = [];
  if (present.has("infrastructure")) {
    (raw.infrastructure ?? []).forEach((entry, i) => {
      if (entry === undefined) return;
      const source = `infrastructure[${i}]`;
      if (entry.tech === undefined) {
        const image = imageEntry(entry, source, ctx);
        if (image !== undefined) images.push(image);
        return;
      }
      checkRecipeEntryFields(entry, source, ctx);
      const spec = buildInfra(entry, source, ctx);
      if (spec !== undefined) infrastructure.push(spec);
    });
  } else infrastructure.push(...infraFromTechStack(techStack, ctx));

  const drafts = present.has("apps")
    ? draftsFromApps(raw.apps ?? [], techStack)
    : draftsFromStack(techStack, structure);
  resolveDraftFrameworks(drafts, ctx);
  assignContexts(drafts, structure);
  const apps = buildApps(drafts, infrastructure);

  checkNames([...infrastructure, ...images], apps, raw, ctx);
  const names = new Set([...infrastructure, ...images, ...apps].map((s) => s.name));
  checkDependsOn([...images, ...apps], names, ctx);

  const map: ArchitectureMap = {
    project: { name, slug: raw.project?.slug ?? projectSlug(name) },
    infrastructure,
    ...(images.length > 0 ? { images } : {}),
    apps,
    techStack,
    apiKeys: dedupe([...defined(raw.api_keys), ...apps.flatMap((a) => a.apiKeys)]),
    variables: stringifyVariables(raw.variables),
    environments: buildEnvironments(raw.environments, names, ctx),
  };
  if (raw.project?.path !== undefined) map.project.path = raw.project.path;
  if (raw.project?.description !== undefined) map.project.description = raw.project.description;
  if (present.has("code_organization") && raw.code_organization !== undefined)
    map.codeOrganization = { structure };
  const projectType = projectTypeOf(apps);
  if (projectType !== undefined) map.projectType = projectType;
  const network = raw.network ?? infrastructure.find((s) => s.network !== undefined)?.network;
  if (network !== undefined) map.network = network;
  return map;
}

/**
 * The minimal configuration used when no map is given: one PostgreSQL database, no apps.
 *
 * @example
 * ```ts
 * minimalArchitecture("app").infrastructure[0]?.kind; // "postgres"
 * ```
 */
export function minimalArchitecture(name: string): ArchitectureMap {
  return {
    project: { name, slug: projectSlug(name) },
    infrastructure: [
      {
        name: "postgres",
        kind: "postgres",
        tech: "postgresql",
        extensions: [],
        environment: {},
        source: "(default)",
      },
    ],
    apps: [],
    techStack: {},
    apiKeys: [],
    variables: {},
    environments: {},
  };
}
