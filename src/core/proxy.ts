import { KIND_INFO, type ServiceKind } from "./kinds.js";

/** The reverse-proxy kinds: the one service of a project that publishes HTTP and HTTPS. */
export type ProxyKind = "traefik" | "caddy";

/**
 * True for a reverse-proxy kind (`traefik`, `caddy`).
 *
 * @example
 * ```ts
 * isProxyKind("caddy"); // true
 * isProxyKind("backend"); // false
 * ```
 */
export function isProxyKind(kind: ServiceKind): kind is ProxyKind {
  return KIND_INFO[kind].category === "proxy";
}

/** One app the proxy serves: `http://<host>` goes to `<service>:<port>`. */
export interface ProxyRoute {
  /** The app's Compose service name. */
  service: string;
  /** A name that is also valid in a router key or a Caddyfile (`[a-z0-9-]`). */
  key: string;
  /** `<key>.localhost`: browsers and most resolvers send `*.localhost` to the loopback address. */
  host: string;
  /** The port the app listens on inside its container. */
  port: number;
}

/**
 * The DNS label of an app's host name: lower case, every run of other characters than letters
 * and digits turned into `-`, no `-` at either end, at most 63 characters (`Web_App.v2` → `web-app-v2`).
 *
 * @example
 * ```ts
 * proxyHostLabel("Orders_API"); // "orders-api"
 * ```
 */
export function proxyHostLabel(service: string): string {
  const label = service
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return label === "" ? "app" : label;
}

/**
 * The routes of a proxy: one per app that listens on a port (backends and frontends; workers
 * listen on nothing), in the order given. Two apps whose names give the same host label get
 * the later one a numbered label (`api`, `api-2`), so no route hides another.
 *
 * @example
 * ```ts
 * proxyRoutes([{ name: "backend", kind: "backend", port: 4000 }]);
 * // [{ service: "backend", key: "backend", host: "backend.localhost", port: 4000 }]
 * ```
 */
export function proxyRoutes(
  apps: readonly { name: string; kind: ServiceKind; port?: number | undefined }[],
): ProxyRoute[] {
  const taken = new Set<string>();
  const routes: ProxyRoute[] = [];
  for (const app of apps) {
    if (KIND_INFO[app.kind].category !== "application" || app.kind === "worker") continue;
    if (app.port === undefined || app.port <= 0) continue;
    const base = proxyHostLabel(app.name);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base.slice(0, 60)}-${n}`;
    taken.add(key);
    routes.push({ service: app.name, key, host: `${key}.localhost`, port: app.port });
  }
  return routes;
}

/**
 * The project file holding a Caddy service's Caddyfile, relative to the Compose file's folder:
 * one folder per service, so two proxies never share one.
 *
 * @example
 * ```ts
 * caddyfilePath("caddy"); // "caddy/Caddyfile"
 * ```
 */
export function caddyfilePath(service: string): string {
  return `${service}/Caddyfile`;
}
