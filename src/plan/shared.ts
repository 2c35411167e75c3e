import type { ArchitectureMap } from "../architecture/index.js";
import { parseImageRef } from "../compose/index.js";
import { type Diagnostic, diagnostic } from "../core/index.js";
import { INFRA_TECH_WORDS, type InfraKind, KIND_INFO } from "../core/kinds.js";
import type { Registry, SharedService } from "../registry/index.js";
import { sharedServicesOf } from "../registry/index.js";

/** A map service that a registry's shared service stands in for. */
export interface SharedUse {
  /** The shared service (`forge-postgres`): host name, ports and networks. */
  shared: SharedService;
  /** The port to reach it on inside the shared network. */
  containerPort: number;
}

/** The kinds whose service can stand in for a map's kind: PostgreSQL serves a plain `postgres`. */
function servingKinds(kind: InfraKind): InfraKind[] {
  return kind === "postgres" ? ["postgres", "postgis", "pgvector"] : [kind];
}

/** True when the shared service's image is of the kind (or it names no image and its type fits). */
function serves(shared: SharedService, kind: InfraKind): boolean {
  if (shared.type !== undefined && shared.type !== KIND_INFO[kind].category) return false;
  if (shared.image === undefined) return shared.type !== undefined;
  const repository = parseImageRef(shared.image).repository.toLowerCase();
  const name = repository.slice(repository.lastIndexOf("/") + 1);
  return servingKinds(kind).some((k) => INFRA_TECH_WORDS[k].some((word) => name.startsWith(word)));
}

/**
 * Which infrastructure services of the map the registry's shared services stand in for: for each
 * service the application uses from another application (`sharedServicesOf`), the first map
 * service of the same kind (PostgreSQL for `postgres:16-alpine`, any PostgreSQL image for a plain
 * `postgres` entry) with the same category. Such a service is not generated: the apps join the
 * shared service's network and their URLs name its host. One info diagnostic says so per service.
 *
 * @example
 * ```ts
 * const { uses } = sharedUses(map, { registry, application: "synapse" });
 * uses.get("postgres")?.shared.name; // "forge-postgres"
 * ```
 */
export function sharedUses(
  map: ArchitectureMap,
  registry: { registry: Registry; application: string },
): { uses: ReadonlyMap<string, SharedUse>; diagnostics: Diagnostic[] } {
  const uses = new Map<string, SharedUse>();
  const diagnostics: Diagnostic[] = [];
  const taken = new Set<string>();
  for (const shared of sharedServicesOf(registry.registry, registry.application)) {
    const infra = map.infrastructure.find((s) => !uses.has(s.name) && serves(shared, s.kind));
    if (infra === undefined || taken.has(shared.name)) continue;
    taken.add(shared.name);
    const containerPort = shared.internalPort ?? KIND_INFO[infra.kind].containerPort;
    uses.set(infra.name, { shared, containerPort });
    const on = shared.networks.length > 0 ? ` on ${shared.networks.join(", ")}` : "";
    diagnostics.push(
      diagnostic(
        "plan/registry-shared-service",
        "info",
        `${infra.name} is the registry's shared ${shared.name}${on} (application ${shared.app}); no own service is generated`,
        {
          path: infra.source,
          hint: "The apps join its network and connect to it by name; its credentials go in .env.development.",
        },
      ),
    );
  }
  return { uses, diagnostics };
}
