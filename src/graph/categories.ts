import { parseImageRef } from "../compose/image.js";

/**
 * A service's type as the rules see it: `database`, `cache`, `queue`, `search`, `storage`,
 * `proxy`, `monitoring`, `api`, `frontend`, or any type a registry names.
 */
export type ServiceType = string;

/** Image name words and the service type they mean. */
const IMAGE_TYPES: ReadonlyMap<string, ServiceType> = new Map([
  ...words("database", [
    "postgres",
    "postgresql",
    "postgis",
    "pgvector",
    "timescaledb",
    "mysql",
    "mariadb",
    "mongo",
    "mongodb",
    "mssql",
    "cockroach",
    "cockroachdb",
    "couchdb",
    "cassandra",
    "scylla",
    "clickhouse",
    "neo4j",
    "influxdb",
    "questdb",
    "surrealdb",
    "percona",
  ]),
  ...words("cache", ["redis", "valkey", "memcached", "keydb", "dragonfly", "dragonflydb", "garnet"]),
  ...words("queue", ["rabbitmq", "kafka", "nats", "activemq", "artemis", "redpanda", "pulsar", "mosquitto"]),
  ...words("search", [
    "meilisearch",
    "elasticsearch",
    "opensearch",
    "typesense",
    "solr",
    "qdrant",
    "weaviate",
  ]),
  ...words("storage", ["minio"]),
  ...words("proxy", ["nginx", "caddy", "traefik", "haproxy", "envoy", "httpd", "openresty"]),
  ...words("monitoring", [
    "grafana",
    "prometheus",
    "loki",
    "promtail",
    "tempo",
    "alloy",
    "jaeger",
    "alertmanager",
  ]),
]);

/** Words that mark a tool around a service (exporters, admin UIs, backups), not the service itself. */
const TOOL_WORDS = new Set([
  "exporter",
  "commander",
  "express",
  "admin",
  "adminer",
  "ui",
  "insight",
  "backup",
  "migrate",
  "dump",
  "gui",
  "cli",
  "operator",
  "connect",
  "proxy",
]);

function words(type: ServiceType, names: string[]): [string, ServiceType][] {
  return names.map((name) => [name, type]);
}

/**
 * Infers a service's type from its image name: the words of the repository path
 * (`bitnami/postgresql` → `database`, `valkey/valkey` → `cache`, `traefik` → `proxy`). Images of
 * tools around a service (`postgres-exporter`, `mongo-express`, `redis-commander`) get no type.
 *
 * @example
 * ```ts
 * inferImageType("postgis/postgis:16-3.4"); // "database"
 * inferImageType("redis:7-alpine"); // "cache"
 * inferImageType("prometheuscommunity/postgres-exporter:v0.15.0"); // "monitoring"
 * ```
 */
export function inferImageType(image: string): ServiceType | undefined {
  const { repository } = parseImageRef(image.toLowerCase());
  const segments = repository.split("/");
  // The first segment is a registry host when it has a dot, a port or is localhost.
  if (segments.length > 1 && /[.:]|^localhost$/.test(segments[0]!)) segments.shift();
  const tokens = segments.flatMap((segment) => segment.split(/[-_.]+/)).filter((t) => t !== "");
  if (tokens.includes("exporter")) return "monitoring";
  // An image whose own name is a proxy (envoyproxy/envoy) stays a proxy; other tool words mean a tool.
  const last = segments[segments.length - 1] ?? "";
  const lastType = IMAGE_TYPES.get(last);
  if (lastType !== undefined) return lastType;
  if (tokens.some((token) => TOOL_WORDS.has(token))) return undefined;
  for (const token of tokens.slice().reverse()) {
    const type = IMAGE_TYPES.get(token);
    if (type !== undefined) return type;
  }
  return undefined;
}

/** Service-name words that mark an HTTP API. */
const API_WORDS = new Set(["api", "backend"]);

/**
 * Infers a service's type from its name when the image says nothing: a name with the word `proxy`
 * or a proxy's name (`nginx`, `caddy`, `haproxy`, …) is a `proxy`; `api` or `backend` (`api`,
 * `synapse-backend`, `orders_api`) an `api`; `frontend`/`web`/`ui` a `frontend`.
 *
 * @example
 * ```ts
 * inferNameType("synapse-backend"); // "api"
 * ```
 */
export function inferNameType(name: string): ServiceType | undefined {
  const tokens = name.toLowerCase().split(/[-_.]+/);
  // A proxy built from a Dockerfile is known by its name: `nginx`, `caddy`, `reverse-proxy`.
  if (tokens.some((token) => token === "proxy" || IMAGE_TYPES.get(token) === "proxy")) return "proxy";
  if (tokens.some((token) => API_WORDS.has(token))) return "api";
  if (tokens.some((token) => token === "frontend" || token === "web" || token === "ui")) return "frontend";
  return undefined;
}
