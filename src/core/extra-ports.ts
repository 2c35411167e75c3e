import type { ServiceKind } from "./kinds.js";

/** What a service's second (or third) host port is for. */
export type ExtraPortRole = "https" | "dashboard" | "smtp";

/** One host port a service publishes besides its own (the kind's `containerPort`). */
export interface ExtraPort {
  role: ExtraPortRole;
  /** The name the port is allocated and overridden under: `<service>-<suffix>` → `<SERVICE>_<SUFFIX>_PORT`. */
  suffix: string;
  /** The preferred host port. */
  base: number;
  /** The port inside the container. */
  containerPort: number;
  /** Published on 127.0.0.1 whatever the bind address: an admin surface, never for the network. */
  loopback: boolean;
  /** Published in development only. */
  developmentOnly: boolean;
}

const HTTPS: ExtraPort = {
  role: "https",
  suffix: "https",
  base: 443,
  containerPort: 443,
  loopback: false,
  developmentOnly: false,
};

/**
 * The extra host ports of each kind that has any: HTTPS for both reverse proxies and Traefik's
 * dashboard (development, loopback); Mailpit's SMTP, so that an app run on the host can send mail
 * to it as the containers do on the project network.
 */
const EXTRA_PORTS: Readonly<Partial<Record<ServiceKind, readonly ExtraPort[]>>> = {
  traefik: [
    HTTPS,
    {
      role: "dashboard",
      suffix: "dashboard",
      base: 8080,
      containerPort: 8080,
      loopback: true,
      developmentOnly: true,
    },
  ],
  caddy: [HTTPS],
  mailpit: [
    {
      role: "smtp",
      suffix: "smtp",
      base: 1025,
      containerPort: 1025,
      loopback: false,
      developmentOnly: false,
    },
  ],
};

/**
 * The host ports a kind publishes besides its own, in order; none for most kinds.
 *
 * @example
 * ```ts
 * extraPortsOf("caddy").map((p) => p.role); // ["https"]
 * extraPortsOf("postgres"); // []
 * ```
 */
export function extraPortsOf(kind: ServiceKind): readonly ExtraPort[] {
  return EXTRA_PORTS[kind] ?? [];
}
