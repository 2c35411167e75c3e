import { indexRegistry } from "./lookup.js";
import type { Registry } from "./schema.js";

/** A service another application of the registry runs, which this application uses. */
export interface SharedService {
  /** The service name, which is also its host name on the shared network (`forge-postgres`). */
  name: string;
  /** The application that runs it (lower case, `forge`). */
  app: string;
  /** Its registry type (`database`, `cache` …). */
  type?: string;
  image?: string;
  /** The port it listens on inside its container, when the registry says. */
  internalPort?: number;
  /** The host port it is published on, when the registry says. */
  hostPort?: number;
  /** The networks an application must join to reach it (`forge-network`). */
  networks: string[];
}

/**
 * The services of other applications that `application` uses, as the registry says: the
 * `dependencies` of its own service entries (any environment). Each comes with the networks to
 * join to reach it — its own networks except `default`, else the network of a
 * `rules.required_networks` entry that applies to the application and names it — and its ports
 * from its entry or its `port_registry.allocated` line. Order: first mention.
 *
 * @example
 * ```ts
 * sharedServicesOf(registry, "synapse")[0];
 * // { name: "forge-postgres", app: "forge", type: "database", internalPort: 5432, hostPort: 3432, networks: ["forge-network"] }
 * ```
 */
export function sharedServicesOf(registry: Registry, application: string): SharedService[] {
  const app = application.toLowerCase();
  const index = indexRegistry(registry);
  const wanted: string[] = [];
  const ruleNetworks = new Map<string, string[]>();
  for (const [name, environments] of Object.entries(registry.services ?? {})) {
    if (name.toLowerCase() !== app) continue;
    for (const entries of Object.values(environments))
      for (const entry of entries) for (const dep of entry.dependencies ?? []) wanted.push(dep);
  }
  for (const rule of index.requiredNetworks) {
    if (!rule.applies_to.some((a) => a.toLowerCase() === app)) continue;
    for (const service of rule.required_for)
      ruleNetworks.set(service, [...(ruleNetworks.get(service) ?? []), rule.network]);
  }
  const out: SharedService[] = [];
  for (const name of new Set(wanted)) {
    const owner = index.applicationOf(name);
    if (owner === undefined || owner === app) continue;
    const entry = index.services.get(name)?.entry;
    const allocated = [...index.allocations].find(([, a]) => a.service === name);
    const own = (entry?.networks ?? allocated?.[1].networks ?? []).filter((n) => n !== "default");
    const networks = own.length > 0 ? own : (ruleNetworks.get(name) ?? []);
    const shared: SharedService = { name, app: owner, networks: [...new Set(networks)] };
    const type = index.typeOf(name);
    if (type !== undefined) shared.type = type;
    if (entry?.image !== undefined) shared.image = entry.image;
    const internalPort = entry?.internal_port ?? allocated?.[1].internal_port;
    if (internalPort !== undefined) shared.internalPort = internalPort;
    const hostPort = entry?.ports?.[0] ?? allocated?.[0];
    if (hostPort !== undefined) shared.hostPort = hostPort;
    out.push(shared);
  }
  return out;
}
