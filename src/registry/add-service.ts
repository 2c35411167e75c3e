import { Document, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { INFRA_TECH_WORDS, isServiceKind, KIND_INFO, type ServiceKind } from "../core/kinds.js";
import { fail, ok, type Result } from "../core/result.js";
import { indexRegistry } from "./lookup.js";
import type { PortAllocation, Registry, RegistryService } from "./schema.js";

/** What to add: a service of an application, optionally of a known kind. */
export interface AddServiceRequest {
  /** The registry application, e.g. `prism` (case-insensitive). */
  application: string;
  /** The service name, e.g. `prism-backend`. */
  service: string;
  /**
   * A service kind, a tech word (`postgresql`, `mongo`), or one of the registry's type words: `api` and `application` mean `backend`;
   * `database`, `cache`, `queue`, `search` and `storage` mean slipway's kind of that category
   * (`postgres`, `redis`, `rabbitmq`, `meilisearch`, `minio`).
   */
  kind?: ServiceKind | RegistryTypeWord | (string & {});
  /** The host port; default the first free port of the application's range. Must be free and in the range. */
  hostPort?: number;
  /** The port the service listens on inside its container; defaults to the kind's. */
  containerPort?: number;
  /** Services it needs (registry names), e.g. `["forge-postgres", "forge-redis"]`. */
  dependencies?: string[];
  /** The image; defaults to the kind's pinned image, or `<service>:dev` built from `./<service>`. */
  image?: string;
  /** The Compose file the service goes in; dependencies listed there become `depends_on`. */
  composeFile?: string;
  /** The registry environment list the entry goes in. Default `dev`. */
  environment?: string;
  description?: string;
}

/** The registry entries to add for a new service: its port allocation and its service entry. */
export interface RegistryAddition {
  /** Add under `port_registry.allocated`. */
  allocated: Record<string, PortAllocation>;
  /** Add to `services.<app>.<environment>`. */
  service: { app: string; environment: string; entry: RegistryService };
}

/** The registry's type words `addService` takes as a kind. */
export type RegistryTypeWord = "api" | "application" | "database" | "cache" | "queue" | "search" | "storage";

/** The kind each registry type word stands for. */
const KIND_OF_TYPE: Readonly<Record<RegistryTypeWord, ServiceKind>> = {
  api: "backend",
  application: "backend",
  database: "postgres",
  cache: "redis",
  queue: "rabbitmq",
  search: "meilisearch",
  storage: "minio",
};

/** The service kind a request's kind names: itself, the kind of a registry type word, or `null` when unknown. */
function resolveKind(kind: string | undefined): ServiceKind | undefined | null {
  if (kind === undefined) return undefined;
  const word = kind.toLowerCase();
  if (isServiceKind(word)) return word;
  if (Object.hasOwn(KIND_OF_TYPE, word)) return KIND_OF_TYPE[word as RegistryTypeWord];
  for (const [infra, words] of Object.entries(INFRA_TECH_WORDS))
    if ((words as readonly string[]).includes(word)) return infra as ServiceKind;
  return null;
}

/** Pinned images for the infrastructure kinds. */
const KIND_IMAGES: Partial<Record<ServiceKind, string>> = {
  postgres: "postgres:16-alpine",
  postgis: "postgis/postgis:16-3.4-alpine",
  pgvector: "pgvector/pgvector:pg16",
  mysql: "mysql:8.4",
  mariadb: "mariadb:11.4",
  mongodb: "mongo:7.0",
  redis: "redis:7.4-alpine",
  rabbitmq: "rabbitmq:3.13-management-alpine",
  meilisearch: "getmeili/meilisearch:v1.10",
  minio: "minio/minio:RELEASE.2024-10-13T13-34-11Z",
  traefik: "traefik:v3.5",
  caddy: "caddy:2.10-alpine",
  loki: "grafana/loki:3.7.2",
  promtail: "grafana/promtail:3.6.10",
  grafana: "grafana/grafana:12.4.0",
  mailpit: "axllent/mailpit:v1.28.2",
  elasticsearch: "docker.elastic.co/elasticsearch/elasticsearch:9.5.2",
  opensearch: "opensearchproject/opensearch:3.8.0",
  kafka: "apache/kafka:4.1.2",
  nats: "nats:2.11.6-alpine",
  mosquitto: "eclipse-mosquitto:2.0.22",
};

/** The registry type of a kind: app kinds by role, infrastructure kinds by category. */
function typeOfKind(kind: ServiceKind | undefined): string | undefined {
  if (kind === undefined) return undefined;
  if (kind === "backend") return "api";
  if (kind === "frontend" || kind === "worker") return kind;
  return KIND_INFO[kind].category;
}

const HEALTHCHECKS: Readonly<Record<string, (port: number, kind: ServiceKind | undefined) => string[]>> = {
  database: (_port, kind) =>
    kind === "mysql" || kind === "mariadb"
      ? ["CMD", "healthcheck.sh", "--connect"]
      : kind === "mongodb"
        ? ["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]
        : ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"],
  cache: () => ["CMD", "redis-cli", "ping"],
  api: (port) => ["CMD", "curl", "-f", `http://localhost:${port}/health`],
};

/**
 * The registry's "adding a new service" flow as data: finds the next free port in the
 * application's range (not allocated, not listed by any service, not a system port), and returns
 * it with the Compose snippet for the service and the registry entries to add. The snippet
 * joins the networks the registry requires for the application, gets a healthcheck when its type
 * is critical, and lists as `depends_on` only dependencies in the same Compose file (Compose
 * rejects `depends_on` on services of other files; those stay in the registry's `dependencies`).
 * Fails with `registry/unknown-app`, `registry/service-exists`, `registry/unknown-kind`,
 * `registry/port-out-of-range`, `registry/port-taken` (a `hostPort` asked for), `registry/range-full` or
 * `registry/no-port`.
 *
 * @example
 * ```ts
 * const r = addService(registry, { application: "prism", service: "prism-backend", kind: "backend", containerPort: 8000 });
 * if (r.ok) r.value.port; // 6000 — the first free port of PRISM's 6000-6999
 * ```
 */
export function addService(
  registry: Registry,
  request: AddServiceRequest,
): Result<{ port: number; snippet: string; entry: RegistryAddition }> {
  const index = indexRegistry(registry);
  const app = request.application.toLowerCase();
  const appKey = Object.keys(registry.port_registry.ranges).find((key) => key.toLowerCase() === app) ?? app;
  const range = index.ranges.get(app);
  const problems: Diagnostic[] = [];
  if (range === undefined)
    problems.push(
      diagnostic("registry/unknown-app", "error", `Application ${request.application} has no port range`, {
        path: "application",
        hint: `Known applications: ${[...index.ranges.keys()].join(", ") || "none"}.`,
      }),
    );
  if (
    index.services.has(request.service) ||
    [...index.allocations.values()].some((a) => a.service === request.service)
  )
    problems.push(
      diagnostic(
        "registry/service-exists",
        "error",
        `Service ${request.service} is already in the registry`,
        {
          path: "service",
          hint: "Pick another name, or edit the existing entry.",
        },
      ),
    );
  const kind = resolveKind(request.kind);
  if (kind === null)
    problems.push(
      diagnostic("registry/unknown-kind", "error", `Unexpected kind ${String(request.kind)}`, {
        path: "kind",
        hint: `Use a service kind (${Object.keys(KIND_INFO).join(", ")}) or a registry type (${Object.keys(KIND_OF_TYPE).join(", ")}).`,
      }),
    );
  const containerPort = request.containerPort ?? (kind == null ? 8000 : KIND_INFO[kind].containerPort);
  if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535)
    problems.push(
      diagnostic(
        "registry/no-port",
        "error",
        `Service ${request.service} listens on no port, so it needs none`,
        {
          path: "containerPort",
          hint: "Give the port the service listens on inside its container (1-65535).",
        },
      ),
    );
  if (problems.length > 0 || range === undefined || kind === null) return fail(problems);
  const picked = pickPort(index, range, appKey, request.hostPort);
  if (!picked.ok) return picked;
  const port = picked.value;

  const type = typeOfKind(kind) ?? "api";
  const networks = ["default"];
  for (const rule of index.requiredNetworks)
    if (rule.applies_to.some((a) => a.toLowerCase() === app) && !networks.includes(rule.network))
      networks.push(rule.network);
  for (const [name, network] of Object.entries(registry.networks ?? {}))
    if (network.shared === true && !networks.includes(name)) networks.push(name);
  const dependencies = request.dependencies ?? [];
  const sameFile = dependencies.filter(
    (d) =>
      request.composeFile !== undefined && index.services.get(d)?.entry.compose_file === request.composeFile,
  );
  const elsewhere = dependencies.filter((d) => !sameFile.includes(d));

  const image =
    request.image ?? (kind !== undefined ? KIND_IMAGES[kind] : undefined) ?? `${request.service}:dev`;
  const service: Record<string, unknown> = { image, container_name: request.service };
  if (request.image === undefined && (kind === undefined || KIND_IMAGES[kind] === undefined))
    service.build = { context: `./${request.service}` };
  service.ports = [`${port}:${containerPort}`];
  service.networks = networks;
  const test = HEALTHCHECKS[type]?.(containerPort, kind);
  if (test !== undefined && index.criticalTypes.has(type))
    service.healthcheck = { test, interval: "10s", timeout: "5s", retries: 5, start_period: "10s" };
  if (sameFile.length > 0)
    service.depends_on = Object.fromEntries(sameFile.map((d) => [d, { condition: "service_started" }]));
  service.restart = "unless-stopped";
  const document: Record<string, unknown> = { services: { [request.service]: service } };
  const external = networks.filter((n) => n !== "default");
  if (external.length > 0)
    document.networks = Object.fromEntries(
      external.map((n) => [
        n,
        registry.networks?.[n]?.internal === true ? { internal: true } : { external: true },
      ]),
    );
  const snippetDoc = new Document(document);
  // Quoted: YAML 1.1 readers (docker-compose 1.x) take an unquoted `6022:22` for a base-60 number.
  const ports = snippetDoc.getIn(["services", request.service, "ports"]);
  if (isSeq(ports)) for (const item of ports.items) if (isScalar(item)) item.type = "QUOTE_SINGLE";
  let snippet = snippetDoc.toString({ lineWidth: 0 });
  if (elsewhere.length > 0)
    snippet = `# Started by other Compose files (see the registry): ${elsewhere.join(", ")}\n${snippet}`;

  const allocation: PortAllocation = {
    service: request.service,
    app: appKey,
    type,
    internal_port: containerPort,
  };
  allocation.protocol = type === "api" || type === "frontend" ? "http" : "tcp";
  if (request.description !== undefined) allocation.description = request.description;
  allocation.networks = networks;
  const entry: RegistryService = { name: request.service, image, type, ports: [port], networks };
  if (dependencies.length > 0) entry.dependencies = dependencies;
  if (service.healthcheck !== undefined) entry.healthcheck = true;
  if (request.composeFile !== undefined) entry.compose_file = request.composeFile;
  return ok({
    port,
    snippet,
    entry: {
      allocated: { [String(port)]: allocation },
      service: { app: appKey, environment: request.environment ?? "dev", entry },
    },
  });
}

function formatRangePath(app: string): string {
  return `port_registry.ranges.${app}`;
}

/**
 * The host port: the one asked for when it is a port of the application's range nobody holds,
 * else the first free port of the range (never a system port).
 */
function pickPort(
  index: ReturnType<typeof indexRegistry>,
  range: { start: number; end: number },
  app: string,
  asked: number | undefined,
): Result<number> {
  const taken = new Map<number, string>();
  for (const [port, allocation] of index.allocations) taken.set(port, allocation.service);
  for (const ref of index.services.values())
    for (const port of ref.entry.ports ?? []) if (!taken.has(port)) taken.set(port, ref.entry.name);
  if (asked !== undefined) {
    if (!Number.isInteger(asked) || asked < range.start || asked > range.end)
      return fail([
        diagnostic(
          "registry/port-out-of-range",
          "error",
          `Port ${asked} for app ${app} must be in range ${range.start}-${range.end}`,
          {
            path: "hostPort",
            hint: `Pick a free port of ${range.start}-${range.end}, or leave the port out to get the first free one.`,
          },
        ),
      ]);
    const holder = taken.get(asked);
    if (holder !== undefined)
      return fail([
        diagnostic("registry/port-taken", "error", `Port ${asked} already allocated to ${holder}`, {
          path: "hostPort",
          hint: "Leave the port out to get the first free one of the range.",
        }),
      ]);
    return ok(asked);
  }
  for (let p = Math.max(range.start, 1024); p <= range.end; p++) if (!taken.has(p)) return ok(p);
  return fail([
    diagnostic(
      "registry/range-full",
      "error",
      `Range ${range.start}-${range.end} of ${app} has no free port`,
      {
        path: formatRangePath(app),
        hint: "Free an allocation or widen the application's range (without overlapping another).",
      },
    ),
  ]);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** The offset just past the line holding `offset`. */
function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf("\n", Math.max(0, offset - 1));
  return newline === -1 ? text.length : newline + 1;
}

/** `value` as block YAML, each line indented by `indent` spaces. */
function yamlBlock(value: unknown, indent: number): string {
  const doc = new Document(value);
  const body = doc.toString({ lineWidth: 0 }).replace(/\n$/, "");
  return `${body
    .split("\n")
    .map((line) => (line === "" ? line : `${" ".repeat(indent)}${line}`))
    .join("\n")}\n`;
}

/**
 * Writes `leaf` at `path` into the registry's text without re-rendering it: under the deepest
 * block mapping of the path that exists, after its last entry, at its indentation; `asItem`
 * appends to the block sequence at `path`. `undefined` when the path crosses a flow collection,
 * an empty collection or a scalar (the caller then re-renders the document).
 */
function spliceInto(
  text: string,
  path: (string | number)[],
  leaf: unknown,
  asItem: boolean,
): string | undefined {
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  let depth = 0;
  while (depth < path.length && isMap(node)) {
    if (!node.has(path[depth])) break;
    const next = node.get(path[depth], true);
    // A key without a value (`allocated:`) cannot take a block under it here.
    if (next === undefined || next === null || (isScalar(next) && next.value === null)) return undefined;
    node = next;
    depth++;
  }
  const insert = (offset: number, block: string) =>
    `${text.slice(0, offset)}${offset > 0 && text[offset - 1] !== "\n" ? "\n" : ""}${block}${text.slice(offset)}`;
  if (depth === path.length && asItem) {
    if (!isSeq(node) || node.flow === true || node.items.length === 0 || node.range == null) return undefined;
    const last = node.items.at(-1) as { range?: [number, number, number] } | undefined;
    if (last?.range == null) return undefined;
    return insert(lineEndAfter(text, last.range[1]), yamlBlock([leaf], columnOf(text, node.range[0])));
  }
  if (!isMap(node) || node.flow === true || node.items.length === 0) return undefined;
  const first = node.items[0]!.key as { range?: [number, number, number] } | null;
  const lastPair = node.items.at(-1)!;
  const end = ((lastPair.value ?? lastPair.key) as { range?: [number, number, number] } | null)?.range?.[1];
  if (first?.range == null || end === undefined) return undefined;
  if (depth === path.length) return undefined;
  // The part of the path that does not exist yet, as nested mappings (Map keeps number keys numbers).
  let value: unknown = asItem ? [leaf] : new Map([[path.at(-1), leaf]]);
  for (const key of path.slice(depth, asItem ? path.length : -1).reverse()) value = new Map([[key, value]]);
  return insert(lineEndAfter(text, end), yamlBlock(value, columnOf(text, first.range[0])));
}

/**
 * The registry text with an addition written in: the allocation under `port_registry.allocated`
 * and the service entry appended to `services.<app>.<environment>`. The rest of the text stays as
 * it was, comments and formatting included (a registry written in flow style throughout is
 * re-rendered instead).
 *
 * @example
 * ```ts
 * const r = addService(registry, { application: "prism", service: "prism-cache", kind: "redis" });
 * if (r.ok) writeFileSync("registry.yml", insertRegistryAddition(text, r.value.entry));
 * ```
 */
export function insertRegistryAddition(text: string, addition: RegistryAddition): string {
  let out = text;
  for (const [port, allocation] of Object.entries(addition.allocated)) {
    const spliced = spliceInto(out, ["port_registry", "allocated", Number(port)], allocation, false);
    if (spliced !== undefined) out = spliced;
    else {
      const doc = parseDocument(out);
      if (!isMap(doc.getIn(["port_registry", "allocated"])))
        doc.setIn(["port_registry", "allocated"], doc.createNode({}));
      doc.setIn(["port_registry", "allocated", Number(port)], doc.createNode(allocation));
      out = doc.toString({ lineWidth: 0 });
    }
  }
  const { app, environment, entry } = addition.service;
  const list = ["services", app, environment];
  const spliced = spliceInto(out, list, entry, true);
  if (spliced !== undefined) return spliced;
  const doc = parseDocument(out);
  if (!isSeq(doc.getIn(list))) doc.setIn(list, doc.createNode([]));
  doc.addIn(list, doc.createNode(entry));
  return doc.toString({ lineWidth: 0 });
}

/** Where the registry's ports table sits in a Markdown file. */
export const REGISTRY_DOCS_MARKERS = {
  start: "<!-- slipway:registry-ports:start -->",
  end: "<!-- slipway:registry-ports:end -->",
} as const;

function cell(text: string | number | undefined): string {
  return String(text ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

/**
 * The registry's allocated ports as a Markdown table (port, service, application, type, container
 * port, protocol, description), by port.
 *
 * @example
 * ```ts
 * renderRegistryPortsTable(registry); // "| Port | Service | App | …"
 * ```
 */
export function renderRegistryPortsTable(registry: Registry): string {
  const rows = Object.entries(registry.port_registry.allocated ?? {})
    .map(([port, a]) => ({ port: Number(port), a }))
    .sort((x, y) => x.port - y.port)
    .map(
      ({ port, a }) =>
        `| ${port} | ${cell(a.service)} | ${cell(a.app)} | ${cell(a.type)} | ${cell(a.internal_port)} | ${cell(a.protocol)} | ${cell(a.description)} |`,
    );
  return [
    "| Port | Service | App | Type | Container port | Protocol | Description |",
    "|---:|---|---|---|---:|---|---|",
    ...rows,
  ].join("\n");
}

/**
 * A Markdown document with the registry's ports table brought up to date between
 * {@link REGISTRY_DOCS_MARKERS}; a document without the markers gets a "Port registry" section
 * at its end, and no document becomes one holding only that section.
 *
 * @example
 * ```ts
 * const md = updateRegistryDocs(readFileSync("infrastructure.md", "utf8"), registry);
 * ```
 */
export function updateRegistryDocs(existing: string | undefined, registry: Registry): string {
  const block = `${REGISTRY_DOCS_MARKERS.start}\n${renderRegistryPortsTable(registry)}\n${REGISTRY_DOCS_MARKERS.end}`;
  if (existing !== undefined) {
    const start = existing.indexOf(REGISTRY_DOCS_MARKERS.start);
    const end = existing.indexOf(REGISTRY_DOCS_MARKERS.end);
    if (start >= 0 && end > start)
      return `${existing.slice(0, start)}${block}${existing.slice(end + REGISTRY_DOCS_MARKERS.end.length)}`;
  }
  const section = `## Port registry\n\nKept up to date by \`slipway add-service --registry\` from the registry file.\n\n${block}\n`;
  if (existing === undefined || existing.trim() === "") return `# Infrastructure\n\n${section}`;
  return `${existing.replace(/\s*$/, "")}\n\n${section}`;
}
