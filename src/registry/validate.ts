import { findCycles } from "../core/cycles.js";
import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { formatPath } from "../core/path.js";
import { indexRegistry, type RegistryIndex } from "./lookup.js";
import { checkRanges } from "./ranges.js";
import type { Registry } from "./schema.js";

/**
 * Checks a registry against the platform's own rules — the checklist every infrastructure change
 * goes through: ranges valid and disjoint, each allocated port in its application's range, not a
 * system port unless a proxy's, not claimed twice; every network, application and dependency
 * named is defined; no circular dependencies; tiers in dependency order; services that use
 * shared infrastructure on its network; critical services with a healthcheck.
 * Diagnostics carry a `path` into the registry (`port_registry.allocated["6000"]`).
 *
 * @example
 * ```ts
 * const r = parseRegistry(text);
 * const diagnostics = r.ok ? validateRegistry(r.value) : r.diagnostics;
 * ```
 */
export function validateRegistry(registry: Registry): Diagnostic[] {
  const check = startCheck(registry);
  const claimed = checkAllocations(check);
  const services = checkServices(check, claimed);
  checkDependencies(check, services);
  checkNamedServices(check, claimed, services.adjacency);
  return check.out;
}

type Path = (string | number)[];

/** What the checks share: the registry, its index, the diagnostics so far and two reporters. */
interface Check {
  registry: Registry;
  index: RegistryIndex;
  out: Diagnostic[];
  knownNetworks: Set<string> | undefined;
  checkNetworks: (networks: readonly string[] | undefined, path: Path) => void;
  unknownApp: (app: string, path: Path) => void;
}

/** The services of the registry, as the dependency checks need them. */
interface ServiceGraph {
  owner: Map<string, string>;
  adjacency: Map<string, string[]>;
  entries: { app: string; name: string; path: Path; dependencies: string[] }[];
}

/** Starts the check with the port ranges' diagnostics. */
function startCheck(registry: Registry): Check {
  const out: Diagnostic[] = [...checkRanges(registry)];
  const knownNetworks = registry.networks === undefined ? undefined : new Set(Object.keys(registry.networks));
  const checkNetworks = (networks: readonly string[] | undefined, path: Path) => {
    if (knownNetworks === undefined) return;
    (networks ?? []).forEach((network, i) => {
      if (network === "default" || knownNetworks.has(network)) return;
      out.push(
        diagnostic("registry/unknown-network", "error", `Network ${network} is not defined in the registry`, {
          path: formatPath([...path, i]),
          hint: "Add it under networks:, or fix the name.",
        }),
      );
    });
  };
  const unknownApp = (app: string, path: Path) =>
    out.push(
      diagnostic("registry/unknown-app", "error", `Application ${app} has no port range`, {
        path: formatPath(path),
        hint: "Add the application under port_registry.ranges, or fix the name.",
      }),
    );
  return { registry, index: indexRegistry(registry), out, knownNetworks, checkNetworks, unknownApp };
}

/** Allocations: range, system ports, validity. Returns who holds each allocated port. */
function checkAllocations({ registry, index, out, checkNetworks, unknownApp }: Check): Map<number, string> {
  const claimed = new Map<number, string>();
  for (const [key, allocation] of Object.entries(registry.port_registry.allocated ?? {})) {
    const port = Number(key);
    const path = ["port_registry", "allocated", key];
    claimed.set(port, allocation.service);
    if (port < 1 || port > 65535) {
      out.push(
        diagnostic("registry/port-invalid", "error", `Port ${key} is outside 1-65535`, {
          path: formatPath(path),
          hint: "Allocate a port between 1024 and 65535 within the application's range.",
        }),
      );
      continue;
    }
    const app = allocation.app.toLowerCase();
    const range = index.ranges.get(app);
    const type = allocation.type ?? index.typeOf(allocation.service);
    const systemAllowed = type !== undefined && index.systemPortTypes.has(type);
    if (port < 1024 && !systemAllowed) {
      out.push(
        diagnostic("registry/port-system", "error", `Port ${port} is a system port`, {
          path: formatPath(path),
          hint: "Only reverse proxies may use ports below 1024; allocate one in the application's range.",
        }),
      );
    }
    if (range === undefined) unknownApp(allocation.app, [...path, "app"]);
    else if ((port < range.start || port > range.end) && !(port < 1024 && systemAllowed)) {
      out.push(
        diagnostic(
          "registry/port-out-of-range",
          "error",
          `Port ${port} for app ${allocation.app} must be in range ${range.start}-${range.end}`,
          { path: formatPath(path), hint: `Move the service to a free port in ${range.start}-${range.end}.` },
        ),
      );
    }
    checkNetworks(allocation.networks, [...path, "networks"]);
  }
  return claimed;
}

/** Services: ports, networks, health; collects their dependencies. */
function checkServices(
  { registry, index, out, checkNetworks, unknownApp }: Check,
  claimed: ReadonlyMap<number, string>,
): ServiceGraph {
  const owner = new Map<string, string>();
  const adjacency = new Map<string, string[]>();
  const entries: ServiceGraph["entries"] = [];
  for (const [app, environments] of Object.entries(registry.services ?? {})) {
    if (!index.ranges.has(app.toLowerCase())) unknownApp(app, ["services", app]);
    for (const [environment, list] of Object.entries(environments)) {
      list.forEach((entry, i) => {
        const path = ["services", app, environment, i];
        const previousApp = owner.get(entry.name);
        if (previousApp !== undefined && previousApp !== app) {
          out.push(
            diagnostic(
              "registry/service-duplicate",
              "error",
              `Service ${entry.name} is listed under both ${previousApp} and ${app}`,
              {
                path: formatPath([...path, "name"]),
                hint: "A service belongs to one application; rename one.",
              },
            ),
          );
        }
        owner.set(entry.name, app);
        (entry.ports ?? []).forEach((port, p) => {
          const holder = claimed.get(port);
          const portPath = formatPath([...path, "ports", p]);
          if (holder === undefined) {
            out.push(
              diagnostic(
                "registry/port-unallocated",
                "warning",
                `Port ${port} of ${entry.name} is not in port_registry.allocated`,
                {
                  path: portPath,
                  hint: "Record it in port_registry.allocated so no other service takes it.",
                },
              ),
            );
          } else if (holder !== entry.name && holder !== entry.container_name) {
            out.push(
              diagnostic("registry/port-duplicate", "error", `Port ${port} already allocated to ${holder}`, {
                path: portPath,
                hint: "Each port belongs to one service; take the next free port of the range.",
              }),
            );
          }
        });
        checkNetworks(entry.networks, [...path, "networks"]);
        const type = entry.type ?? index.typeOf(entry.name);
        if (entry.healthcheck === false && type !== undefined && index.criticalTypes.has(type)) {
          out.push(
            diagnostic(
              "registry/health-missing",
              "error",
              `Critical service ${entry.name} (${type}) must define a healthcheck`,
              {
                path: formatPath([...path, "healthcheck"]),
                hint: "Give the service a healthcheck and set healthcheck: true.",
              },
            ),
          );
        }
        const dependencies = entry.dependencies ?? [];
        adjacency.set(entry.name, [...(adjacency.get(entry.name) ?? []), ...dependencies]);
        entries.push({ app, name: entry.name, path, dependencies });
      });
    }
  }
  return { owner, adjacency, entries };
}

/** Dependencies: defined, in tier order, on the networks the rules require, without cycles. */
function checkDependencies({ index, out }: Check, { owner, adjacency, entries }: ServiceGraph): void {
  for (const entry of entries) {
    entry.dependencies.forEach((dependency, d) => {
      const path = formatPath([...entry.path, "dependencies", d]);
      if (!adjacency.has(dependency)) {
        out.push(
          diagnostic(
            "registry/dependency-missing",
            "error",
            `Service ${entry.name} depends on ${dependency} which is not defined`,
            { path, hint: "List the dependency under services:, or fix the name." },
          ),
        );
        return;
      }
      const own = index.tierOf(entry.name);
      const theirs = index.tierOf(dependency);
      if (own !== undefined && theirs !== undefined && own <= theirs) {
        out.push(
          diagnostic(
            "registry/tier-order",
            "warning",
            `Service ${entry.name} should start after ${dependency} (tier ${own} depends on tier ${theirs})`,
            { path, hint: "Move the service to a later tier in startup_tiers." },
          ),
        );
      }
    });
    const entryRef = index.services.get(entry.name);
    for (const rule of index.requiredNetworks) {
      if (!rule.applies_to.some((app) => app.toLowerCase() === entry.app.toLowerCase())) continue;
      const needs = entry.dependencies.filter((d) => rule.required_for.includes(d));
      const networks = entryRef?.entry.networks ?? [];
      if (needs.length === 0 || networks.includes(rule.network)) continue;
      out.push(
        diagnostic(
          "registry/network-required",
          "error",
          `Service ${entry.name} must be on ${rule.network} to access ${needs.join(", ")}`,
          {
            path: formatPath([...entry.path, "networks"]),
            hint: `Add ${rule.network} to the service's networks.`,
          },
        ),
      );
    }
  }

  for (const cycle of findCycles(adjacency)) {
    out.push(
      diagnostic("registry/dependency-cycle", "error", `Circular dependency: ${cycle.join(" → ")}`, {
        path: formatPath(["services", owner.get(cycle[0]!) ?? "", "dependencies"]),
        hint: "Remove one of these dependencies.",
      }),
    );
  }
}

/** Tiers and rules that name services and networks. */
function checkNamedServices(
  { registry, out, knownNetworks }: Check,
  claimed: ReadonlyMap<number, string>,
  adjacency: ReadonlyMap<string, string[]>,
): void {
  const allocatedNames = new Set(claimed.values());
  (registry.startup_tiers ?? []).forEach((tier, t) => {
    (tier.services ?? []).forEach((name, s) => {
      if (adjacency.has(name) || allocatedNames.has(name)) return;
      out.push(
        diagnostic("registry/unknown-service", "warning", `Tier ${tier.tier} names unknown service ${name}`, {
          path: formatPath(["startup_tiers", t, "services", s]),
          hint: "List the service under services:, or remove it from the tier.",
        }),
      );
    });
  });
  (registry.rules?.required_networks ?? []).forEach((rule, r) => {
    if (knownNetworks === undefined || knownNetworks.has(rule.network)) return;
    out.push(
      diagnostic(
        "registry/unknown-network",
        "error",
        `Network ${rule.network} is not defined in the registry`,
        {
          path: formatPath(["rules", "required_networks", r, "network"]),
          hint: "Add it under networks:, or fix the name.",
        },
      ),
    );
  });
}
