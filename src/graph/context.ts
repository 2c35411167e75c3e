import type { DirectedGraph } from "graphology";
import type { ComposeFile, ComposeService } from "../compose/model.js";
import type { Diagnostic, Severity } from "../core/diagnostic.js";
import type { Environment } from "../core/kinds.js";
import { formatPath, type PathSegment } from "../core/path.js";
import type { DockerProbe } from "../core/probes.js";
import { indexRegistry, type RegistryIndex } from "../registry/lookup.js";
import type { Registry } from "../registry/schema.js";
import { buildServiceGraph, type ServiceGraph } from "./build.js";
import { inferImageType, inferNameType, type ServiceType } from "./categories.js";
import {
  type DependencyEntry,
  hasHealthcheck,
  type PortEntry,
  readDependencies,
  readEnvironment,
  readNetworks,
  readPorts,
  readVolumes,
  type VolumeEntry,
} from "./normalize.js";

/** What {@link validateCompose} may use besides the Compose model. Every field is optional. */
export interface ValidateDeps {
  /** The infrastructure registry the Compose file must follow (ranges, tiers, network rules). */
  registry?: Registry;
  /** The registry application this Compose file belongs to; otherwise looked up per service. */
  application?: string;
  /** A read-only Docker engine view, for checks against what already exists (`network/exists`). */
  docker?: DockerProbe;
  /** The environment the file is for; `production` turns on `network/internal-isolation`. */
  environment?: Environment;
  /** Run only the rules with these codes. */
  rules?: string[];
  /** Values for `${VAR}` interpolation (an `.env` file's contents); defaults in `${VAR:-x}` apply otherwise. */
  variables?: Record<string, string>;
  /**
   * Service name → type, when the caller knows what each service is (`planEnvironment` does): it
   * wins over what the image and the name suggest, and yields to a registry.
   */
  types?: Readonly<Record<string, ServiceType>>;
}

/** Everything the rules know about one service, read once. */
export interface ServiceFacts {
  name: string;
  /** Declaration order. */
  order: number;
  service: ComposeService;
  ports: PortEntry[];
  dependencies: DependencyEntry[];
  /** Network keys the service joins (`default` when it names none; none with `network_mode`). */
  networks: string[];
  volumes: VolumeEntry[];
  environment: Map<string, string | undefined>;
  image?: string;
  /** Registry type, else inferred from the image, else from the name. */
  type?: ServiceType;
  /** Where `type` came from. */
  typeSource?: "registry" | "declared" | "image" | "name";
  /** The registry application (lower case), when a registry is given. */
  application?: string;
  /** The registry startup tier. */
  tier?: number;
  healthcheck: boolean;
}

/** A top-level network or volume definition with the name the engine will see. */
export interface Declared {
  key: string;
  /** `name:` when set. */
  name?: string;
  external: boolean;
  internal: boolean;
}

/** The shared, indexed view every rule reads. Built once per validation in linear time. */
export interface RuleContext {
  compose: ComposeFile;
  deps: ValidateDeps;
  services: readonly ServiceFacts[];
  byName: ReadonlyMap<string, ServiceFacts>;
  /** The dependency graph (graphology), built on first use. */
  readonly graph: ServiceGraph;
  networks: ReadonlyMap<string, Declared>;
  volumes: ReadonlyMap<string, Declared>;
  registry?: RegistryIndex;
  /** `services.<name>` followed by more segments, formatted. */
  path(service: string, ...rest: PathSegment[]): string;
  /** The engine's network names, asked once; `undefined` without a reachable DockerProbe. */
  dockerNetworks(): Promise<string[] | undefined>;
  /** The engine name of a service's network key: its `name:`, else the key. */
  networkName(key: string): string;
}

/** A validation rule: one file in src/graph/rules/, one docs page in docs/rules/. */
export interface Rule {
  /** The diagnostic code the rule reports, e.g. `depends/missing`. */
  code: string;
  /** The severity of its diagnostics. */
  severity: Severity;
  /** What the rule checks, phrased as the passing state (a report's PASS line). */
  description: string;
  /** What the rule needs to run: a registry, a DockerProbe, or `environment: "production"`. */
  requires?: "registry" | "docker" | "production";
  check(context: RuleContext): Diagnostic[] | Promise<Diagnostic[]>;
}

function declared(map: unknown): Map<string, Declared> {
  const out = new Map<string, Declared>();
  if (map === null || typeof map !== "object") return out;
  for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
    const def = (value ?? {}) as Record<string, unknown>;
    const entry: Declared = { key, external: isTrue(def.external), internal: def.internal === true };
    if (typeof def.name === "string") entry.name = def.name;
    else if (def.external !== null && typeof def.external === "object") {
      // Legacy `external: { name: x }`.
      const legacy = (def.external as Record<string, unknown>).name;
      if (typeof legacy === "string") entry.name = legacy;
    }
    out.set(key, entry);
  }
  return out;
}

function isTrue(value: unknown): boolean {
  return value === true || (value !== null && typeof value === "object");
}

/**
 * Reads a Compose model once into the facts the rules share: ports, dependencies, networks and
 * volumes of every service in normalised form, the dependency graph, the declared networks and
 * volumes, and the registry lookups.
 *
 * @example
 * ```ts
 * const context = createRuleContext(compose, { registry });
 * context.byName.get("postgres")?.type; // "database"
 * ```
 */
export function createRuleContext(compose: ComposeFile, deps: ValidateDeps = {}): RuleContext {
  const registry = deps.registry === undefined ? undefined : indexRegistry(deps.registry);
  const application = deps.application?.toLowerCase();
  const variables = deps.variables ?? {};
  const services: ServiceFacts[] = [];
  const byName = new Map<string, ServiceFacts>();
  const entries = Object.entries((compose.services ?? {}) as Record<string, ComposeService>);
  entries.forEach(([name, raw], order) => {
    const service = (raw ?? {}) as ComposeService;
    const record = service as Record<string, unknown>;
    const facts: ServiceFacts = {
      name,
      order,
      service,
      ports: readPorts(record.ports, variables),
      dependencies: readDependencies(record.depends_on),
      networks: readNetworks(service),
      volumes: readVolumes(record.volumes, variables),
      environment: readEnvironment(record.environment),
      healthcheck: hasHealthcheck(service),
    };
    if (typeof record.image === "string") facts.image = record.image;
    const containerName = typeof record.container_name === "string" ? record.container_name : undefined;
    if (registry !== undefined) {
      const lookup = (fn: (s: string) => string | number | undefined) =>
        fn(name) ?? (containerName === undefined ? undefined : fn(containerName));
      const app = application ?? (lookup(registry.applicationOf) as string | undefined);
      if (app !== undefined) facts.application = app;
      const type = lookup(registry.typeOf) as string | undefined;
      if (type !== undefined) {
        facts.type = type;
        facts.typeSource = "registry";
      }
      const tier = lookup(registry.tierOf) as number | undefined;
      if (tier !== undefined) facts.tier = tier;
    }
    const declared =
      deps.types !== undefined && Object.hasOwn(deps.types, name) ? deps.types[name] : undefined;
    if (facts.type === undefined && declared !== undefined) {
      facts.type = declared;
      facts.typeSource = "declared";
    }
    if (facts.type === undefined && facts.image !== undefined) {
      const type = inferImageType(facts.image);
      if (type !== undefined) {
        facts.type = type;
        facts.typeSource = "image";
      }
    }
    if (facts.type === undefined) {
      const type = inferNameType(name);
      if (type !== undefined) {
        facts.type = type;
        facts.typeSource = "name";
      }
    }
    services.push(facts);
    byName.set(name, facts);
  });
  const networks = declared(compose.networks);
  let engineNetworks: Promise<string[] | undefined> | undefined;
  let graph: ServiceGraph | undefined;
  const context: RuleContext = {
    compose,
    deps,
    services,
    byName,
    // Built on first use: no rule needs graphology's structure, and 10,000 nodes cost time.
    get graph() {
      graph ??= buildServiceGraph(compose);
      return graph;
    },
    networks,
    volumes: declared(compose.volumes),
    path: (service, ...rest) => formatPath(["services", service, ...rest]),
    dockerNetworks() {
      engineNetworks ??= askNetworks(deps.docker);
      return engineNetworks;
    },
    networkName: (key) => networks.get(key)?.name ?? key,
  };
  if (registry !== undefined) context.registry = registry;
  return context;
}

async function askNetworks(docker: DockerProbe | undefined): Promise<string[] | undefined> {
  if (docker === undefined || !(await docker.available())) return undefined;
  return docker.networks();
}

export type { DirectedGraph };
