import type { ServiceKind } from "./kinds.js";

/**
 * The names of the environment variables that belong to one service. Compose files reference them
 * as `${NAME}`, env files define them: one convention, shared by every module, keeps the two in step.
 */
export interface ServiceVariables {
  /** Host port of the service, e.g. `POSTGRES_PORT`. */
  port: string;
  user?: string;
  password?: string;
  database?: string;
  /** MySQL/MariaDB root password. */
  rootPassword?: string;
  /** Meilisearch master key. */
  masterKey?: string;
  /** The connection URL an application reads, e.g. `DATABASE_URL`, `REDIS_URL`. */
  url?: string;
  /** Mailpit: the SMTP address an application sends mail to, e.g. `SMTP_URL`. */
  smtpUrl?: string;
}

/**
 * The variable prefix of a service: its name in upper snake case (`backend-auth` → `BACKEND_AUTH`).
 * A name that starts with a digit gets a leading `S_` so the result is a valid variable name.
 *
 * @example
 * ```ts
 * variablePrefix("analytics-db"); // "ANALYTICS_DB"
 * ```
 */
export function variablePrefix(serviceName: string): string {
  let prefix = serviceName
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  if (prefix === "") prefix = "SERVICE";
  if (/^[0-9]/.test(prefix)) prefix = `S_${prefix}`;
  return prefix;
}

/**
 * The variable that holds a service's host port (`postgres` → `POSTGRES_PORT`), as read from an
 * existing `.env.development` for user overrides.
 *
 * @example
 * ```ts
 * portVariable("redis"); // "REDIS_PORT"
 * ```
 */
export function portVariable(serviceName: string): string {
  return `${variablePrefix(serviceName)}_PORT`;
}

/**
 * The variables of a service of a given kind. `primary` marks the first service of its family in
 * a project, which gets the conventional URL name (`DATABASE_URL`, `REDIS_URL`); others get
 * `<PREFIX>_URL`.
 *
 * @example
 * ```ts
 * serviceVariables("postgres", "postgres", { primary: true });
 * // { port: "POSTGRES_PORT", user: "POSTGRES_USER", password: "POSTGRES_PASSWORD",
 * //   database: "POSTGRES_DB", url: "DATABASE_URL" }
 * ```
 */
export function serviceVariables(
  kind: ServiceKind,
  serviceName: string,
  options: { primary?: boolean } = {},
): ServiceVariables {
  const p = variablePrefix(serviceName);
  const primary = options.primary === true;
  switch (kind) {
    case "postgres":
    case "postgis":
    case "pgvector":
    case "mongodb":
      return {
        port: `${p}_PORT`,
        user: `${p}_USER`,
        password: `${p}_PASSWORD`,
        database: `${p}_DB`,
        url: primary ? (kind === "mongodb" ? "MONGODB_URL" : "DATABASE_URL") : `${p}_URL`,
      };
    case "mysql":
    case "mariadb":
      return {
        port: `${p}_PORT`,
        user: `${p}_USER`,
        password: `${p}_PASSWORD`,
        database: `${p}_DATABASE`,
        rootPassword: `${p}_ROOT_PASSWORD`,
        url: primary ? "DATABASE_URL" : `${p}_URL`,
      };
    case "redis":
      return { port: `${p}_PORT`, password: `${p}_PASSWORD`, url: primary ? "REDIS_URL" : `${p}_URL` };
    case "rabbitmq":
      return {
        port: `${p}_PORT`,
        user: `${p}_USER`,
        password: `${p}_PASSWORD`,
        url: primary ? "RABBITMQ_URL" : `${p}_URL`,
      };
    case "meilisearch":
      return {
        port: `${p}_PORT`,
        masterKey: `${p}_MASTER_KEY`,
        url: primary ? "MEILISEARCH_URL" : `${p}_URL`,
      };
    case "minio":
      return {
        port: `${p}_PORT`,
        user: `${p}_ROOT_USER`,
        password: `${p}_ROOT_PASSWORD`,
        url: primary ? "S3_ENDPOINT" : `${p}_URL`,
      };
    case "traefik":
    case "caddy":
      return { port: `${p}_PORT` };
    case "loki":
      return { port: `${p}_PORT`, url: primary ? "LOKI_URL" : `${p}_URL` };
    case "promtail":
      return { port: `${p}_PORT` };
    case "grafana":
      return {
        port: `${p}_PORT`,
        user: `${p}_ADMIN_USER`,
        password: `${p}_ADMIN_PASSWORD`,
        url: primary ? "GRAFANA_URL" : `${p}_URL`,
      };
    case "mailpit":
      return {
        port: `${p}_PORT`,
        url: primary ? "MAILPIT_URL" : `${p}_URL`,
        smtpUrl: primary ? "SMTP_URL" : `${p}_SMTP_URL`,
      };
    case "elasticsearch":
      return { port: `${p}_PORT`, url: primary ? "ELASTICSEARCH_URL" : `${p}_URL` };
    case "opensearch":
      return { port: `${p}_PORT`, url: primary ? "OPENSEARCH_URL" : `${p}_URL` };
    case "kafka":
      return { port: `${p}_PORT`, url: primary ? "KAFKA_BOOTSTRAP_SERVERS" : `${p}_BOOTSTRAP_SERVERS` };
    case "nats":
      return { port: `${p}_PORT`, url: primary ? "NATS_URL" : `${p}_URL` };
    case "mosquitto":
      return { port: `${p}_PORT`, url: primary ? "MQTT_URL" : `${p}_URL` };
    case "backend":
    case "frontend":
    case "worker":
      return { port: `${p}_PORT` };
  }
}
