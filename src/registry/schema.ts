import * as z from "zod";

/**
 * The infrastructure registry (`.dev/infra/registry.yml`): the single source of truth for the
 * port ranges of each application, the ports already allocated, the shared networks, the services
 * of each application, the startup tiers and the rules every Compose file of the platform follows.
 * Objects are strict: a key the schema does not name is reported as a warning and ignored.
 */

const port = z.number().int();

/** `{ start: 3000, end: 3999 }` or the string `"3000-3999"`. */
const rangeInput = z.union([
  z.strictObject({ start: port, end: port, description: z.string().optional() }),
  z.string().regex(/^\s*\d+\s*[-–]\s*\d+\s*$/, "Expected a range such as 3000-3999"),
]);

export const portRangeSchema = rangeInput.transform((value) => {
  if (typeof value !== "string") return value;
  const [start, end] = value.split(/[-–]/).map((part) => Number(part.trim()));
  return { start: start ?? 0, end: end ?? 0 };
});

export const allocationSchema = z.strictObject({
  service: z.string().min(1),
  app: z.string().min(1),
  type: z.string().optional(),
  internal_port: port.optional(),
  protocol: z.string().optional(),
  description: z.string().optional(),
  networks: z.array(z.string()).optional(),
});

export const registryNetworkSchema = z.strictObject({
  driver: z.string().optional(),
  external: z.boolean().optional(),
  internal: z.boolean().optional(),
  /** Shared infrastructure lives on this network. */
  shared: z.boolean().optional(),
  app: z.string().optional(),
  environment: z.string().optional(),
  description: z.string().optional(),
});

export const registryServiceSchema = z.strictObject({
  name: z.string().min(1),
  image: z.string().optional(),
  type: z.string().optional(),
  ports: z.array(port).optional(),
  internal_port: port.optional(),
  networks: z.array(z.string()).optional(),
  dependencies: z.array(z.string()).optional(),
  /** Whether the service defines a healthcheck; `false` on a critical type is an error. */
  healthcheck: z.boolean().optional(),
  /** Environment variables the service must define. */
  environment: z.array(z.string()).optional(),
  compose_file: z.string().optional(),
  container_name: z.string().optional(),
  description: z.string().optional(),
});

export const startupTierSchema = z.strictObject({
  tier: z.number().int().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  /** Services in this tier, by name. */
  services: z.array(z.string()).optional(),
  /** Service types in this tier (`api`, `frontend`…), for services not named in any tier. */
  types: z.array(z.string()).optional(),
});

export const requiredNetworkRuleSchema = z.strictObject({
  network: z.string().min(1),
  /** Applications whose services the rule applies to. */
  applies_to: z.array(z.string()),
  /** Services that can only be reached on `network`. */
  required_for: z.array(z.string()),
  description: z.string().optional(),
});

export const registryRulesSchema = z.strictObject({
  /** Service types that must define a healthcheck. Default: database, cache, api. */
  critical_types: z.array(z.string()).optional(),
  /** Service types that may use system ports (< 1024) outside their range. Default: proxy. */
  system_port_types: z.array(z.string()).optional(),
  required_networks: z.array(requiredNetworkRuleSchema).optional(),
  /** Whether production services must join an internal network (warning). Default: true. */
  internal_isolation: z.boolean().optional(),
});

export const registrySchema = z.strictObject({
  version: z.union([z.string(), z.number()]).optional(),
  platform: z.string().optional(),
  description: z.string().optional(),
  updated: z.string().optional(),
  port_registry: z.strictObject({
    /** Port range per application. */
    ranges: z.record(z.string(), portRangeSchema),
    /** Allocated host ports, keyed by port. */
    allocated: z.record(z.string().regex(/^\d+$/, "Expected a port number"), allocationSchema).optional(),
  }),
  networks: z.record(z.string(), registryNetworkSchema).optional(),
  /** Services per application, per environment (`dev`, `prod`…). */
  services: z.record(z.string(), z.record(z.string(), z.array(registryServiceSchema))).optional(),
  startup_tiers: z.array(startupTierSchema).optional(),
  rules: registryRulesSchema.optional(),
  /** Free-form notes on environment variables; kept, not checked. */
  environment: z.record(z.string(), z.unknown()).optional(),
});

/** A parsed infrastructure registry. */
export type Registry = z.infer<typeof registrySchema>;
/** One entry of `port_registry.allocated`. */
export type PortAllocation = z.infer<typeof allocationSchema>;
/** One network of the registry. */
export type RegistryNetwork = z.infer<typeof registryNetworkSchema>;
/** One service entry of `services.<app>.<environment>`. */
export type RegistryService = z.infer<typeof registryServiceSchema>;
/** One startup tier. */
export type StartupTier = z.infer<typeof startupTierSchema>;
/** One `rules.required_networks` entry. */
export type RequiredNetworkRule = z.infer<typeof requiredNetworkRuleSchema>;
