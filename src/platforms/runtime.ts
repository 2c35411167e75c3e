import { type ComposeService, RECIPES } from "../compose/index.js";
import { KIND_INFO, type ServiceCategory } from "../core/index.js";
import { serviceMounts } from "./compose-facts.js";
import type { PlatformKind } from "./types.js";

/** CPU and memory, as Kubernetes quantities (`250m`, `256Mi`). */
export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** Requests and limits by category: what a small production deployment of each starts from. */
const RESOURCES: Readonly<Record<ServiceCategory | "custom", Resources>> = {
  database: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  cache: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  queue: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  search: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  storage: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  application: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  proxy: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  monitoring: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  mail: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
  // An image slipway knows nothing about: the room of a data service.
  custom: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
};

/**
 * The category of a kind, or `custom` for an image entry.
 *
 * @example
 * ```ts
 * platformCategory("redis"); // "cache"
 * platformCategory("custom"); // "custom"
 * ```
 */
export function platformCategory(kind: PlatformKind): ServiceCategory | "custom" {
  return kind === "custom" ? "custom" : KIND_INFO[kind].category;
}

/**
 * A Compose memory size (`512M`, `1g`, `256mb`) as a Kubernetes quantity; Docker's units are
 * binary, so `512M` is `512Mi`. Undefined when it does not parse.
 *
 * @example
 * ```ts
 * kubernetesMemory("512M"); // "512Mi"
 * ```
 */
export function kubernetesMemory(size: string): string | undefined {
  const m = /^(\d+)\s*([bkmg]?)b?$/i.exec(size.trim());
  if (m === null) return undefined;
  const unit = (m[2] ?? "").toLowerCase();
  return `${m[1]}${unit === "" || unit === "b" ? "" : `${unit.toUpperCase()}i`}`;
}

/**
 * The resources of a service of a kind; a Compose memory or CPU limit (`deploy.resources.limits`)
 * replaces the category's limit.
 *
 * @example
 * ```ts
 * serviceResources("worker", { memory: "512M" }).limits.memory; // "512Mi"
 * ```
 */
export function serviceResources(
  kind: PlatformKind,
  limits: { cpus?: string | number | undefined; memory?: string | undefined } | undefined,
): Resources {
  const base = RESOURCES[platformCategory(kind)];
  const memory = limits?.memory !== undefined ? kubernetesMemory(limits.memory) : undefined;
  const cpus = limits?.cpus !== undefined ? Number(limits.cpus) : Number.NaN;
  return {
    requests: { ...base.requests },
    limits: {
      cpu: Number.isFinite(cpus) && cpus > 0 ? `${Math.round(cpus * 1000)}m` : base.limits.cpu,
      memory: memory ?? base.limits.memory,
    },
  };
}

/**
 * The numeric user an infrastructure image runs its server as, when the image is the recipe's
 * (the official images create these users; their entrypoints work when started as them). Undefined
 * for app kinds and for images slipway does not know.
 *
 * @example
 * ```ts
 * imageUser("postgres", "postgres:17.6-alpine"); // 70
 * imageUser("postgres", "postgres:17.6");        // 999
 * ```
 */
export function imageUser(kind: PlatformKind, image: string | undefined): number | undefined {
  if (kind === "custom") return undefined;
  const repository = RECIPES[kind].image;
  if (repository === undefined || image === undefined) return undefined;
  const [name, rest] = [image.split(/[:@]/)[0], image.slice(image.split(/[:@]/)[0]?.length ?? 0)];
  if (name !== repository) return undefined;
  const alpine = /alpine/.test(rest);
  switch (kind) {
    case "postgres":
      // Alpine's postgres user is 70; Debian's is 999 (postgis and pgvector build on Debian).
      return alpine ? 70 : 999;
    case "rabbitmq":
      return alpine ? 100 : 999;
    case "postgis":
    case "pgvector":
    case "mysql":
    case "mariadb":
    case "mongodb":
    case "redis":
      return 999;
    case "meilisearch":
      // Runs as root by default and works as any user that owns its data folder (fsGroup).
      return 1000;
    case "minio":
      // Its healthcheck's `mc` writes its configuration under $HOME, which an arbitrary user lacks.
      return undefined;
    case "traefik":
    case "caddy":
      // Both bind ports 80 and 443 in the container, which an arbitrary user may not.
      return undefined;
    case "loki":
      return 10001;
    case "grafana":
      return 472;
    case "elasticsearch":
    case "opensearch":
    case "kafka":
      return 1000;
    case "mosquitto":
      return 1883;
    default:
      return undefined;
  }
}

/**
 * True for kinds that keep state and run as one stable replica (StatefulSet, `stop-first` in
 * Swarm): the data services. Apps and reverse proxies are stateless: they run as Deployments and
 * publish their ports. An image entry keeps state when its Compose service mounts a named volume.
 *
 * @example
 * ```ts
 * isStateful("postgres"); // true
 * isStateful("traefik"); // false
 * isStateful("custom", { volumes: ["search-data:/data"] }); // true
 * ```
 */
export function isStateful(kind: PlatformKind, compose: ComposeService = {}): boolean {
  if (kind === "custom") return serviceMounts(compose).some((mount) => mount.named);
  const category = KIND_INFO[kind].category;
  return category !== "application" && category !== "proxy";
}
