import { createTwoFilesPatch } from "diff";
import {
  allocatePorts,
  type PortOverride,
  type PortRequest,
  portOverridesFromEnv,
} from "../allocator/index.js";
import {
  type AppServiceSpec,
  type ArchitectureMap,
  detectProjectType,
  extractMetadata,
  type InfraServiceSpec,
  parseArchitecture,
  parseRequirements,
} from "../architecture/index.js";
import { parseJsonWithPositions } from "../architecture/json.js";
import {
  buildCompose,
  type ComposeFile,
  composeProjectName,
  parseCompose,
  renderCompose,
  type ServiceSpec,
  variablesUsed,
} from "../compose/index.js";
import {
  type Diagnostic,
  diagnostic,
  ENVIRONMENTS,
  type Environment,
  hasErrors,
  KIND_INFO,
  portVariable,
  type ServiceKind,
  serviceVariables,
} from "../core/index.js";
import {
  COMPOSE_PROJECT_VARIABLE,
  type EnvDocument,
  envValues,
  mergeEnv,
  parseEnv,
  planEnvFiles,
  renderEnv,
  setEnvValue,
} from "../env/index.js";
import { startupTiers, validateCompose } from "../graph/index.js";
import { platformInput, renderPlatforms } from "../platforms/index.js";
import { indexRegistry } from "../registry/index.js";
import { scanFiles } from "../secrets/index.js";
import { envFileIgnored, renderTemplates } from "../templates/index.js";
import { sha256 } from "./hash.js";
import { MANIFEST_PATH, type Manifest, parseManifest, renderManifest } from "./manifest.js";
import { mergeComposeText } from "./merge-compose.js";
import { buildMetadata, metadataFileName } from "./metadata.js";
import type {
  FileAction,
  Plan,
  PlanDeps,
  PlanEvent,
  PlanInput,
  PlannedFile,
  PlannedFileKind,
  PlanPhase,
} from "./types.js";

const ENV_FILES = [".env.development", ".env.staging", ".env.production", ".env.example"] as const;

/** Project files read for project-type detection. */
const DETECTION_FILES = ["package.json", "requirements.txt", "pyproject.toml", "composer.json"];

type Emit = (phase: PlanPhase, message: string) => void;

interface ServiceRow {
  name: string;
  kind: ServiceKind;
  primary: boolean;
  infra?: InfraServiceSpec;
  app?: AppServiceSpec;
  containerPort: number;
}

/** The line and column of a service read from requirements text (`requirements:1:24`), else undefined. */
function textPosition(source: string | undefined): { line: number; column: number } | undefined {
  const m = source === undefined ? null : /^requirements:(\d+):(\d+)$/.exec(source);
  return m === null ? undefined : { line: Number(m[1]), column: Number(m[2]) };
}

/** Where each value of a map written as JSON text starts, by JSON path (empty when it is not JSON). */
function mapPositions(text: string): ReadonlyMap<string, { line: number; column: number }> {
  const parsed = parseJsonWithPositions(text);
  return parsed.ok ? parsed.positions : new Map();
}

/** The graph rules' type of a service kind: its category, and `api` for backends. */
function serviceType(kind: ServiceKind): string {
  const category = KIND_INFO[kind].category;
  if (category !== "application") return category;
  return kind === "backend" ? "api" : kind;
}

function familyOf(kind: ServiceKind): string {
  if (
    kind === "postgis" ||
    kind === "pgvector" ||
    kind === "postgres" ||
    kind === "mysql" ||
    kind === "mariadb"
  ) {
    return "sql";
  }
  return kind;
}

/**
 * The data volume of an infrastructure entry as the plan writes it. A project-relative path
 * (`./postgres-data-chi`) becomes a named volume, as the seed does; a nested one (`./data/pg`) joins
 * its folders with `-` (`data-pg`), since a named volume cannot hold `/`. Other paths (`/srv/pg`,
 * `../pg`, `~/pg`) stay bind mounts, and names stay as written.
 */
function dataVolume(volume: string): string {
  const relative = /^\.[\\/]+(.*)$/.exec(volume);
  if (relative === null) return volume;
  const folders = (relative[1] ?? "").split(/[\\/]+/).filter((f) => f !== "" && f !== ".");
  if (folders.length === 0 || folders.includes("..")) return volume;
  const name = folders
    .join("-")
    .replace(/[^a-zA-Z0-9._-]+/g, "-")
    .replace(/^[-._]+|-+$/g, "");
  return name === "" ? volume : name;
}

/** The connection URL an application container uses to reach a service on the project network. */
function internalUrl(row: ServiceRow): string | undefined {
  const v = serviceVariables(row.kind, row.name, { primary: row.primary });
  const host = `${row.name}:${row.containerPort}`;
  switch (row.kind) {
    case "postgres":
    case "postgis":
    case "pgvector":
      return `postgresql://\${${v.user}}:\${${v.password}}@${host}/\${${v.database}}`;
    case "mysql":
    case "mariadb":
      return `mysql://\${${v.user}}:\${${v.password}}@${host}/\${${v.database}}`;
    case "mongodb":
      return `mongodb://\${${v.user}}:\${${v.password}}@${host}/\${${v.database}}?authSource=admin`;
    case "redis":
      return `redis://:\${${v.password}}@${host}`;
    case "rabbitmq":
      return `amqp://\${${v.user}}:\${${v.password}}@${host}`;
    case "meilisearch":
    case "minio":
      return `http://${host}`;
    default:
      return undefined;
  }
}

/** The container port of an app, when it listens on one (workers do not). */
function appPort(app: AppServiceSpec): { port?: number } {
  const port = app.port ?? KIND_INFO[app.kind].containerPort;
  return port > 0 ? { port } : {};
}

function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, "", "", { context: 3 });
}

/** The files of the output folder that planning looked at, read once each. */
interface Existing {
  load(paths: readonly string[]): Promise<void>;
  read(path: string): string | undefined;
}

function existingFiles(deps: PlanDeps): Existing {
  const contents = new Map<string, string | undefined>();
  return {
    async load(paths) {
      const missing = paths.filter((p) => !contents.has(p));
      const texts = await Promise.all(missing.map((p) => (deps.fs ? deps.fs.read(p) : undefined)));
      missing.forEach((p, i) => {
        contents.set(p, texts[i]);
      });
    },
    read(path) {
      if (!contents.has(path)) throw new Error(`planning read ${path} before loading it`);
      return contents.get(path);
    },
  };
}

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
 * The manifest's fingerprint of an env value: its sha256 with every credential and every URL
 * password blanked out first, so the manifest holds no trace of a password (not even a hash of a URL
 * that contains one) and a URL slipway wrote is still recognised after its password changed.
 */
function valueDigest(value: string, credentials: readonly string[]): string {
  let masked = value;
  for (const credential of credentials) masked = masked.split(credential).join("\u0000");
  // The password of a connection URL, whatever it is now or was when slipway wrote the URL.
  masked = masked.replace(URL_PASSWORD, "$1\u0000$3");
  return sha256(masked);
}

const URL_PASSWORD = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/@:\s]*:)(.*)(@[^@]*)$/;

/** True when the value of `key` in an existing env file is one slipway wrote, not the user. */
function isOwnValue(
  manifest: Manifest,
  file: string,
  key: string,
  value: string,
  credentials: readonly string[] = [],
): boolean {
  const recorded = manifest.files[file]?.values?.[key];
  return recorded !== undefined && recorded === valueDigest(value, credentials);
}

function fileAction(options: {
  path: string;
  content: string;
  onDisk: string | undefined;
  manifest: Manifest;
  starter: boolean;
}): FileAction {
  const { path, content, onDisk, manifest } = options;
  if (onDisk === undefined) return "create";
  if (onDisk === content) return "unchanged";
  const recorded = manifest.files[path]?.sha256;
  if (recorded !== undefined && recorded === sha256(onDisk)) return "update";
  return options.starter ? "keep" : "conflict";
}

/** Merges line-based ignore files: the user's lines first, then the generated lines they lack. */
function mergeIgnoreFile(onDisk: string, generated: string): string {
  const have = new Set(onDisk.split(/\r?\n/).map((l) => l.trim()));
  const missing = generated
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.startsWith("#") && !have.has(l.trim()));
  if (missing.length === 0) return onDisk;
  const base = onDisk.endsWith("\n") || onDisk === "" ? onDisk : `${onDisk}\n`;
  return `${base}\n# Added by slipway\n${missing.join("\n")}\n`;
}

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

async function runPlan(input: PlanInput, deps: PlanDeps, emit: Emit): Promise<Plan> {
  const environment = input.environment ?? "development";
  const composePath = input.composeFile ?? "docker-compose.yml";
  const diagnostics: Diagnostic[] = [];

  // --- input ---------------------------------------------------------------------------------
  emit("input", "Reading the architecture description");
  const existing = existingFiles(deps);
  const infraEnvPath = input.infraEnv ? (input.infraEnv.path ?? ".env.local.infra") : undefined;
  const envFileNames: string[] = [...ENV_FILES, ...(infraEnvPath !== undefined ? [infraEnvPath] : [])];
  await existing.load([...envFileNames, composePath, MANIFEST_PATH, ...DETECTION_FILES]);
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
  if (map === undefined || hasErrors(diagnostics)) {
    return failedPlan(input, deps, environment, composePath, diagnostics, map);
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
  const slug = map.project.slug;
  const composeProject = composeProjectName(slug, input.projectPath);

  // Service rows: infrastructure first, then apps; the first of each family is "primary".
  const seenFamilies = new Set<string>();
  const rows: ServiceRow[] = [];
  for (const infra of map.infrastructure) {
    const family = familyOf(infra.kind);
    rows.push({
      name: infra.name,
      kind: infra.kind,
      primary: !seenFamilies.has(family),
      infra,
      containerPort: KIND_INFO[infra.kind].containerPort,
    });
    seenFamilies.add(family);
  }
  for (const app of map.apps) {
    rows.push({
      name: app.name,
      kind: app.kind,
      primary: false,
      app,
      containerPort: app.port ?? KIND_INFO[app.kind].containerPort,
    });
  }

  // --- ports ---------------------------------------------------------------------------------
  emit("ports", `Assigning host ports for ${rows.length} services`);
  const overrides: Record<string, PortOverride> = {};
  for (const row of rows) {
    const mapPort = row.infra?.port ?? row.app?.hostPort;
    if (mapPort !== undefined) {
      const source = row.infra?.source ?? row.app?.source ?? "";
      const inText = textPosition(source);
      overrides[row.name] =
        inText !== undefined
          ? { port: mapPort, file: "the requirements text", line: inText.line, field: `port ${mapPort}` }
          : {
              port: mapPort,
              file: input.source ?? "the architecture map",
              field: row.infra !== undefined ? `${source}.port` : `${source}.host_port`,
            };
    }
  }
  if (existingDevText !== undefined) {
    // A port in .env.development is the user's choice unless slipway wrote that very value.
    const fromEnv = portOverridesFromEnv(
      existingDevText,
      rows.map((r) => r.name),
      { file: ".env.development" },
    );
    diagnostics.push(...fromEnv.diagnostics);
    if (!fromEnv.ok) return failedPlan(input, deps, environment, composePath, diagnostics, map);
    for (const [service, override] of Object.entries(fromEnv.value)) {
      const variable = override.variable ?? portVariable(service);
      if (isOwnValue(previous, ".env.development", variable, String(override.port))) continue;
      overrides[service] = override;
    }
  }
  // A registry confines the ports to the application's range and reserves what it gives others.
  let range: { start: number; end: number } | undefined;
  const reserved: number[] = [];
  if (input.registry) {
    const index = indexRegistry(input.registry.registry);
    range = index.ranges.get(input.registry.application.toLowerCase());
    if (range === undefined) {
      diagnostics.push(
        diagnostic(
          "plan/registry-app-unknown",
          "error",
          `The registry has no port range for ${input.registry.application}`,
          {
            hint: `Use one of: ${[...index.ranges.keys()].join(", ")}.`,
          },
        ),
      );
      return failedPlan(input, deps, environment, composePath, diagnostics, map);
    }
    for (const [port, allocation] of index.allocations) {
      if (!rows.some((r) => r.name === allocation.service)) reserved.push(port);
    }
  }
  const requests: PortRequest[] = rows
    .filter((r) => r.kind !== "worker")
    .map((r) => ({ service: r.name, kind: r.kind, ...(range ? { min: range.start, max: range.end } : {}) }));
  const allocation = await allocatePorts(requests, {
    projectPath: input.projectPath,
    probe: deps.probe,
    random: deps.random,
    composeProject,
    overrides,
    reserved,
    ...(deps.ledger ? { ledger: deps.ledger } : {}),
    ...(deps.docker ? { docker: deps.docker } : {}),
  });
  // The allocator speaks of `requests[i]`; the user wrote the service in the map (or the port in
  // .env.development, which file and line already name).
  const requestRows = rows.filter((r) => r.kind !== "worker");
  let positions: ReadonlyMap<string, { line: number; column: number }> | undefined;
  for (const d of allocation.diagnostics) {
    const index = d.path === undefined ? undefined : /^requests\[(\d+)\]/.exec(d.path)?.[1];
    const row = index === undefined ? undefined : requestRows[Number(index)];
    if (row === undefined) {
      diagnostics.push(d);
      continue;
    }
    const source = row.infra?.source ?? row.app?.source;
    const field = overrides[row.name]?.field;
    const fromMap = field !== undefined && source !== undefined && field.startsWith(`${source}.`);
    const { path: _request, ...rest } = d;
    // A port from the map: its field; from .env.development or the text: the file and line say where.
    const inText = textPosition(source);
    if (fromMap && d.file === overrides[row.name]?.file) {
      if (typeof input.architecture === "string") positions ??= mapPositions(input.architecture);
      const at = positions?.get(field);
      diagnostics.push(at === undefined ? { ...rest, path: field } : { ...rest, path: field, ...at });
    } else if (inText !== undefined && d.file === overrides[row.name]?.file) {
      // As the text's own diagnostics: line and column, no file.
      const { file: _text, ...bare } = rest;
      diagnostics.push({ ...bare, ...inText });
    } else if (d.file !== undefined || source === undefined || inText !== undefined) diagnostics.push(rest);
    else diagnostics.push({ ...rest, path: source });
  }
  if (!allocation.ok) return failedPlan(input, deps, environment, composePath, diagnostics, map);
  const ports = allocation.value.ports;

  // The services with their host ports, as the env files and the starter files both describe them.
  const hostPortOf = (name: string) => (ports[name] !== undefined ? { hostPort: ports[name]! } : {});
  const infraServices = rows
    .filter((r) => r.infra !== undefined)
    .map((r) => ({
      name: r.name,
      kind: r.kind,
      containerPort: r.containerPort,
      primary: r.primary,
      ...hostPortOf(r.name),
    }));
  const appServices = map.apps.map((a) => ({
    name: a.name,
    kind: a.kind,
    ...(a.framework !== undefined ? { framework: a.framework } : {}),
    ...(a.runtime !== undefined ? { runtime: a.runtime } : {}),
    ...(a.customFramework !== undefined ? { customFramework: a.customFramework } : {}),
    ...(a.context !== undefined ? { context: a.context } : {}),
    ...appPort(a),
    ...hostPortOf(a.name),
  }));

  // --- env -------------------------------------------------------------------------------------
  emit("env", "Writing .env files for development, staging and production");
  const envFiles = planEnvFiles(
    {
      projectSlug: slug,
      databaseName: metadataInfo.databaseName,
      services: infraServices,
      apps: appServices,
      apiKeys: map.apiKeys,
      variables: map.variables,
      environments: map.environments,
      ...(existingDev ? { existingDevelopment: existingDev } : {}),
      ...(input.infraEnv ? { prefix: input.infraEnv.prefix } : {}),
      composeProject,
    },
    { random: deps.random },
  );
  diagnostics.push(...envFiles.diagnostics);
  // Longest first, so a credential that contains another is blanked whole.
  const credentials = envFiles.generatedSecrets
    .filter((secret) => secret !== "")
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  const generatedEnv: Record<string, EnvDocument> = {
    ".env.development": envFiles.development,
    ".env.staging": envFiles.staging,
    ".env.production": envFiles.production,
    ".env.example": envFiles.example,
  };
  if (infraEnvPath !== undefined && envFiles.prefixed) generatedEnv[infraEnvPath] = envFiles.prefixed;
  const envContents: Record<string, string> = {};
  const envActions: Record<string, FileAction> = {};
  const userKeptValues: string[] = [];
  for (const name of envFileNames) {
    const generated = generatedEnv[name]!;
    const onDisk = existing.read(name);
    if (onDisk === undefined) {
      envContents[name] = renderEnv(generated);
      envActions[name] = "create";
      continue;
    }
    let current = name === ".env.development" && existingDev ? existingDev : parseEnv(onDisk, { file: name });
    if (hasErrors(current.diagnostics)) {
      diagnostics.push(...current.diagnostics);
      envContents[name] = onDisk;
      envActions[name] = "conflict";
      continue;
    }
    // Values slipway wrote last time follow the new plan; values the user set are kept.
    const next = envValues(generated);
    for (const [key, value] of Object.entries(envValues(current))) {
      const nextValue = next[key];
      if (
        nextValue !== undefined &&
        nextValue !== value &&
        isOwnValue(previous, name, key, value, credentials)
      ) {
        current = setEnvValue(current, key, nextValue);
      }
    }
    const merged = mergeEnv(current, generated);
    diagnostics.push(...merged.diagnostics);
    for (const key of merged.stale) {
      diagnostics.push(
        diagnostic("plan/env-stale-key", "info", `${name} keeps ${key}, which slipway no longer generates`, {
          file: name,
          hint: "Delete the line if nothing uses it.",
        }),
      );
    }
    const text = renderEnv(merged.document);
    envContents[name] = text;
    envActions[name] = text === onDisk ? "unchanged" : "merge";
    if (name === ".env.development") {
      const values = envValues(merged.document);
      for (const key of merged.kept) {
        const value = values[key];
        if (value !== undefined && value !== next[key]) userKeptValues.push(value);
      }
    }
  }
  // Containers get the variables slipway generates; a key the user adds to .env.development stays theirs.
  const devValues = new Set(Object.keys(envValues(envFiles.development)));

  // --- compose -------------------------------------------------------------------------------
  emit("compose", `Building ${composePath}`);
  const backendLike = new Set(["backend", "worker"]);
  const infraRows = rows.filter((r) => r.infra !== undefined);
  const infraVariableNames = new Set<string>();
  for (const row of infraRows) {
    for (const name of Object.values(serviceVariables(row.kind, row.name, { primary: row.primary }))) {
      if (name !== undefined) infraVariableNames.add(name);
    }
  }
  const serviceSpecs: ServiceSpec[] = rows.map((row) => {
    const hostPort = ports[row.name];
    const base: ServiceSpec = {
      name: row.name,
      kind: row.kind,
      // Workers listen on nothing: no container port.
      ...(row.containerPort > 0 ? { containerPort: row.containerPort } : {}),
      primary: row.primary,
      ...(hostPort !== undefined ? { hostPort } : {}),
    };
    if (row.infra) {
      const infra = row.infra;
      const image = map.environments[environment]?.services?.[row.name]?.image ?? infra.image;
      const volume = infra.volume !== undefined ? dataVolume(infra.volume) : undefined;
      return {
        ...base,
        ...(image !== undefined ? { image } : {}),
        ...(infra.version !== undefined ? { version: infra.version } : {}),
        ...(volume !== undefined ? { volume } : {}),
        extensions: infra.extensions,
      };
    }
    const app = row.app!;
    const environmentVars: Record<string, string> = {};
    if (backendLike.has(app.kind)) {
      for (const target of infraRows) {
        const url = internalUrl(target);
        const name = serviceVariables(target.kind, target.name, { primary: target.primary }).url;
        if (url !== undefined && name !== undefined && app.dependsOn.includes(target.name))
          environmentVars[name] = url;
      }
      for (const key of devValues) {
        if (infraVariableNames.has(key) || /(^|_)PORT$/.test(key) || key in environmentVars) continue;
        if (key === COMPOSE_PROJECT_VARIABLE) continue;
        if (/^(REACT_APP_|NEXT_PUBLIC_|VITE_)/.test(key)) continue;
        environmentVars[key] = `\${${key}}`;
      }
      if (row.containerPort > 0) environmentVars.PORT = String(row.containerPort);
    } else {
      for (const key of devValues) {
        if (/^(REACT_APP_|NEXT_PUBLIC_|VITE_)|^NODE_ENV$/.test(key)) environmentVars[key] = `\${${key}}`;
      }
    }
    for (const [key, value] of Object.entries(app.environment)) environmentVars[key] = value;
    const sorted: Record<string, string> = {};
    for (const key of Object.keys(environmentVars).sort()) sorted[key] = environmentVars[key]!;
    const override = map.environments[environment]?.services?.[app.name];
    const replicas = override?.replicas ?? app.replicas;
    return {
      ...base,
      ...(override?.image !== undefined ? { image: override.image } : {}),
      ...(app.framework !== undefined ? { framework: app.framework } : {}),
      ...(app.runtime !== undefined ? { runtime: app.runtime } : {}),
      // Built from the user's own Dockerfile: neither its tools nor its endpoints are known.
      ...(app.customFramework !== undefined ? { healthcheck: false as const } : {}),
      ...(app.context !== undefined ? { context: app.context } : {}),
      ...(app.command !== undefined ? { command: app.command } : {}),
      ...(replicas !== undefined ? { replicas } : {}),
      dependsOn: app.dependsOn,
      environment: sorted,
    };
  });
  const composeResult = buildCompose({
    projectName: slug,
    projectPath: input.projectPath,
    environment,
    ...(map.network !== undefined ? { network: map.network } : {}),
    ...(input.bindAddress !== undefined ? { bindAddress: input.bindAddress } : {}),
    services: serviceSpecs,
  });
  diagnostics.push(...composeResult.diagnostics);
  if (!composeResult.ok) return failedPlan(input, deps, environment, composePath, diagnostics, map);
  // The project name travels in the env files as COMPOSE_PROJECT_NAME, which Compose v2 and
  // docker-compose 1.x both read through --env-file; 1.x rejects a file with a top-level `name`.
  const compose: ComposeFile = { ...composeResult.value };
  delete compose.name;
  const regenerateCommand = input.regenerateCommand ?? "npx slipway generate";
  const composeText = renderCompose(compose, {
    ...(input.composeTarget !== undefined ? { target: input.composeTarget } : {}),
    regenerateCommand,
  });
  for (const name of variablesUsed(compose)) {
    if (!devValues.has(name)) {
      diagnostics.push(
        diagnostic(
          "plan/undefined-variable",
          "error",
          `${composePath} uses \${${name}}, which .env.development does not define`,
          {
            file: composePath,
            hint: "Add the variable to the architecture map's variables, or remove it from your edits.",
          },
        ),
      );
    }
  }

  // --- templates -----------------------------------------------------------------------------
  const templateFiles: { path: string; content: string; kind: PlannedFileKind }[] = [];
  if (input.templates !== false) {
    emit("templates", `Rendering starter files${projectType ? ` for ${projectType}` : ""}`);
    const rendered = renderTemplates({
      project: { name: map.project.name, slug },
      ...(projectType !== undefined ? { projectType } : {}),
      composeFile: composePath,
      composeProject,
      envFiles: [...ENV_FILES],
      services: infraServices,
      apps: appServices,
      apiKeys: map.apiKeys,
      apiEndpoints: metadataInfo.apiEndpoints,
    });
    diagnostics.push(...rendered.diagnostics);
    if (rendered.ok)
      for (const f of rendered.value) templateFiles.push({ path: f.path, content: f.content, kind: f.kind });
  }

  // --- validation ----------------------------------------------------------------------------
  emit("validation", "Checking the dependency graph, networks, volumes and ports");
  // The rules see each service as what the map says it is, not what its name suggests: a worker
  // named `api-sync` is no API, and needs no healthcheck.
  const types: Record<string, string> = {};
  for (const row of rows) types[row.name] = serviceType(row.kind);
  const graphDiagnostics = await validateCompose(compose, {
    environment,
    types,
    ...(input.registry ? { registry: input.registry.registry, application: input.registry.application } : {}),
    ...(deps.docker ? { docker: deps.docker } : {}),
  });
  // Apps built from the user's own Dockerfile get no healthcheck on purpose: one warning says so,
  // instead of the rule's error.
  const unchecked = new Map(
    map.apps
      .filter((a) => a.customFramework !== undefined)
      .map((a): [string, (typeof map.apps)[number]] => [`services.${a.name}`, a]),
  );
  for (const d of graphDiagnostics) {
    if (d.code === "health/missing" && d.path !== undefined && unchecked.has(d.path)) continue;
    diagnostics.push(d.file === undefined ? { ...d, file: composePath } : d);
  }
  const tiersResult = startupTiers(compose);
  const tiers = tiersResult.ok ? tiersResult.value : [];

  // --- files and actions ---------------------------------------------------------------------
  const metadataPath = `specs/${metadataFileName(deps.clock.now())}`;
  await existing.load([...templateFiles.map((t) => t.path), metadataPath]);
  const manifest: Manifest = { version: 1, files: {} };
  const planned: PlannedFile[] = [];
  const add = (path: string, content: string, kind: PlannedFileKind, action: FileAction, mode?: number) => {
    const onDisk = existing.read(path);
    const file: PlannedFile = {
      path,
      content,
      kind,
      action,
      basis: onDisk === undefined ? null : sha256(onDisk),
    };
    if (mode !== undefined) file.mode = mode;
    if (onDisk !== undefined && onDisk !== content) file.diff = unifiedDiff(path, onDisk, content);
    planned.push(file);
  };

  // Compose: three-way merge when the user edited the file slipway wrote.
  const composeOnDisk = existing.read(composePath);
  let composeFinal = composeText;
  let composeAction = fileAction({
    path: composePath,
    content: composeText,
    onDisk: composeOnDisk,
    manifest: previous,
    starter: false,
  });
  const previousModel = previous.files[composePath]?.model;
  if (composeAction === "conflict" && composeOnDisk !== undefined && previousModel !== undefined) {
    const merged = mergeComposeText({
      userText: composeOnDisk,
      base: previousModel,
      next: compose,
      file: composePath,
    });
    diagnostics.push(...merged.diagnostics);
    composeFinal = merged.text;
    composeAction = composeFinal === composeOnDisk ? "unchanged" : "merge";
  }
  add(composePath, composeFinal, "compose", composeAction);
  manifest.files[composePath] = { sha256: sha256(composeFinal), model: compose };
  // Said once per app until the user's own healthcheck is in the file (a merge keeps it).
  const finalModel = unchecked.size === 0 ? undefined : parseCompose(composeFinal, { file: composePath });
  const finalServices = finalModel?.ok === true ? finalModel.value.services : undefined;
  for (const [path, app] of unchecked) {
    if (finalServices?.[app.name]?.healthcheck !== undefined) continue;
    diagnostics.push(
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

  for (const name of envFileNames) {
    add(name, envContents[name]!, "env", envActions[name]!, name === ".env.example" ? 0o644 : 0o600);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(envValues(generatedEnv[name]!))) {
      values[key] = valueDigest(value, credentials);
    }
    manifest.files[name] = { sha256: sha256(envContents[name]!), values };
  }

  for (const t of templateFiles) {
    const onDisk = existing.read(t.path);
    if ((t.kind === "gitignore" || t.kind === "dockerignore") && onDisk !== undefined) {
      const merged = mergeIgnoreFile(onDisk, t.content);
      add(t.path, merged, t.kind, merged === onDisk ? "unchanged" : "merge");
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
      add(t.path, onDisk!, t.kind, "keep");
      manifest.files[t.path] = previous.files[t.path] ?? { sha256: sha256(onDisk!) };
      diagnostics.push(
        diagnostic("plan/starter-kept", "info", `Kept your ${t.path}; slipway's version was not written`, {
          file: t.path,
          hint: "Delete the file and run again to get the generated starter.",
        }),
      );
      continue;
    }
    add(t.path, t.content, t.kind, action);
    manifest.files[t.path] = { sha256: sha256(t.content) };
  }

  // Platforms: the same model for Kubernetes and Swarm (files slipway owns, like the Compose file).
  const platforms = renderPlatforms(
    input.platforms ?? [],
    platformInput({
      slug,
      compose,
      values: Object.fromEntries(ENVIRONMENTS.map((e) => [e, envValues(generatedEnv[`.env.${e}`]!)])),
      overrides: map.environments,
      services: rows.map((r) => ({
        name: r.name,
        kind: r.kind,
        templated: input.templates !== false && r.app !== undefined && r.app.customFramework === undefined,
      })),
    }),
  );
  diagnostics.push(...platforms.diagnostics);
  await existing.load(platforms.ok ? platforms.value.map((f) => f.path) : []);
  for (const f of platforms.ok ? platforms.value : []) {
    add(
      f.path,
      f.content,
      "platform",
      fileAction({ ...f, onDisk: existing.read(f.path), manifest: previous, starter: false }),
    );
    manifest.files[f.path] = { sha256: sha256(f.content) };
  }

  // Other files slipway wrote before and a user edited are conflicts unless merged above.
  for (const file of planned) {
    if (file.action === "conflict") {
      diagnostics.push(
        diagnostic(
          "plan/conflict",
          "error",
          `${file.path} exists and was not written by slipway (or was changed since)`,
          {
            file: file.path,
            hint: "Review the diff; run with --force to overwrite it, or move it away.",
          },
        ),
      );
    }
  }

  // Files that hold generated credentials must not reach git: say so when no .gitignore of the
  // output folder (written now, or the user's) ignores them.
  await existing.load([".gitignore"]);
  const ignoreText = planned.find((f) => f.path === ".gitignore")?.content ?? existing.read(".gitignore");
  const ignoreLines = ignoreText === undefined ? [] : ignoreText.split(/\r?\n/);
  // The files that hold the generated development credentials.
  const withCredentials =
    envFiles.generatedSecrets.length > 0 ? [".env.development", ...(infraEnvPath ? [infraEnvPath] : [])] : [];
  for (const name of envFileNames.filter((n) => withCredentials.includes(n))) {
    if (envFileIgnored(ignoreLines, name)) continue;
    diagnostics.push(
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

  // --- secrets -------------------------------------------------------------------------------
  emit("secrets", "Scanning every generated file for secrets");
  const scan = scanFiles(
    planned.map((f) => ({ path: f.path, content: f.content })),
    { allowlist: [...envFiles.generatedSecrets, ...userKeptValues] },
  );
  diagnostics.push(...scan.diagnostics);

  // --- metadata ------------------------------------------------------------------------------
  emit("metadata", "Writing the infra-config metadata");
  const now = deps.clock.now();
  const ok = !hasErrors(diagnostics);
  const metadata = buildMetadata({
    now,
    environment,
    map,
    ...(projectType !== undefined ? { projectType } : {}),
    composeProject,
    composePath,
    compose,
    ports: allocation.value.assignments,
    envFiles: envFileNames,
    checks: {
      portsChecked: true,
      volumesValid: !graphDiagnostics.some((d) => d.code.startsWith("volume/") && d.severity === "error"),
      networksUnique:
        deps.docker !== undefined &&
        (await deps.docker.available()) &&
        !graphDiagnostics.some((d) => d.code === "network/exists"),
      secretsClean: !hasErrors(scan.diagnostics),
      graphValid:
        tiersResult.ok &&
        !graphDiagnostics.some((d) => d.code.startsWith("depends/") && d.severity === "error"),
    },
  });
  const metadataText = `${JSON.stringify(metadata, null, 2)}\n`;
  add(
    metadataPath,
    metadataText,
    "metadata",
    existing.read(metadataPath) === undefined
      ? "create"
      : existing.read(metadataPath) === metadataText
        ? "unchanged"
        : "update",
  );
  manifest.files[metadataPath] = { sha256: sha256(metadataText) };
  add(MANIFEST_PATH, renderManifest(manifest), "manifest", "update");

  return {
    ok,
    project: {
      name: map.project.name,
      slug,
      composeProject,
      ...(projectType !== undefined ? { type: projectType } : {}),
    },
    files: planned,
    metadata,
    metadataPath,
    marker: `INFRA_CONFIG: ${metadataPath}`,
    ports: allocation.value.assignments.map((a) => ({
      service: a.service,
      port: a.port,
      reason: a.reason,
      explanation: a.explanation,
    })),
    tiers,
    diagnostics,
    manifest,
  };
}

function failedPlan(
  input: PlanInput,
  deps: PlanDeps,
  environment: Environment,
  composePath: string,
  diagnostics: Diagnostic[],
  map: ArchitectureMap | undefined,
): Plan {
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
      environment,
      ...(map ? { map } : {}),
      composeProject,
      composePath,
      ports: [],
      envFiles: [],
      checks: {
        portsChecked: false,
        volumesValid: false,
        networksUnique: false,
        secretsClean: false,
        graphValid: false,
      },
    }),
    metadataPath,
    marker: `INFRA_CONFIG: ${metadataPath}`,
    ports: [],
    tiers: [],
    diagnostics,
    manifest: { version: 1, files: {} },
  };
}
