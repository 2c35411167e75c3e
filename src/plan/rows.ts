import type { AppServiceSpec, ArchitectureMap, InfraServiceSpec } from "../architecture/index.js";
import {
  type ExtraPortRole,
  extraPortsOf,
  KIND_INFO,
  type ServiceKind,
  serviceVariables,
} from "../core/index.js";

/** One service of the plan, from the map's infrastructure or apps. */
export interface ServiceRow {
  name: string;
  kind: ServiceKind;
  primary: boolean;
  infra?: InfraServiceSpec;
  app?: AppServiceSpec;
  containerPort: number;
}

function familyOf(kind: ServiceKind): string {
  if (
    kind === "postgis" ||
    kind === "pgvector" ||
    kind === "postgres" ||
    kind === "mysql" ||
    kind === "mariadb"
  ) {
    return "sql";
  }
  return kind;
}

/**
 * The services of a map as rows: infrastructure first, then apps; the first of each family is
 * "primary" (it gets the unprefixed variables, `DATABASE_URL`).
 *
 * @example
 * ```ts
 * serviceRows(map).map((r) => r.name); // ["postgres", "redis", "backend"]
 * ```
 */
export function serviceRows(map: ArchitectureMap): ServiceRow[] {
  const seenFamilies = new Set<string>();
  const rows: ServiceRow[] = [];
  for (const infra of map.infrastructure) {
    const family = familyOf(infra.kind);
    rows.push({
      name: infra.name,
      kind: infra.kind,
      primary: !seenFamilies.has(family),
      infra,
      containerPort: KIND_INFO[infra.kind].containerPort,
    });
    seenFamilies.add(family);
  }
  for (const app of map.apps) {
    rows.push({
      name: app.name,
      kind: app.kind,
      primary: false,
      app,
      containerPort: app.port ?? KIND_INFO[app.kind].containerPort,
    });
  }
  return rows;
}

/**
 * The graph rules' type of a service kind: its category, and `api` for backends.
 *
 * @example
 * ```ts
 * serviceType("backend"); // "api"
 * ```
 */
export function serviceType(kind: ServiceKind): string {
  const category = KIND_INFO[kind].category;
  if (category !== "application") return category;
  return kind === "backend" ? "api" : kind;
}

/**
 * The data volume of an infrastructure entry as the plan writes it. A project-relative path
 * (`./postgres-data-chi`) becomes a named volume, as the seed does; a nested one (`./data/pg`) joins
 * its folders with `-` (`data-pg`), since a named volume cannot hold `/`. Other paths (`/srv/pg`,
 * `../pg`, `~/pg`) stay bind mounts, and names stay as written.
 *
 * @example
 * ```ts
 * dataVolume("./data/pg"); // "data-pg"
 * ```
 */
export function dataVolume(volume: string): string {
  const relative = /^\.[\\/]+(.*)$/.exec(volume);
  if (relative === null) return volume;
  const folders = (relative[1] ?? "").split(/[\\/]+/).filter((f) => f !== "" && f !== ".");
  if (folders.length === 0 || folders.includes("..")) return volume;
  const name = folders
    .join("-")
    .replace(/[^a-zA-Z0-9._-]+/g, "-")
    .replace(/^[-._]+|-+$/g, "");
  return name === "" ? volume : name;
}

/**
 * The connection URL an application container uses to reach a service on the project network
 * (`host` is `name:containerPort` unless given, e.g. a registry's shared service).
 *
 * @example
 * ```ts
 * internalUrl({ name: "redis", kind: "redis", primary: true, containerPort: 6379 });
 * // "redis://:${REDIS_PASSWORD}@redis:6379"
 * ```
 */
export function internalUrl(row: ServiceRow, host = `${row.name}:${row.containerPort}`): string | undefined {
  const v = serviceVariables(row.kind, row.name, { primary: row.primary });
  switch (row.kind) {
    case "postgres":
    case "postgis":
    case "pgvector":
      return `postgresql://\${${v.user}}:\${${v.password}}@${host}/\${${v.database}}`;
    case "mysql":
    case "mariadb":
      return `mysql://\${${v.user}}:\${${v.password}}@${host}/\${${v.database}}`;
    case "mongodb":
      return `mongodb://\${${v.user}}:\${${v.password}}@${host}/\${${v.database}}?authSource=admin`;
    case "redis":
      return `redis://:\${${v.password}}@${host}`;
    case "rabbitmq":
      return `amqp://\${${v.user}}:\${${v.password}}@${host}`;
    case "meilisearch":
    case "minio":
    case "loki":
    case "grafana":
    case "mailpit":
    case "elasticsearch":
    case "opensearch":
      return `http://${host}`;
    case "traefik":
    case "caddy":
      return undefined;
    case "kafka":
      // The listener for containers (9092); the container port is the host-facing one.
      return `${row.name}:9092`;
    case "nats":
      return `nats://${host}`;
    case "mosquitto":
      return `mqtt://${host}`;
    default:
      return undefined;
  }
}

/**
 * Connection variables an app container gets besides the service's URL: Mailpit's SMTP address on
 * the project network (`SMTP_URL=smtp://mailpit:1025`); `.env.development` has the host's.
 *
 * @example
 * ```ts
 * extraInternalUrls({ name: "mailpit", kind: "mailpit", primary: true, containerPort: 8025 });
 * // { SMTP_URL: "smtp://mailpit:1025" }
 * ```
 */
export function extraInternalUrls(row: ServiceRow): Record<string, string> {
  const name = serviceVariables(row.kind, row.name, { primary: row.primary }).smtpUrl;
  return name === undefined ? {} : { [name]: `smtp://${row.name}:1025` };
}

/**
 * The container port of an app, when it listens on one (workers do not).
 *
 * @example
 * ```ts
 * appPort(worker); // {}
 * ```
 */
export function appPort(app: AppServiceSpec): { port?: number } {
  const port = app.port ?? KIND_INFO[app.kind].containerPort;
  return port > 0 ? { port } : {};
}

/** A host port a service needs besides its own, as the allocator is asked for it. */
export interface ExtraPortRequest {
  /** The service it belongs to. */
  owner: string;
  role: ExtraPortRole;
  /** The name it is allocated and overridden under: `caddy-https` → `CADDY_HTTPS_PORT`. */
  service: string;
  base: number;
  rangeSize: 1;
  allowSystemPort: boolean;
}

/**
 * The extra host ports of the rows (`extraPortsOf` their kinds): HTTPS (preferred 443) for every
 * reverse proxy, Traefik's dashboard (preferred 8080), Mailpit's SMTP (preferred 1025). Each is
 * probed and overridden like a service's own port, under `<service>-<suffix>` (`CADDY_HTTPS_PORT`,
 * `MAILPIT_SMTP_PORT` in .env.development).
 *
 * @example
 * ```ts
 * extraPortRequests([{ name: "caddy", kind: "caddy", primary: true, containerPort: 80 }])[0]?.service;
 * // "caddy-https"
 * ```
 */
export function extraPortRequests(rows: readonly ServiceRow[]): ExtraPortRequest[] {
  const requests: ExtraPortRequest[] = [];
  for (const row of rows) {
    for (const extra of extraPortsOf(row.kind)) {
      requests.push({
        owner: row.name,
        role: extra.role,
        service: `${row.name}-${extra.suffix}`,
        base: extra.base,
        rangeSize: 1,
        allowSystemPort: extra.base < 1024,
      });
    }
  }
  return requests;
}
