import * as crypto from "node:crypto";
import type { ServiceKind } from "../core/index.js";

/** A block of host ports: `base` up to `base + size - 1`. */
export interface PortRange {
  base: number;
  size: number;
}

/**
 * The host-port range of every service kind: the preferred port of a service is
 * `base + (sha256(projectPath + ":" + service) mod size)`.
 *
 * The bases of postgres, mysql, mongodb, redis and rabbitmq are those projects already use, so their
 * ports stay where they are; PostGIS and pgvector are PostgreSQL and share its range. The other ranges
 * are chosen so that no two ranges overlap (docs/ports.md has the table).
 *
 * @example
 * ```ts
 * PORT_RANGES.redis; // { base: 6400, size: 256 } — redis services prefer 6400–6655
 * ```
 */
export const PORT_RANGES: Readonly<Record<ServiceKind, Readonly<PortRange>>> = Object.freeze({
  frontend: Object.freeze({ base: 3100, size: 256 }),
  mysql: Object.freeze({ base: 3400, size: 256 }),
  mariadb: Object.freeze({ base: 3700, size: 256 }),
  postgres: Object.freeze({ base: 5400, size: 256 }),
  postgis: Object.freeze({ base: 5400, size: 256 }),
  pgvector: Object.freeze({ base: 5400, size: 256 }),
  rabbitmq: Object.freeze({ base: 5700, size: 256 }),
  redis: Object.freeze({ base: 6400, size: 256 }),
  meilisearch: Object.freeze({ base: 7700, size: 256 }),
  backend: Object.freeze({ base: 8100, size: 256 }),
  worker: Object.freeze({ base: 8400, size: 256 }),
  minio: Object.freeze({ base: 9100, size: 256 }),
  // Reverse proxies want the HTTP port itself; the HTTPS and dashboard ports are their own requests (PROXY_PORTS).
  traefik: Object.freeze({ base: 80, size: 1 }),
  caddy: Object.freeze({ base: 80, size: 1 }),
  mongodb: Object.freeze({ base: 27100, size: 256 }),
  grafana: Object.freeze({ base: 4000, size: 256 }),
  loki: Object.freeze({ base: 4300, size: 256 }),
  promtail: Object.freeze({ base: 4600, size: 256 }),
  mailpit: Object.freeze({ base: 4900, size: 256 }),
  kafka: Object.freeze({ base: 6700, size: 256 }),
  nats: Object.freeze({ base: 7000, size: 256 }),
  mosquitto: Object.freeze({ base: 7300, size: 256 }),
  elasticsearch: Object.freeze({ base: 9400, size: 256 }),
  opensearch: Object.freeze({ base: 9700, size: 256 }),
});

/** The size of a range when a request names a base but no size. */
export const DEFAULT_RANGE_SIZE = 256;

/**
 * The preferred host port of a service in a project:
 * `base + (sha256(projectPath + ":" + service) mod rangeSize)`, with the digest read as one big
 * unsigned integer — the same number as Python's `int(hashlib.sha256(…).hexdigest(), 16) % rangeSize`.
 *
 * @example
 * ```ts
 * preferredPort("/home/ada/shop", "postgres", { base: 5400 }); // a port in 5400–5655, always the same
 * ```
 */
export function preferredPort(
  projectPath: string,
  service: string,
  options: { base: number; rangeSize?: number },
): number {
  const size = options.rangeSize ?? DEFAULT_RANGE_SIZE;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`rangeSize must be a positive integer, got ${size}`);
  }
  if (!Number.isSafeInteger(options.base)) {
    throw new RangeError(`base must be an integer, got ${options.base}`);
  }
  const digest = sha256(`${projectPath}:${service}`);
  return options.base + bigEndianMod(digest, size);
}

/** The SHA-256 digest of the UTF-8 bytes of `text`; one-shot `crypto.hash` where Node has it (≥ 20.12). */
const sha256: (text: string) => Uint8Array =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "buffer")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest();

/** `bytes` read as one big-endian unsigned integer, modulo `size`. */
function bigEndianMod(bytes: Uint8Array, size: number): number {
  // Horner's rule stays exact while remainder * 256 + 255 is a safe integer.
  if (size <= 2 ** 44) {
    let remainder = 0;
    for (const byte of bytes) remainder = (remainder * 256 + byte) % size;
    return remainder;
  }
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return Number(value % BigInt(size));
}
