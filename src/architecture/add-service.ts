import { parseImageRef } from "../compose/image.js";
import { type Diagnostic, diagnostic, fail, ok, type Result, type ServiceKind } from "../core/index.js";
import { parseArchitecture } from "./parse-architecture.js";
import type { RawApp, RawInfra } from "./raw.js";
import { COMPOSE_NAME_PATTERN } from "./schema.js";
import { appKindOfWord, familyName, infraKindOfWord, KNOWN_TECHS } from "./techs.js";
import type { AppServiceSpec, ArchitectureMap, InfraServiceSpec } from "./types.js";

/** What to add to an architecture map. */
export interface MapServiceRequest {
  /**
   * A tech (`redis`, `postgresql`), an image whose name is one (`redis:7.4-alpine`,
   * `pgvector/pgvector:pg17`), or an app kind (`backend`, `api`, `frontend`, `worker`).
   */
  service: string;
  /** The service name; default the tech's family (`postgres`, `redis`) or the app kind. */
  name?: string;
  /** The host port (`port` of an infrastructure entry, `host_port` of an app). */
  port?: number;
}

/** What {@link addServiceToMap} returns: the map's new text and what was added. */
export interface MapServiceAddition {
  /** The map as JSON text (two-space indent, trailing newline). */
  text: string;
  name: string;
  kind: ServiceKind;
  /** Where the entry went: `infrastructure[2]`, `apps[0]`. */
  path: string;
}

/** A tech, image or app kind, resolved: an image keeps its reference as the entry's `image`. */
function resolveService(word: string): { kind: ServiceKind; tech?: string; image?: string } | undefined {
  const app = appKindOfWord(word);
  if (app !== undefined) return { kind: app };
  const kind = infraKindOfWord(word);
  if (kind !== undefined) return { kind, tech: word.toLowerCase() };
  if (!/[:/@]/.test(word)) return undefined;
  const name = parseImageRef(word).repository.split("/").at(-1) ?? "";
  const fromImage = infraKindOfWord(name);
  return fromImage === undefined ? undefined : { kind: fromImage, tech: fromImage, image: word };
}

/** An infrastructure entry as a map holds it, from the parsed spec (for maps that had none listed). */
function rawInfra(spec: InfraServiceSpec): RawInfra {
  const entry: RawInfra = { tech: spec.tech, name: spec.name };
  if (spec.version !== undefined) entry.version = spec.version;
  if (spec.image !== undefined) entry.image = spec.image;
  if (spec.port !== undefined) entry.port = spec.port;
  if (spec.volume !== undefined) entry.volume = spec.volume;
  if (spec.network !== undefined) entry.network = spec.network;
  if (spec.extensions.length > 0) entry.extensions = [...spec.extensions];
  if (Object.keys(spec.environment).length > 0) entry.environment = { ...spec.environment };
  return entry;
}

/** An app entry as a map holds it, from the parsed spec (for maps whose apps came from tech_stack). */
function rawApp(spec: AppServiceSpec): RawApp {
  const entry: RawApp = { name: spec.name, kind: spec.kind };
  const framework = spec.customFramework ?? spec.framework;
  if (framework !== undefined) entry.framework = framework;
  if (spec.runtime !== undefined) entry.runtime = spec.runtime;
  if (spec.context !== undefined) entry.context = spec.context;
  if (spec.port !== undefined) entry.port = spec.port;
  if (spec.hostPort !== undefined) entry.host_port = spec.hostPort;
  if (spec.command !== undefined) entry.command = spec.command;
  if (spec.replicas !== undefined) entry.replicas = spec.replicas;
  return entry;
}

function check(request: MapServiceRequest, map: ArchitectureMap, name: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (!COMPOSE_NAME_PATTERN.test(name))
    problems.push(
      diagnostic("add-service/invalid-name", "error", `Unexpected service name ${JSON.stringify(name)}`, {
        path: "name",
        hint: "Use letters, digits, '.', '_' and '-'",
      }),
    );
  const names = [...map.infrastructure, ...map.apps].map((s) => s.name);
  if (names.includes(name))
    problems.push(
      diagnostic("add-service/name-taken", "error", `Service ${name} is already in the map`, {
        path: "name",
        hint: `Name the new one with --name (services: ${names.join(", ")})`,
      }),
    );
  if (
    request.port !== undefined &&
    (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535)
  )
    problems.push(
      diagnostic("add-service/invalid-port", "error", `Port ${request.port} is not a port number`, {
        path: "port",
        hint: "Give a host port between 1 and 65535, or leave it out to get one assigned",
      }),
    );
  return problems;
}

/**
 * Adds a service to an architecture map's text: an infrastructure entry for a tech or an image of
 * one, or an app entry for an app kind. A map that listed no `infrastructure` (or no `apps`) gets
 * the services it had derived from `tech_stack` written out first, so none is lost. Regenerating
 * from the new text (`planEnvironment`) then updates the Compose file, env files and README.
 * Fails with `add-service/unknown-tech`, `add-service/name-taken`, `add-service/invalid-name`,
 * `add-service/invalid-port`, or the map's own diagnostics when it does not parse.
 *
 * @example
 * ```ts
 * const r = addServiceToMap('{"project":{"name":"Shop"},"infrastructure":[{"tech":"postgresql"}]}', { service: "redis", port: 6380 });
 * if (r.ok) r.value.path; // "infrastructure[1]"
 * ```
 */
export function addServiceToMap(
  text: string,
  request: MapServiceRequest,
  options: { file?: string } = {},
): Result<MapServiceAddition> {
  const parsed = parseArchitecture(text, options.file === undefined ? {} : { file: options.file });
  if (!parsed.ok) return parsed;
  const resolved = resolveService(request.service.trim());
  if (resolved === undefined)
    return fail([
      diagnostic(
        "add-service/unknown-tech",
        "error",
        `Unexpected service ${JSON.stringify(request.service)}`,
        {
          path: "service",
          hint: `Name a tech (${KNOWN_TECHS.join(", ")}), an image of one (redis:7.4-alpine), or an app kind (backend, frontend, worker)`,
        },
      ),
    ]);
  const isApp = resolved.tech === undefined;
  const name =
    request.name ?? (isApp ? resolved.kind : familyName(resolved.kind as Exclude<ServiceKind, AppKindName>));
  const problems = check(request, parsed.value, name);
  if (problems.length > 0) return fail(problems);
  const value = JSON.parse(text) as Record<string, unknown>;
  let path: string;
  if (isApp) {
    const apps = Array.isArray(value.apps) ? [...value.apps] : parsed.value.apps.map(rawApp);
    const entry: RawApp = { name, kind: resolved.kind as AppKindName };
    if (request.port !== undefined) entry.host_port = request.port;
    path = `apps[${apps.length}]`;
    value.apps = [...apps, entry];
  } else {
    const list = Array.isArray(value.infrastructure)
      ? [...value.infrastructure]
      : parsed.value.infrastructure.map(rawInfra);
    const entry: RawInfra = { tech: resolved.tech! };
    if (request.name !== undefined) entry.name = name;
    if (resolved.image !== undefined) entry.image = resolved.image;
    if (request.port !== undefined) entry.port = request.port;
    path = `infrastructure[${list.length}]`;
    value.infrastructure = [...list, entry];
  }
  return ok(
    { text: `${JSON.stringify(value, null, 2)}\n`, name, kind: resolved.kind, path },
    parsed.diagnostics,
  );
}

type AppKindName = "backend" | "frontend" | "worker";
