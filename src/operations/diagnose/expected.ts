import type { ComposeFile } from "../../compose/model.js";
import { COMPOSE_PROJECT_VARIABLE } from "../../env/index.js";
import type { ExpectedService, RegistryServices } from "./types.js";

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Interpolates `${VAR}`, `${VAR:-default}` and `$VAR`; `undefined` when a variable has no value. */
function interpolate(text: string, env: Record<string, string>): string | undefined {
  let missing = false;
  const out = text.replace(VAR, (_m, braced: string | undefined, op: string | undefined, def, bare) => {
    const name = (braced ?? bare) as string;
    const value = env[name];
    if (op === ":-" && (value === undefined || value === "")) return def as string;
    if (op === "-" && value === undefined) return def as string;
    if (value === undefined) {
      missing = true;
      return "";
    }
    return value;
  });
  return missing ? undefined : out;
}

/** Host port of a short-syntax entry: `[ip:]host:container[/proto]`; `undefined` when none. */
function hostPortOf(
  entry: string | number | { published?: string | number | undefined },
  env: Record<string, string>,
) {
  let published: string | undefined;
  if (typeof entry === "number") return undefined;
  if (typeof entry === "object") {
    if (entry.published === undefined) return undefined;
    published = String(entry.published);
  } else {
    const resolved = interpolate(entry, env);
    if (resolved === undefined) return undefined;
    const withoutProto = resolved.split("/")[0]!;
    // IPv6 host addresses are bracketed: [::1]:5433:5432.
    const parts = withoutProto.replace(/^\[[^\]]*\]:/, "x:").split(":");
    if (parts.length < 2) return undefined;
    published = parts[parts.length - 2];
  }
  const value = interpolate(published ?? "", env);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The expected state of every service of a Compose model: image, literal host ports (after
 * interpolating `env`), engine network names (`<project>_<key>` unless named), healthcheck, dependencies.
 *
 * @example
 * ```ts
 * expectedFromCompose(compose, { project: "shop", env: { POSTGRES_PORT: "5433" } });
 * ```
 */
export function expectedFromCompose(
  compose: ComposeFile,
  options: { project?: string; file?: string; env?: Record<string, string> } = {},
): ExpectedService[] {
  const env = options.env ?? {};
  // Compose's own order: -p, then COMPOSE_PROJECT_NAME from the env file, then the top-level `name`.
  const project = options.project ?? env[COMPOSE_PROJECT_VARIABLE] ?? compose.name;
  const networkName = (key: string): string => {
    const def = compose.networks?.[key];
    if (def?.name !== undefined) return def.name;
    if (def?.external === true) return key;
    return project !== undefined ? `${project}_${key}` : key;
  };
  return Object.keys(compose.services)
    .sort()
    .map((name) => {
      const s = compose.services[name]!;
      const networks =
        s.networks === undefined
          ? ["default"]
          : Array.isArray(s.networks)
            ? s.networks
            : Object.keys(s.networks);
      const deps =
        s.depends_on === undefined
          ? []
          : Array.isArray(s.depends_on)
            ? s.depends_on
            : Object.keys(s.depends_on);
      const hc = s.healthcheck;
      const test = hc?.test === undefined ? [] : Array.isArray(hc.test) ? hc.test : [hc.test];
      const expected: ExpectedService = {
        service: name,
        hostPorts: [
          ...new Set((s.ports ?? []).map((p) => hostPortOf(p, env)).filter((p) => p !== undefined)),
        ].sort((a, b) => a - b),
        networks: (s.network_mode === undefined ? networks.map(networkName) : []).sort(),
        healthcheck: hc !== undefined && hc.disable !== true && test.length > 0 && test[0] !== "NONE",
        dependsOn: [...deps].sort(),
        source:
          options.file !== undefined
            ? { file: options.file, path: `services.${name}` }
            : { path: `services.${name}` },
      };
      if (s.image !== undefined) expected.image = s.image;
      if (s.container_name !== undefined) expected.containerName = s.container_name;
      return expected;
    });
}

/**
 * The expected state of every service of an infrastructure registry (`services.<app>.<environment>`):
 * registry entries name containers, list host ports, networks and dependencies. A name listed in
 * several environments is taken once, from the first.
 *
 * @example
 * ```ts
 * const r = parseRegistry(text);
 * if (r.ok) expectedFromRegistry(r.value, { environment: "dev" });
 * ```
 */
export function expectedFromRegistry(
  registry: RegistryServices,
  options: { environment?: string; file?: string } = {},
): ExpectedService[] {
  const out = new Map<string, ExpectedService>();
  for (const [app, environments] of Object.entries(registry.services ?? {})) {
    for (const [environment, services] of Object.entries(environments)) {
      if (options.environment !== undefined && environment !== options.environment) continue;
      services.forEach((entry, index) => {
        if (out.has(entry.name)) return;
        const path = `services.${app}.${environment}[${index}]`;
        const expected: ExpectedService = {
          service: entry.name,
          containerName: entry.container_name ?? entry.name,
          hostPorts: [...new Set(entry.ports ?? [])].sort((a, b) => a - b),
          networks: [...(entry.networks ?? [])].sort(),
          healthcheck: entry.healthcheck === true,
          dependsOn: [...(entry.dependencies ?? [])].sort(),
          source: options.file !== undefined ? { file: options.file, path } : { path },
        };
        if (entry.image !== undefined) expected.image = entry.image;
        out.set(entry.name, expected);
      });
    }
  }
  return [...out.values()].sort((a, b) => a.service.localeCompare(b.service));
}
