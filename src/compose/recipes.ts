import type { ServiceKind } from "../core/kinds.js";
import type { ServiceVariables } from "../core/variables.js";
import type { Healthcheck } from "./model.js";
import { CATALOGUE_RECIPES } from "./recipes-catalogue.js";

/** Which of a service's variables (see `serviceVariables` in the core) a container variable takes its value from. */
export type VariableRole = Exclude<keyof ServiceVariables, "port" | "url">;

/** How one service kind is run: image, pinned tag, healthcheck, data path and environment mapping. */
export interface Recipe {
  readonly kind: ServiceKind;
  /** Image repository (`postgres`, `pgvector/pgvector`); absent for app kinds, which are built. */
  readonly image?: string;
  /** The pinned default tag. Never `latest`. */
  readonly tag?: string;
  /** The tag for a version given as digits (`"16"` → `"16-alpine"`); other versions are used as tags as they are. */
  readonly tagFor?: (version: string) => string;
  /** Where the image keeps its data, for a given tag (PostgreSQL 18 moved it). */
  readonly dataPath?: (tag: string) => string;
  /** The healthcheck, with `$$` so the container's own variables are read at check time. */
  readonly healthcheck?: Healthcheck;
  /** Container variable → the service variable it is set from, as `${NAME}`. Always written. */
  readonly environment: Readonly<Record<string, VariableRole>>;
  /** The container command, when the image's default is not enough. */
  readonly command?: readonly string[];
  /** A password the service then requires in every environment (Redis `--requirepass`). */
  readonly authentication?: {
    readonly environment: Readonly<Record<string, VariableRole>>;
    /** The command with the password variable spliced in, e.g. `["redis-server", "--requirepass", "${REDIS_PASSWORD}"]`. */
    readonly command: (passwordReference: string) => string[];
  };
  /** A fixed container hostname, for images whose data is tied to it (RabbitMQ's node name). */
  readonly hostname?: boolean;
  /**
   * Literal container variables (`MEILI_NO_ANALYTICS: "true"`); values never hold secrets. The
   * service's name and host port are given for settings that name them (Kafka's advertised listeners).
   */
  readonly settings?: (
    environment: string,
    service?: { readonly name: string; readonly hostPort?: number | undefined },
  ) => Readonly<Record<string, string>>;
  /** Mounts every file of `SERVICE_CONFIG_FILES` for the kind read-only (`./config/<service>/…`). */
  readonly configFiles?: boolean;
  /** Fixed extra mounts, e.g. the Docker socket read-only for Promtail. */
  readonly mounts?: readonly string[];
  /** Process limits (`memlock`, `nofile`) the image needs, e.g. Elasticsearch's locked heap. */
  readonly ulimits?: Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;
  /** A memory limit in every environment (`deploy.resources.limits.memory`), for JVM services. */
  readonly memoryLimit?: string;
  /** Kinds this one needs running first: it waits for the project's services of those kinds. */
  readonly waitsFor?: readonly ServiceKind[];
}

/** Healthcheck timing for infrastructure services: quick checks, and a grace period for first-run initialisation. */
const INFRA_TIMING = { interval: "10s", timeout: "5s", retries: 5, start_period: "30s" } as const;

const digitsVersion = /^\d+(\.\d+)*$/;

function postgresMajor(tag: string): number | undefined {
  const pg = /pg(\d+)/.exec(tag);
  if (pg?.[1] !== undefined) return Number(pg[1]);
  const lead = /^(\d+)/.exec(tag);
  return lead?.[1] !== undefined ? Number(lead[1]) : undefined;
}

/**
 * PostgreSQL images up to 17 keep the cluster in /var/lib/postgresql/data; from 18 the image sets
 * PGDATA to /var/lib/postgresql/<major>/docker and expects the volume at /var/lib/postgresql
 * (mounting the old path makes an 18 container refuse to start). See "PGDATA" at
 * https://hub.docker.com/_/postgres
 */
function postgresDataPath(tag: string): string {
  const major = postgresMajor(tag);
  return major !== undefined && major >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
}

const postgresEnvironment = {
  POSTGRES_USER: "user",
  POSTGRES_PASSWORD: "password",
  POSTGRES_DB: "database",
} as const satisfies Record<string, VariableRole>;

const postgresHealthcheck: Healthcheck = {
  test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"],
  ...INFRA_TIMING,
};

/** The recipe of every service kind. Documented, with the reasons, in docs/compose.md. */
export const RECIPES: Readonly<Record<ServiceKind, Recipe>> = {
  postgres: {
    kind: "postgres",
    image: "postgres",
    tag: "17.6-alpine",
    tagFor: (v) => (digitsVersion.test(v) ? `${v}-alpine` : v),
    dataPath: postgresDataPath,
    healthcheck: postgresHealthcheck,
    environment: postgresEnvironment,
  },
  postgis: {
    kind: "postgis",
    image: "postgis/postgis",
    tag: "17-3.5",
    tagFor: (v) => (/^\d+$/.test(v) ? `${v}-${Number(v) >= 18 ? "3.6" : "3.5"}` : v),
    dataPath: postgresDataPath,
    healthcheck: postgresHealthcheck,
    environment: postgresEnvironment,
  },
  pgvector: {
    kind: "pgvector",
    image: "pgvector/pgvector",
    tag: "0.8.1-pg17",
    tagFor: (v) => (/^\d+$/.test(v) ? `0.8.1-pg${v}` : v),
    dataPath: postgresDataPath,
    healthcheck: postgresHealthcheck,
    environment: postgresEnvironment,
  },
  mysql: {
    kind: "mysql",
    image: "mysql",
    tag: "8.4",
    dataPath: () => "/var/lib/mysql",
    // mysqladmin ping exits 0 whenever the server answers, even "access denied", so it needs no
    // password; over TCP it stays unhealthy while the entrypoint's init server (socket only) runs.
    healthcheck: { test: ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "--silent"], ...INFRA_TIMING },
    environment: {
      MYSQL_ROOT_PASSWORD: "rootPassword",
      MYSQL_DATABASE: "database",
      MYSQL_USER: "user",
      MYSQL_PASSWORD: "password",
    },
  },
  mariadb: {
    kind: "mariadb",
    image: "mariadb",
    tag: "11.4",
    dataPath: () => "/var/lib/mysql",
    // healthcheck.sh ships in the official image and uses the healthcheck user its entrypoint creates.
    healthcheck: { test: ["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"], ...INFRA_TIMING },
    environment: {
      MARIADB_ROOT_PASSWORD: "rootPassword",
      MARIADB_DATABASE: "database",
      MARIADB_USER: "user",
      MARIADB_PASSWORD: "password",
    },
  },
  mongodb: {
    kind: "mongodb",
    image: "mongo",
    tag: "8.0",
    dataPath: () => "/data/db",
    // ping needs no authentication; mongosh exits non-zero when it cannot connect.
    healthcheck: {
      test: ["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping').ok"],
      ...INFRA_TIMING,
    },
    environment: {
      MONGO_INITDB_ROOT_USERNAME: "user",
      MONGO_INITDB_ROOT_PASSWORD: "password",
      MONGO_INITDB_DATABASE: "database",
    },
  },
  redis: {
    kind: "redis",
    image: "redis",
    tag: "8.2-alpine",
    tagFor: (v) => (digitsVersion.test(v) ? `${v}-alpine` : v),
    dataPath: () => "/data",
    // redis-cli exits 0 on error replies (NOAUTH, LOADING), so the reply itself is checked.
    // With a password, redis-cli reads it from REDISCLI_AUTH.
    healthcheck: { test: ["CMD-SHELL", "redis-cli ping | grep -q PONG"], ...INFRA_TIMING },
    environment: {},
    authentication: {
      environment: { REDISCLI_AUTH: "password" },
      command: (password) => ["redis-server", "--requirepass", password],
    },
  },
  rabbitmq: {
    kind: "rabbitmq",
    image: "rabbitmq",
    tag: "4.1-alpine",
    tagFor: (v) => (digitsVersion.test(v) ? `${v}-alpine` : v),
    dataPath: () => "/var/lib/rabbitmq",
    healthcheck: { test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"], ...INFRA_TIMING },
    // Always credentials: the built-in guest user may only connect from inside its own container.
    environment: { RABBITMQ_DEFAULT_USER: "user", RABBITMQ_DEFAULT_PASS: "password" },
    hostname: true,
  },
  meilisearch: {
    kind: "meilisearch",
    image: "getmeili/meilisearch",
    tag: "v1.15",
    tagFor: (v) => (digitsVersion.test(v) ? `v${v}` : v),
    dataPath: () => "/meili_data",
    healthcheck: { test: ["CMD", "curl", "-fsS", "http://localhost:7700/health"], ...INFRA_TIMING },
    environment: { MEILI_MASTER_KEY: "masterKey" },
    settings: (environment) => ({
      MEILI_ENV: environment === "development" ? "development" : "production",
      MEILI_NO_ANALYTICS: "true",
    }),
  },
  minio: {
    kind: "minio",
    image: "minio/minio",
    tag: "RELEASE.2025-04-22T22-12-26Z",
    dataPath: () => "/data",
    healthcheck: { test: ["CMD", "mc", "ready", "local"], ...INFRA_TIMING },
    environment: { MINIO_ROOT_USER: "user", MINIO_ROOT_PASSWORD: "password" },
    command: ["server", "/data", "--console-address", ":9001"],
  },
  traefik: {
    kind: "traefik",
    image: "traefik",
    tag: "v3.5",
    tagFor: (v) => (digitsVersion.test(v) ? `v${v}` : v),
    // The binary checks its own ping endpoint (enabled by the command `proxyCommand` writes); the
    // image has no shell tools to rely on.
    healthcheck: { test: ["CMD", "traefik", "healthcheck", "--ping"], ...INFRA_TIMING },
    environment: {},
  },
  caddy: {
    kind: "caddy",
    image: "caddy",
    tag: "2.10-alpine",
    tagFor: (v) => (digitsVersion.test(v) ? `${v}-alpine` : v),
    // Certificates and the internal CA live under XDG_DATA_HOME, /data in the official image.
    dataPath: () => "/data",
    // The admin API answers on localhost:2019 inside the container; the Alpine image has busybox
    // wget (and no curl), the Debian package's image has GNU wget: both take these flags.
    healthcheck: {
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:2019/config/"],
      ...INFRA_TIMING,
    },
    environment: {},
  },
  ...CATALOGUE_RECIPES,
  backend: { kind: "backend", environment: {} },
  frontend: { kind: "frontend", environment: {} },
  worker: { kind: "worker", environment: {} },
};

/** Healthcheck timing for application services (seed 003): a slower cadence, fewer retries. */
export const APP_HEALTHCHECK_TIMING = {
  interval: "30s",
  timeout: "10s",
  retries: 3,
  start_period: "30s",
} as const;

/** The runtimes app services are built on. */
export type AppRuntime = "node" | "python" | "php";

/**
 * An HTTP healthcheck that works in the stock image of each runtime: Node images have no curl but
 * Node 18+ has `fetch`; Python slim images have no curl but have urllib; PHP (FrankenPHP) images
 * ship curl.
 *
 * @example
 * ```ts
 * appHealthcheck("python", 8000, "/health").test;
 * // ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=5)"]
 * ```
 */
export function appHealthcheck(runtime: AppRuntime, port: number, path: string): Healthcheck {
  // `$` would be read as Compose interpolation; `$$` is a literal dollar.
  const url = `http://localhost:${port}${path.startsWith("/") ? path : `/${path}`}`.replace(/\$/g, "$$$$");
  const quoted = url.replace(/'/g, "%27");
  let test: string[];
  switch (runtime) {
    case "node":
      test = [
        "CMD",
        "node",
        "-e",
        // A failed request or a non-2xx status rejects, and an unhandled rejection exits non-zero.
        `fetch('${quoted}').then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); })`,
      ];
      break;
    case "python":
      test = ["CMD", "python", "-c", `import urllib.request; urllib.request.urlopen('${quoted}', timeout=5)`];
      break;
    case "php":
      test = ["CMD", "curl", "-fsS", "-o", "/dev/null", url];
      break;
  }
  return { test, ...APP_HEALTHCHECK_TIMING };
}

/**
 * The container variables a kind's recipe fills from the generated credentials (`POSTGRES_PASSWORD`,
 * `REDISCLI_AUTH`): a map's `environment` cannot set them, or the container and the connection URLs
 * in the env files would disagree.
 *
 * @example
 * ```ts
 * credentialKeys("postgres"); // ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"]
 * ```
 */
export function credentialKeys(kind: ServiceKind): string[] {
  const recipe = RECIPES[kind];
  return [...Object.keys(recipe.environment), ...Object.keys(recipe.authentication?.environment ?? {})];
}
