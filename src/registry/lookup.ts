import type { PortAllocation, Registry, RegistryService, RequiredNetworkRule } from "./schema.js";

/** The service types that must define a healthcheck unless the registry says otherwise. */
export const DEFAULT_CRITICAL_TYPES: readonly string[] = ["database", "cache", "api"];
/** The service types that may publish system ports (< 1024) unless the registry says otherwise. */
export const DEFAULT_SYSTEM_PORT_TYPES: readonly string[] = ["proxy"];

/** A registry service entry with the application and environment it is listed under. */
export interface RegistryServiceRef {
  app: string;
  environment: string;
  entry: RegistryService;
  /** Index of the entry in `services.<app>.<environment>`. */
  index: number;
}

/** Fast lookups over a registry, built once in linear time. Application names are lower case. */
export interface RegistryIndex {
  registry: Registry;
  /** Application ranges by lower-case application name. */
  ranges: ReadonlyMap<string, { start: number; end: number }>;
  /** Service entries by service name and by container name. */
  services: ReadonlyMap<string, RegistryServiceRef>;
  /** Allocations by host port. */
  allocations: ReadonlyMap<number, PortAllocation>;
  criticalTypes: ReadonlySet<string>;
  systemPortTypes: ReadonlySet<string>;
  requiredNetworks: readonly RequiredNetworkRule[];
  internalIsolation: boolean;
  /** The application a service belongs to (lower case). */
  applicationOf(service: string): string | undefined;
  /** The registry type of a service (`database`, `cache`, `api`, `proxy`…). */
  typeOf(service: string): string | undefined;
  /** The startup tier of a service. */
  tierOf(service: string): number | undefined;
}

/**
 * Builds the lookups the graph rules and registry checks use: which application a service
 * belongs to, its type and tier, the allocations by port and the effective rules.
 *
 * @example
 * ```ts
 * const index = indexRegistry(registry);
 * index.applicationOf("synapse-backend"); // "synapse"
 * index.ranges.get("synapse"); // { start: 4000, end: 4999 }
 * ```
 */
export function indexRegistry(registry: Registry): RegistryIndex {
  const ranges = new Map<string, { start: number; end: number }>();
  for (const [app, range] of Object.entries(registry.port_registry.ranges))
    ranges.set(app.toLowerCase(), { start: range.start, end: range.end });

  const services = new Map<string, RegistryServiceRef>();
  for (const [app, environments] of Object.entries(registry.services ?? {})) {
    for (const [environment, entries] of Object.entries(environments)) {
      entries.forEach((entry, index) => {
        const ref = { app: app.toLowerCase(), environment, entry, index };
        if (!services.has(entry.name)) services.set(entry.name, ref);
        if (entry.container_name !== undefined && !services.has(entry.container_name))
          services.set(entry.container_name, ref);
      });
    }
  }

  const allocations = new Map<number, PortAllocation>();
  const allocatedApp = new Map<string, string>();
  const allocatedType = new Map<string, string>();
  for (const [key, allocation] of Object.entries(registry.port_registry.allocated ?? {})) {
    allocations.set(Number(key), allocation);
    if (!allocatedApp.has(allocation.service))
      allocatedApp.set(allocation.service, allocation.app.toLowerCase());
    if (allocation.type !== undefined && !allocatedType.has(allocation.service))
      allocatedType.set(allocation.service, allocation.type);
  }

  const typeOf = (service: string) => services.get(service)?.entry.type ?? allocatedType.get(service);
  const tierByService = new Map<string, number>();
  const tierByType = new Map<string, number>();
  for (const tier of registry.startup_tiers ?? []) {
    for (const name of tier.services ?? []) if (!tierByService.has(name)) tierByService.set(name, tier.tier);
    for (const type of tier.types ?? []) if (!tierByType.has(type)) tierByType.set(type, tier.tier);
  }

  const rules = registry.rules ?? {};
  return {
    registry,
    ranges,
    services,
    allocations,
    criticalTypes: new Set(rules.critical_types ?? DEFAULT_CRITICAL_TYPES),
    systemPortTypes: new Set(rules.system_port_types ?? DEFAULT_SYSTEM_PORT_TYPES),
    requiredNetworks: rules.required_networks ?? [],
    internalIsolation: rules.internal_isolation ?? true,
    applicationOf: (service) => services.get(service)?.app ?? allocatedApp.get(service),
    typeOf,
    tierOf(service) {
      const direct = tierByService.get(service);
      if (direct !== undefined) return direct;
      const type = typeOf(service);
      return type === undefined ? undefined : tierByType.get(type);
    },
  };
}
