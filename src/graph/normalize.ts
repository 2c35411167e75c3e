import type { ComposeService } from "../compose/model.js";
import { interpolate } from "./interpolate.js";

/**
 * Every form the Compose Specification allows for the fields the rules read, reduced to one shape.
 * The readers take `unknown` on purpose: they accept whatever a user's file holds and never throw.
 */

/** An inclusive range of ports; a single port has `start === end`. */
export interface PortRange {
  start: number;
  end: number;
}

/** One entry of a service's `ports`, in either syntax. */
export interface PortEntry {
  /** Position in the `ports` list. */
  index: number;
  /** The entry as written, for messages. */
  text: string;
  hostIp?: string;
  /** The published host port(s); undefined when the port is not published or cannot be known. */
  host?: PortRange;
  container?: PortRange;
  protocol: string;
  /** A variable without default hides the value; rules skip the entry. */
  unresolved: boolean;
  /** Why the entry is not valid Compose; empty when it is. */
  problems: string[];
}

/** One `depends_on` entry. */
export interface DependencyEntry {
  service: string;
  condition: string;
  required: boolean;
}

/** One entry of a service's `volumes`. */
export interface VolumeEntry {
  index: number;
  text: string;
  type: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  unresolved: boolean;
}

const PROTOCOLS = new Set(["tcp", "udp", "sctp"]);

function describe(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function parsePortRange(text: string): PortRange | string {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (match === null) return `'${text}' is not a port or a port range`;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start < 1 || start > 65535 || end < 1 || end > 65535) return `${text} is outside 1-65535`;
  if (end < start) return `range ${text} ends before it starts`;
  return { start, end };
}

/**
 * Reads a service's `ports`: short syntax (`"8080"`, `"8080:80"`, `"127.0.0.1:8080:80"`,
 * `"[::1]:8080:80"`, `"9000-9005:9000-9005"`, `"53:53/udp"`), bare numbers and long syntax
 * (`{ target, published, host_ip, protocol }`). Variables are resolved with `variables`.
 *
 * @example
 * ```ts
 * readPorts(["127.0.0.1:5432:5432/tcp"])[0]?.host; // { start: 5432, end: 5432 }
 * ```
 */
export function readPorts(ports: unknown, variables: Readonly<Record<string, string>> = {}): PortEntry[] {
  if (!Array.isArray(ports)) return [];
  return ports.map((item, index) => readPort(item, index, variables));
}

function readPort(item: unknown, index: number, variables: Readonly<Record<string, string>>): PortEntry {
  const entry: PortEntry = { index, text: describe(item), protocol: "tcp", unresolved: false, problems: [] };
  if (typeof item === "number") {
    const range = parsePortRange(String(item));
    if (typeof range === "string") entry.problems.push(range);
    else entry.container = range;
    return entry;
  }
  if (typeof item === "string") return readShortPort(item, entry, variables);
  if (item !== null && typeof item === "object" && !Array.isArray(item)) {
    const long = item as Record<string, unknown>;
    const target = long.target;
    const targetText =
      typeof target === "number" || typeof target === "string"
        ? interpolate(String(target), variables)
        : undefined;
    if (target === undefined) entry.problems.push("the long syntax needs a target port");
    else if (targetText === undefined) entry.unresolved = true;
    else {
      const range = parsePortRange(targetText);
      if (typeof range === "string") entry.problems.push(`target ${range}`);
      else entry.container = range;
    }
    if (long.published !== undefined && long.published !== null && long.published !== "") {
      const published = interpolate(String(long.published), variables);
      if (published === undefined) entry.unresolved = true;
      else if (published !== "") {
        const range = parsePortRange(published);
        if (typeof range === "string") entry.problems.push(`published ${range}`);
        else entry.host = range;
      }
    }
    if (typeof long.host_ip === "string") {
      const ip = interpolate(long.host_ip, variables);
      if (ip === undefined) entry.unresolved = true;
      else if (ip !== "") entry.hostIp = ip;
    }
    if (typeof long.protocol === "string") entry.protocol = long.protocol.toLowerCase();
    if (!PROTOCOLS.has(entry.protocol))
      entry.problems.push(`protocol '${entry.protocol}' is not tcp, udp or sctp`);
    return entry;
  }
  entry.problems.push(`${entry.text} is neither a port string, a number nor a long-syntax mapping`);
  return entry;
}

function readShortPort(
  raw: string,
  entry: PortEntry,
  variables: Readonly<Record<string, string>>,
): PortEntry {
  const text = interpolate(raw, variables);
  if (text === undefined) {
    entry.unresolved = true;
    return entry;
  }
  let rest = text.trim();
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    entry.protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.has(entry.protocol))
      entry.problems.push(`protocol '${entry.protocol}' is not tcp, udp or sctp`);
  }
  let hostIp: string | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0 || rest[close + 1] !== ":") {
      entry.problems.push(`'${raw}' has an unterminated IPv6 address`);
      return entry;
    }
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(":");
  let hostPart: string | undefined;
  let containerPart: string;
  if (hostIp !== undefined) {
    if (parts.length !== 2) {
      entry.problems.push(`'${raw}' is not [IP]:HOST:CONTAINER`);
      return entry;
    }
    hostPart = parts[0];
    containerPart = parts[1]!;
  } else if (parts.length === 1) {
    containerPart = parts[0]!;
  } else if (parts.length === 2) {
    hostPart = parts[0];
    containerPart = parts[1]!;
  } else {
    // IP:HOST:CONTAINER; an unbracketed IPv6 address keeps its own colons.
    containerPart = parts[parts.length - 1]!;
    hostPart = parts[parts.length - 2];
    hostIp = parts.slice(0, -2).join(":");
  }
  if (hostIp !== undefined && hostIp !== "") entry.hostIp = hostIp;
  const container = parsePortRange(containerPart);
  if (typeof container === "string") entry.problems.push(`container port ${container}`);
  else entry.container = container;
  if (hostPart !== undefined && hostPart !== "") {
    const host = parsePortRange(hostPart);
    if (typeof host === "string") entry.problems.push(`host port ${host}`);
    else entry.host = host;
  }
  if (entry.host !== undefined && entry.container !== undefined) {
    const hostSize = entry.host.end - entry.host.start;
    const containerSize = entry.container.end - entry.container.start;
    if (containerSize > 0 && hostSize !== containerSize)
      entry.problems.push(`host range ${hostPart} and container range ${containerPart} differ in size`);
  }
  return entry;
}

/**
 * Reads `depends_on` in list or map form. Entries that are not names are left out.
 *
 * @example
 * ```ts
 * readDependencies({ db: { condition: "service_healthy" } }); // [{ service: "db", condition: "service_healthy", required: true }]
 * ```
 */
export function readDependencies(dependsOn: unknown): DependencyEntry[] {
  if (Array.isArray(dependsOn)) {
    return dependsOn
      .filter((name): name is string => typeof name === "string")
      .map((service) => ({ service, condition: "service_started", required: true }));
  }
  if (dependsOn !== null && typeof dependsOn === "object") {
    return Object.entries(dependsOn as Record<string, unknown>).map(([service, value]) => {
      const options = (value ?? {}) as { condition?: unknown; required?: unknown };
      return {
        service,
        condition: typeof options.condition === "string" ? options.condition : "service_started",
        required: options.required !== false,
      };
    });
  }
  return [];
}

/**
 * The networks a service joins, by the key it uses: list or map form, `default` when it names none,
 * none when `network_mode` is set.
 *
 * @example
 * ```ts
 * readNetworks({ image: "redis:7" }); // ["default"]
 * ```
 */
export function readNetworks(service: ComposeService | Record<string, unknown>): string[] {
  const record = service as Record<string, unknown>;
  if (record.network_mode !== undefined) return [];
  const networks = record.networks;
  if (Array.isArray(networks)) return networks.filter((n): n is string => typeof n === "string");
  if (networks !== null && typeof networks === "object") return Object.keys(networks);
  return ["default"];
}

/**
 * Reads `volumes` in short (`SOURCE:TARGET[:MODE]`, `TARGET`) and long form (`{ type, source, target }`).
 * A short source that starts with `/`, `.`, `~` or a drive letter is a bind mount; any other source
 * is a named volume.
 *
 * @example
 * ```ts
 * readVolumes(["./data:/var/lib/data:ro"])[0]; // { type: "bind", source: "./data", target: "/var/lib/data", readOnly: true, … }
 * ```
 */
export function readVolumes(
  volumes: unknown,
  variables: Readonly<Record<string, string>> = {},
): VolumeEntry[] {
  if (!Array.isArray(volumes)) return [];
  return volumes.map((item, index): VolumeEntry => {
    const entry: VolumeEntry = {
      index,
      text: describe(item),
      type: "volume",
      readOnly: false,
      unresolved: false,
    };
    if (typeof item === "string") {
      const text = interpolate(item, variables);
      if (text === undefined) {
        entry.unresolved = true;
        return entry;
      }
      const parts = splitVolume(text);
      if (parts.length === 1) {
        entry.type = "anonymous";
        entry.target = parts[0] ?? "";
        return entry;
      }
      const [source = "", target, mode] = parts;
      entry.source = source;
      if (target !== undefined) entry.target = target;
      entry.readOnly = mode?.split(",").includes("ro") === true;
      entry.type = isHostPath(source) ? "bind" : "volume";
      return entry;
    }
    if (item !== null && typeof item === "object") {
      const long = item as Record<string, unknown>;
      entry.type = typeof long.type === "string" ? long.type : "volume";
      if (typeof long.target === "string") entry.target = long.target;
      if (typeof long.source === "string") {
        const source = interpolate(long.source, variables);
        if (source === undefined) entry.unresolved = true;
        else entry.source = source;
      }
      entry.readOnly = long.read_only === true;
      if (entry.type === "volume" && entry.source === undefined && !entry.unresolved)
        entry.type = "anonymous";
    }
    return entry;
  });
}

function splitVolume(text: string): string[] {
  // A Windows drive letter (`C:\data:/data`) keeps its colon.
  const drive = /^[A-Za-z]:[\\/]/.test(text) ? text.slice(0, 2) : "";
  const parts = text.slice(drive.length).split(":");
  parts[0] = drive + (parts[0] ?? "");
  return parts;
}

/**
 * True for a volume source that names a host path rather than a named volume.
 *
 * @example
 * ```ts
 * isHostPath("./data"); // true
 * isHostPath("pgdata"); // false
 * ```
 */
export function isHostPath(source: string): boolean {
  return /^([/.~\\]|[A-Za-z]:[\\/])/.test(source) || source === "";
}

/**
 * Reads `environment` in map or list form into name → value (`undefined` when the value comes from
 * the shell: `- NAME` or `NAME:` with no value).
 *
 * @example
 * ```ts
 * readEnvironment(["A=1", "B"]); // Map { "A" => "1", "B" => undefined }
 * ```
 */
export function readEnvironment(environment: unknown): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (Array.isArray(environment)) {
    for (const item of environment) {
      if (typeof item !== "string") continue;
      const eq = item.indexOf("=");
      if (eq < 0) out.set(item, undefined);
      else out.set(item.slice(0, eq), item.slice(eq + 1));
    }
  } else if (environment !== null && typeof environment === "object") {
    for (const [name, value] of Object.entries(environment as Record<string, unknown>))
      out.set(name, value === null || value === undefined ? undefined : String(value));
  }
  return out;
}

/**
 * True when a service has a healthcheck that runs: defined, not `disable: true`, test not `NONE`.
 *
 * @example
 * ```ts
 * hasHealthcheck({ healthcheck: { test: ["CMD", "pg_isready"] } }); // true
 * ```
 */
export function hasHealthcheck(service: ComposeService | Record<string, unknown>): boolean {
  const healthcheck = (service as Record<string, unknown>).healthcheck as Record<string, unknown> | undefined;
  if (healthcheck === undefined || healthcheck === null || typeof healthcheck !== "object") return false;
  if (healthcheck.disable === true) return false;
  const test = healthcheck.test;
  if (test === "NONE" || (Array.isArray(test) && test[0] === "NONE")) return false;
  // A healthcheck without `test` keeps the image's own test and only tunes its timing.
  return !(Array.isArray(test) && test.length === 0);
}
