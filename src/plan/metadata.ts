import type { ArchitectureMap } from "../architecture/index.js";
import type { ComposeFile } from "../compose/index.js";
import { type Environment, isServiceKind, KIND_INFO, type ProjectType } from "../core/index.js";
import type { InfraConfig, InfraConfigService, SkippedCheck } from "./types.js";

const two = (n: number) => String(n).padStart(2, "0");

/**
 * The seed's metadata file name for a moment, in UTC: `infra-config-DDMMYY-HHMM.json`.
 *
 * @example
 * ```ts
 * metadataFileName(new Date("2025-12-08T14:30:00Z")); // "infra-config-081225-1430.json"
 * ```
 */
export function metadataFileName(now: Date): string {
  const stamp = `${two(now.getUTCDate())}${two(now.getUTCMonth() + 1)}${two(now.getUTCFullYear() % 100)}-${two(now.getUTCHours())}${two(now.getUTCMinutes())}`;
  return `infra-config-${stamp}.json`;
}

function healthcheckName(test: unknown): string | undefined {
  const parts = Array.isArray(test)
    ? test.filter((p): p is string => typeof p === "string")
    : typeof test === "string"
      ? [test]
      : [];
  const command = parts.filter((p) => p !== "CMD" && p !== "CMD-SHELL" && p !== "NONE").join(" ");
  // An HTTP probe reads better by what it checks than by the program that runs it.
  if (/https?:\/\//.test(command)) return "http";
  const first = command.trim().split(/\s+/)[0];
  return first === undefined || first === "" ? undefined : first;
}

function envNames(environment: unknown): string[] {
  if (Array.isArray(environment)) return environment.map((e) => String(e).split("=")[0]!).sort();
  if (environment && typeof environment === "object") return Object.keys(environment).sort();
  return [];
}

/**
 * Builds the infra-config metadata (the seed's JSON shape, extended).
 *
 * @example
 * ```ts
 * const metadata = buildMetadata({ now, environment: "development", composeProject: "chi", composePath: "docker-compose.yml", ports: [], envFiles: [], checks });
 * metadata.validation.network_names_unique; // true, false, or null when not checked
 * ```
 */
export function buildMetadata(input: {
  now: Date;
  environment: Environment;
  map?: ArchitectureMap;
  projectType?: ProjectType;
  composeProject: string;
  composePath: string;
  compose?: ComposeFile;
  ports: { service: string; port: number; reason: string; explanation: string }[];
  envFiles: string[];
  checks: {
    portsChecked: boolean;
    volumesValid: boolean;
    /** `null` when the check could not run; `skipped` then says why. */
    networksUnique: boolean | null;
    secretsClean: boolean;
    graphValid: boolean;
    skipped?: SkippedCheck[];
  };
}): InfraConfig {
  const kinds = new Map<string, string>();
  for (const s of input.map?.infrastructure ?? []) kinds.set(s.name, s.kind);
  for (const a of input.map?.apps ?? []) kinds.set(a.name, a.kind);
  const portOf = new Map(input.ports.map((p) => [p.service, p.port]));
  const services: InfraConfigService[] = [];
  for (const [name, service] of Object.entries(input.compose?.services ?? {})) {
    const kind = kinds.get(name) ?? "custom";
    const category = isServiceKind(kind) ? KIND_INFO[kind].category : "application";
    const entry: InfraConfigService = { name, type: category, kind };
    if (service.image !== undefined) entry.image = service.image;
    const containerPort = isServiceKind(kind) ? KIND_INFO[kind].containerPort : undefined;
    const app = input.map?.apps.find((a) => a.name === name);
    const target = app?.port ?? containerPort;
    const host = portOf.get(name);
    if (host !== undefined) {
      entry.port = host;
      if (target !== undefined && target !== 0) entry.port_mapping = `${host}:${target}`;
    }
    const volume = (service.volumes ?? [])
      .map((v) => (typeof v === "string" ? v.split(":")[0] : v.source))
      .find((v): v is string => v !== undefined && !v.startsWith(".") && !v.startsWith("/"));
    if (volume !== undefined) entry.volume = volume;
    const networks = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
    if (networks[0] !== undefined) entry.network = networks[0];
    const hc = healthcheckName(service.healthcheck?.test);
    if (hc !== undefined) entry.healthcheck = hc;
    const deps = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    if (deps.length > 0) entry.depends_on = [...deps].sort();
    const env = envNames(service.environment);
    if (env.length > 0) entry.env_vars = env;
    if (typeof service.deploy?.replicas === "number") entry.replicas = service.deploy.replicas;
    services.push(entry);
  }
  const customPorts: Record<string, number> = {};
  for (const p of [...input.ports].sort((a, b) => a.service.localeCompare(b.service)))
    customPorts[p.service] = p.port;
  return {
    generated_at: input.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    environment: input.environment,
    project: {
      name: input.map?.project.name ?? "",
      slug: input.map?.project.slug ?? "",
      compose_project: input.composeProject,
      ...(input.projectType !== undefined ? { type: input.projectType } : {}),
    },
    services,
    volumes: Object.keys(input.compose?.volumes ?? {}).sort(),
    networks: Object.keys(input.compose?.networks ?? {}).sort(),
    custom_ports: customPorts,
    port_assignments: input.ports.map((p) => ({
      service: p.service,
      port: p.port,
      reason: p.reason,
      explanation: p.explanation,
    })),
    env_files: input.envFiles,
    compose_file: input.composePath,
    validation: {
      port_conflicts_checked: input.checks.portsChecked,
      volume_paths_validated: input.checks.volumesValid,
      network_names_unique: input.checks.networksUnique,
      secrets_placeholder: input.checks.secretsClean,
      dependency_graph_valid: input.checks.graphValid,
      skipped: input.checks.skipped ?? [],
    },
  };
}
