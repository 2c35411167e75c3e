import type { ComposeFile, ComposeService, DependsOnCondition } from "../compose/index.js";
import { type Diagnostic, diagnostic } from "../core/index.js";
import type { PlatformInput } from "./types.js";

/**
 * The ports a service listens on inside its container, from `ports` (the container side) and
 * `expose`, in the order written, each once. Ranges and non-numeric entries are left out.
 *
 * @example
 * ```ts
 * containerPorts({ ports: ["127.0.0.1:5434:5432"], expose: ["9187"] }); // [5432, 9187]
 * ```
 */
export function containerPorts(service: ComposeService): number[] {
  const out: number[] = [];
  const add = (port: number) => {
    if (Number.isInteger(port) && port > 0 && port < 65536 && !out.includes(port)) out.push(port);
  };
  for (const entry of service.ports ?? []) {
    if (typeof entry === "string") {
      const target = entry.split("/")[0]?.split(":").at(-1) ?? "";
      if (/^\d+$/.test(target)) add(Number(target));
    } else add(Number(entry.target));
  }
  for (const entry of service.expose ?? []) {
    const target = entry.split("/")[0] ?? "";
    if (/^\d+$/.test(target)) add(Number(target));
  }
  return out;
}

/** A volume a service mounts. */
export interface Mount {
  /** The named volume, or the host path of a bind mount. */
  source: string;
  target: string;
  /** True for a named volume of the file, false for a bind mount. */
  named: boolean;
  readOnly: boolean;
}

/**
 * The volumes a service mounts: named volumes and bind mounts, short or long form. Anonymous
 * volumes and tmpfs mounts are left out.
 *
 * @example
 * ```ts
 * serviceMounts({ volumes: ["pg-data:/var/lib/postgresql/data"] });
 * // [{ source: "pg-data", target: "/var/lib/postgresql/data", named: true, readOnly: false }]
 * ```
 */
export function serviceMounts(service: ComposeService): Mount[] {
  const out: Mount[] = [];
  for (const entry of service.volumes ?? []) {
    if (typeof entry === "string") {
      const [source, target, mode] = entry.split(":");
      if (source === undefined || target === undefined) continue;
      out.push({
        source,
        target,
        named: !/^[./~]/.test(source),
        readOnly: mode?.split(",").includes("ro") === true,
      });
    } else if ((entry.type === "volume" || entry.type === "bind") && entry.source !== undefined) {
      out.push({
        source: entry.source,
        target: entry.target,
        named: entry.type === "volume",
        readOnly: entry.read_only === true,
      });
    }
  }
  return out;
}

/**
 * The networks a service joins; `["default"]` when it names none, as Compose does.
 *
 * @example
 * ```ts
 * serviceNetworks({ networks: { backend: null } }); // ["backend"]
 * ```
 */
export function serviceNetworks(service: ComposeService): string[] {
  const networks = service.networks;
  if (networks === undefined) return ["default"];
  return Array.isArray(networks) ? [...networks] : Object.keys(networks);
}

/**
 * True when a network of the file is `internal: true` (no way out of it but to its members).
 *
 * @example
 * ```ts
 * isInternalNetwork({ services: {}, networks: { db: { internal: true } } }, "db"); // true
 * ```
 */
export function isInternalNetwork(compose: ComposeFile, network: string): boolean {
  const definition = compose.networks?.[network];
  return definition !== null && definition !== undefined && definition.internal === true;
}

/**
 * The services a service waits for, with the condition, in the order written.
 *
 * @example
 * ```ts
 * dependencies({ depends_on: ["db"] }); // [{ name: "db", condition: "service_started" }]
 * ```
 */
export function dependencies(service: ComposeService): { name: string; condition: DependsOnCondition }[] {
  const dependsOn = service.depends_on;
  if (dependsOn === undefined) return [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => ({ name, condition: "service_started" }));
  return Object.entries(dependsOn).map(([name, d]) => ({ name, condition: d.condition }));
}

/**
 * A Compose `command` or `entrypoint` as an argument list: a list as it is, a string split at
 * white space outside quotes.
 *
 * @example
 * ```ts
 * argumentList('server /data --console-address ":9001"'); // ["server", "/data", "--console-address", ":9001"]
 * ```
 */
export function argumentList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") return [...value];
  const out: string[] = [];
  for (const m of value.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out;
}

/**
 * A Compose duration (`1m30s`, `10s`, `500ms`) in whole seconds, at least 1; undefined when it does
 * not parse.
 *
 * @example
 * ```ts
 * durationSeconds("1m30s"); // 90
 * durationSeconds("500ms"); // 1
 * ```
 */
export function durationSeconds(duration: string | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 };
  let total = 0;
  let consumed = 0;
  for (const m of duration.matchAll(re)) {
    total += Number(m[1]) * (units[m[2] ?? "s"] ?? 1);
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== duration.length) return undefined;
  return Math.max(1, Math.ceil(total));
}

/**
 * A Compose count field as a number: the number itself, or the default of a `${VAR:-N}` that
 * interpolation would give when the variable is unset; anything else is `undefined`.
 *
 * @example
 * ```ts
 * countOf(3); // 3
 * countOf("${WORKERS:-2}"); // 2
 * countOf("${WORKERS}"); // undefined
 * ```
 */
export function countOf(value: number | string | undefined): number | undefined {
  if (typeof value === "number") return value;
  const match = value === undefined ? null : /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(\d+)\}$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * A `platform/kind-missing` error for each Compose service the input gives no kind for: without
 * its kind a platform cannot tell which workload (or deployment) the service becomes.
 *
 * @example
 * ```ts
 * missingKinds({ ...input, services: [] }, "workload"); // one error per Compose service
 * ```
 */
export function missingKinds(input: PlatformInput, what: "workload" | "deployment"): Diagnostic[] {
  const known = new Set(input.services.map((s) => s.name));
  return Object.keys(input.compose.services)
    .sort()
    .filter((name) => !known.has(name))
    .map((name) =>
      diagnostic(
        "platform/kind-missing",
        "error",
        `Service \`${name}\` has no kind, so its ${what} is unknown`,
        {
          path: `services.${name}`,
          hint: "Pass every Compose service in `services` with its kind.",
        },
      ),
    );
}
