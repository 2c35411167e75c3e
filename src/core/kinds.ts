/**
 * The kinds of service slipway can generate. Infrastructure kinds name an image family; app kinds
 * (`backend`, `frontend`, `worker`) are built from the project's own code.
 */
export const SERVICE_KINDS = [
  "postgres",
  "postgis",
  "pgvector",
  "mysql",
  "mariadb",
  "mongodb",
  "redis",
  "rabbitmq",
  "meilisearch",
  "minio",
  "traefik",
  "caddy",
  "loki",
  "promtail",
  "grafana",
  "mailpit",
  "elasticsearch",
  "opensearch",
  "kafka",
  "nats",
  "mosquitto",
  "backend",
  "frontend",
  "worker",
] as const;

/** A kind of service slipway can generate. */
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** The kinds built from the project's own code. */
export const APP_KINDS = ["backend", "frontend", "worker"] as const satisfies readonly ServiceKind[];

/** A kind of infrastructure service, run from an image. */
export type InfraKind = Exclude<ServiceKind, (typeof APP_KINDS)[number]>;

/**
 * The words that name each infrastructure kind in a map's `tech` field or in free text. The first
 * word is the tech's own name, listed in hints (`KNOWN_TECHS`); this table is the one source of
 * which techs exist.
 */
export const INFRA_TECH_WORDS: Readonly<Record<InfraKind, readonly [string, ...string[]]>> = {
  postgres: ["postgresql", "postgres", "pg"],
  postgis: ["postgis"],
  pgvector: ["pgvector"],
  mysql: ["mysql"],
  mariadb: ["mariadb"],
  mongodb: ["mongodb", "mongo"],
  redis: ["redis"],
  rabbitmq: ["rabbitmq", "rabbit"],
  meilisearch: ["meilisearch", "meili"],
  minio: ["minio"],
  traefik: ["traefik"],
  caddy: ["caddy"],
  loki: ["loki"],
  promtail: ["promtail"],
  grafana: ["grafana"],
  mailpit: ["mailpit"],
  elasticsearch: ["elasticsearch"],
  opensearch: ["opensearch"],
  kafka: ["kafka"],
  nats: ["nats"],
  mosquitto: ["mosquitto"],
};

/** What a service is for; drives healthcheck and security rules. */
export type ServiceCategory =
  | "database"
  | "cache"
  | "queue"
  | "search"
  | "storage"
  | "application"
  | "proxy"
  | "monitoring"
  | "mail";

/** The deployment environments slipway writes files for. */
export const ENVIRONMENTS = ["development", "staging", "production"] as const;

/** A deployment environment. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** Project types slipway detects and has starter templates for. */
export const PROJECT_TYPES = ["fastapi", "express", "react", "nextjs", "symfony"] as const;

/** A detected project type. */
export type ProjectType = (typeof PROJECT_TYPES)[number];

/** Facts about a service kind that every module agrees on. */
export interface KindInfo {
  category: ServiceCategory;
  /** The port the service listens on inside its container. */
  containerPort: number;
  /** A human name for messages and comments. */
  label: string;
}

/** The shared facts of each service kind. */
export const KIND_INFO: Readonly<Record<ServiceKind, KindInfo>> = {
  postgres: { category: "database", containerPort: 5432, label: "PostgreSQL" },
  postgis: { category: "database", containerPort: 5432, label: "PostgreSQL with PostGIS" },
  pgvector: { category: "database", containerPort: 5432, label: "PostgreSQL with pgvector" },
  mysql: { category: "database", containerPort: 3306, label: "MySQL" },
  mariadb: { category: "database", containerPort: 3306, label: "MariaDB" },
  mongodb: { category: "database", containerPort: 27017, label: "MongoDB" },
  redis: { category: "cache", containerPort: 6379, label: "Redis" },
  rabbitmq: { category: "queue", containerPort: 5672, label: "RabbitMQ" },
  meilisearch: { category: "search", containerPort: 7700, label: "Meilisearch" },
  minio: { category: "storage", containerPort: 9000, label: "MinIO" },
  traefik: { category: "proxy", containerPort: 80, label: "Traefik" },
  caddy: { category: "proxy", containerPort: 80, label: "Caddy" },
  loki: { category: "monitoring", containerPort: 3100, label: "Loki" },
  promtail: { category: "monitoring", containerPort: 9080, label: "Promtail" },
  grafana: { category: "monitoring", containerPort: 3000, label: "Grafana" },
  // The web UI is its own port; SMTP (1025) is an extra one (`extraPortsOf`).
  mailpit: { category: "mail", containerPort: 8025, label: "Mailpit" },
  elasticsearch: { category: "search", containerPort: 9200, label: "Elasticsearch" },
  opensearch: { category: "search", containerPort: 9200, label: "OpenSearch" },
  // The listener for clients on the host; containers use the internal one on 9092.
  kafka: { category: "queue", containerPort: 9094, label: "Apache Kafka" },
  nats: { category: "queue", containerPort: 4222, label: "NATS" },
  mosquitto: { category: "queue", containerPort: 1883, label: "Eclipse Mosquitto" },
  backend: { category: "application", containerPort: 4000, label: "Backend" },
  frontend: { category: "application", containerPort: 3000, label: "Frontend" },
  worker: { category: "application", containerPort: 0, label: "Worker" },
};

/**
 * The infrastructure kinds, in `SERVICE_KINDS` order.
 *
 * @example
 * ```ts
 * infraKinds()[0]; // "postgres"
 * ```
 */
export function infraKinds(): InfraKind[] {
  return SERVICE_KINDS.filter((k): k is InfraKind => !(APP_KINDS as readonly string[]).includes(k));
}

/**
 * True when `value` is a service kind slipway knows.
 *
 * @example
 * ```ts
 * isServiceKind("redis"); // true
 * isServiceKind("oracle"); // false
 * ```
 */
export function isServiceKind(value: string): value is ServiceKind {
  return (SERVICE_KINDS as readonly string[]).includes(value);
}
