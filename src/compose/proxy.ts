import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { type ExtraPortRole, extraPortsOf } from "../core/extra-ports.js";
import type { Environment, ServiceKind } from "../core/kinds.js";
import { caddyfilePath, isProxyKind, type ProxyKind, type ProxyRoute, proxyRoutes } from "../core/proxy.js";
import type { ComposeService } from "./model.js";

/**
 * The variable Compose sets to the project name and slipway writes to every env file. Compose
 * prefixes network names with it, and labels every container with it.
 */
const PROJECT_VARIABLE = "COMPOSE_PROJECT_NAME";

/** The Docker socket, read-only: Traefik's Docker provider watches containers through it. */
export const DOCKER_SOCKET_MOUNT = "/var/run/docker.sock:/var/run/docker.sock:ro";

/** Where Caddy reads its configuration in the official image. */
const CADDYFILE_IN_CONTAINER = "/etc/caddy/Caddyfile";

/** A literal for a Compose file: `$` would start an interpolation, `$$` is one dollar. */
function literal(text: string): string {
  return text.replace(/\$/g, "$$$$");
}

/** What {@link applyProxy} needs of each service spec. */
export interface ProxySpec {
  name: string;
  kind: ServiceKind;
  hostPort?: number | undefined;
  containerPort?: number | undefined;
  /** The service's other host ports, by role (a proxy's `https` and `dashboard`). */
  extraPorts?: Partial<Record<ExtraPortRole, number>> | undefined;
}

/** Where the proxy's services live and how ports are published. */
export interface ProxyContext {
  environment: Environment;
  /** The project network's key in the Compose file. */
  network: string;
  /** The host address in `ports` form (`127.0.0.1`, `[::1]`). */
  hostIp: string;
  diagnostics: Diagnostic[];
}

/**
 * Traefik's static configuration as command flags: the Docker provider sees only containers of
 * this Compose project that opt in (`traefik.enable=true`) and reaches them on the project
 * network; entry points `web` (:80), `websecure` (:443, TLS with Traefik's self-signed default
 * certificate) and `traefik` (:8080: ping for the healthcheck, and the dashboard in development).
 *
 * @example
 * ```ts
 * traefikCommand({ environment: "development", network: "shop_network" }).includes("--ping=true"); // true
 * ```
 */
export function traefikCommand(options: { environment: Environment; network: string }): string[] {
  const project = `\${${PROJECT_VARIABLE}}`;
  const command = [
    "--providers.docker=true",
    "--providers.docker.exposedByDefault=false",
    // Without it, one Traefik would route the apps of every project on the engine.
    `--providers.docker.constraints=Label(\`com.docker.compose.project\`,\`${project}\`)`,
    // Apps on two networks (production) are reached on the one Traefik shares with them.
    `--providers.docker.network=${project}_${literal(options.network)}`,
    "--entryPoints.web.address=:80",
    "--entryPoints.websecure.address=:443",
    "--entryPoints.websecure.http.tls=true",
    "--entryPoints.traefik.address=:8080",
    "--ping=true",
  ];
  // The dashboard without authentication, reachable only through a loopback host port.
  if (options.environment === "development") command.push("--api.dashboard=true", "--api.insecure=true");
  command.push("--log.level=INFO");
  return command;
}

/**
 * The Docker labels that route one app through Traefik: `http://<app>.localhost` on `web` and
 * `https://<app>.localhost` on `websecure` (TLS), both to the app's container port, with a
 * security-headers middleware. Values are literal: any `$` is written `$$`.
 *
 * @example
 * ```ts
 * traefikLabels({ service: "api", key: "api", host: "api.localhost", port: 8000 })[
 *   "traefik.http.routers.api.rule"
 * ]; // "Host(`api.localhost`)"
 * ```
 */
export function traefikLabels(route: ProxyRoute): Record<string, string> {
  const { key } = route;
  const rule = `Host(\`${literal(route.host)}\`)`;
  const headers = `${key}-headers`;
  return {
    "traefik.enable": "true",
    [`traefik.http.middlewares.${headers}.headers.contentTypeNosniff`]: "true",
    [`traefik.http.middlewares.${headers}.headers.frameDeny`]: "true",
    [`traefik.http.middlewares.${headers}.headers.referrerPolicy`]: "strict-origin-when-cross-origin",
    [`traefik.http.routers.${key}.entrypoints`]: "web",
    [`traefik.http.routers.${key}.middlewares`]: headers,
    [`traefik.http.routers.${key}.rule`]: rule,
    [`traefik.http.routers.${key}.service`]: key,
    [`traefik.http.routers.${key}-secure.entrypoints`]: "websecure",
    [`traefik.http.routers.${key}-secure.middlewares`]: headers,
    [`traefik.http.routers.${key}-secure.rule`]: rule,
    [`traefik.http.routers.${key}-secure.service`]: key,
    [`traefik.http.routers.${key}-secure.tls`]: "true",
    [`traefik.http.services.${key}.loadbalancer.server.port`]: String(route.port),
  };
}

/**
 * The `ports` entries of a service's extra host ports (`extraPortsOf` its kind) that were allocated:
 * on the host address, or on 127.0.0.1 for an admin surface; development-only ones only there.
 *
 * @example
 * ```ts
 * extraPublished({ kind: "mailpit", extraPorts: { smtp: 1025 } }, { environment: "development", hostIp: "127.0.0.1" });
 * // ["127.0.0.1:1025:1025"]
 * ```
 */
export function extraPublished(
  spec: { kind: ServiceKind; extraPorts?: Partial<Record<ExtraPortRole, number>> | undefined },
  ctx: { environment: Environment; hostIp: string },
): string[] {
  const ports: string[] = [];
  for (const extra of extraPortsOf(spec.kind)) {
    const host = spec.extraPorts?.[extra.role];
    if (host === undefined || (extra.developmentOnly && ctx.environment !== "development")) continue;
    ports.push(`${extra.loopback ? "127.0.0.1" : ctx.hostIp}:${host}:${extra.containerPort}`);
  }
  return ports;
}

/** The proxy's published ports: HTTP, HTTPS, and (Traefik, development) the dashboard on loopback. */
function proxyPublished(spec: ProxySpec, ctx: ProxyContext): string[] {
  const http = spec.hostPort !== undefined ? [`${ctx.hostIp}:${spec.hostPort}:80`] : [];
  return [...http, ...extraPublished(spec, ctx)];
}

/**
 * Puts a reverse proxy in front of the apps, once every service is built: the proxy publishes
 * HTTP and HTTPS (and Traefik's dashboard on 127.0.0.1 in development) and sits on the project
 * network, never only on the internal one; each backend and frontend is routed at
 * `<app>.localhost` (Traefik: labels on the app; Caddy: the Caddyfile mounted read-only, which
 * the templates write). Outside development the apps publish no port of their own: the proxy
 * is the way in. Does nothing without a proxy; two proxies are `compose/duplicate-proxy`.
 *
 * @example
 * ```ts
 * applyProxy(services, specs, { environment: "development", network: "shop_network", hostIp: "127.0.0.1", diagnostics });
 * services.traefik?.ports; // ["127.0.0.1:80:80", "127.0.0.1:443:443", "127.0.0.1:8080:8080"]
 * ```
 */
export function applyProxy(
  services: Record<string, ComposeService>,
  specs: readonly ProxySpec[],
  ctx: ProxyContext,
): void {
  const proxies = specs.filter((s) => isProxyKind(s.kind));
  const first = proxies[0];
  if (first === undefined) return;
  for (const extra of proxies.slice(1)) {
    ctx.diagnostics.push(
      diagnostic(
        "compose/duplicate-proxy",
        "error",
        `Service \`${extra.name}\` is a second reverse proxy; \`${first.name}\` already serves the apps`,
        {
          path: `services[${specs.indexOf(extra)}]`,
          hint: "Keep one traefik or caddy service: it alone publishes ports 80 and 443.",
        },
      ),
    );
  }
  const kind = first.kind as ProxyKind;
  const proxy = services[first.name];
  if (proxy === undefined) return;
  const routes = proxyRoutes(specs.map((s) => ({ name: s.name, kind: s.kind, port: s.containerPort })));
  const ports = proxyPublished(first, ctx);
  if (ports.length > 0) proxy.ports = ports;
  else delete proxy.ports;
  proxy.networks = [ctx.network];
  const volumes = proxy.volumes ?? [];
  if (kind === "traefik") {
    proxy.command = traefikCommand({ environment: ctx.environment, network: ctx.network });
    proxy.volumes = [...volumes, DOCKER_SOCKET_MOUNT];
  } else {
    proxy.volumes = [...volumes, `./${caddyfilePath(first.name)}:${CADDYFILE_IN_CONTAINER}:ro`];
  }
  for (const route of routes) {
    const app = services[route.service];
    if (app === undefined) continue;
    if (kind === "traefik") {
      const own = app.labels !== undefined && !Array.isArray(app.labels) ? app.labels : {};
      app.labels = { ...own, ...traefikLabels(route) };
    }
    // Development keeps the app's own port for direct access; elsewhere the proxy is the only way in.
    if (ctx.environment !== "development" && app.ports !== undefined) {
      delete app.ports;
      // With no host port, replicas no longer compete for one.
      const replicas = `services[${specs.findIndex((s) => s.name === route.service)}].replicas`;
      const stale = ctx.diagnostics.findIndex(
        (d) => d.code === "compose/replicas-with-host-port" && d.path === replicas,
      );
      if (stale !== -1) ctx.diagnostics.splice(stale, 1);
    }
  }
}
