// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation in expected file text
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildCompose,
  type ComposeFile,
  type ComposeSpec,
  DOCKER_SOCKET_MOUNT,
  parseCompose,
  renderCompose,
  type ServiceSpec,
  traefikCommand,
  traefikLabels,
} from "../../src/compose/index.js";
import { type Environment, proxyHostLabel, proxyRoutes } from "../../src/core/index.js";

/**
 * Traefik's documented rule syntax (https://doc.traefik.io/traefik/reference/routing-configuration/http/routing/rules-and-priority/):
 * matchers with values in backticks or escaped double quotes (single quotes are refused, the
 * values are Go string literals), combined with `&&`, `||`, `!` and parentheses. Returns the
 * problem, or undefined for a valid rule. No Traefik image can run here, so this stands in for it.
 */
const MATCHER_ARITY: Readonly<Record<string, number>> = {
  Header: 2,
  HeaderRegexp: 2,
  Host: 1,
  HostRegexp: 1,
  Method: 1,
  Path: 1,
  PathPrefix: 1,
  PathRegexp: 1,
  Query: 2,
  QueryRegexp: 2,
  ClientIP: 1,
};
function traefikRuleProblem(rule: string): string | undefined {
  const tokens: string[] = [];
  const lexer = /\s*(?:(&&|\|\||[!(),])|(`[^`]*`)|("(?:[^"\\]|\\.)*")|([A-Za-z]+))/y;
  let at = 0;
  while (at < rule.length) {
    if (/^\s*$/.test(rule.slice(at))) break;
    lexer.lastIndex = at;
    const m = lexer.exec(rule);
    if (m === null) return `unexpected ${JSON.stringify(rule.slice(at, at + 10))}`;
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    at = lexer.lastIndex;
  }
  let i = 0;
  const isValue = (t: string | undefined) => t !== undefined && (t.startsWith("`") || t.startsWith('"'));
  const unary = (): string | undefined => {
    const t = tokens[i++];
    if (t === "!") return unary();
    if (t === "(") {
      const inner = or();
      if (inner !== undefined) return inner;
      return tokens[i++] === ")" ? undefined : "unclosed parenthesis";
    }
    if (t === undefined || MATCHER_ARITY[t] === undefined) return `unknown matcher ${t}`;
    if (tokens[i++] !== "(") return `${t} without (`;
    for (let n = 0; n < MATCHER_ARITY[t]!; n++) {
      if (n > 0 && tokens[i++] !== ",") return `${t} takes ${MATCHER_ARITY[t]} values`;
      if (!isValue(tokens[i++])) return `${t} needs a backtick or double-quoted value`;
    }
    return tokens[i++] === ")" ? undefined : `${t} takes ${MATCHER_ARITY[t]} values`;
  };
  const and = (): string | undefined => {
    let problem = unary();
    while (problem === undefined && tokens[i] === "&&") {
      i++;
      problem = unary();
    }
    return problem;
  };
  const or = (): string | undefined => {
    let problem = and();
    while (problem === undefined && tokens[i] === "||") {
      i++;
      problem = and();
    }
    return problem;
  };
  const problem = tokens.length === 0 ? "empty rule" : or();
  return problem ?? (i === tokens.length ? undefined : `trailing ${tokens[i]}`);
}

/** Label keys the Traefik Docker provider documents, with router, service and middleware names (no `.`, no `@`). */
const NAME = "[A-Za-z0-9_-]+";
const LABEL_KEYS = [
  /^traefik\.enable$/,
  new RegExp(`^traefik\\.http\\.routers\\.${NAME}\\.(rule|entrypoints|service|middlewares|tls)$`),
  new RegExp(`^traefik\\.http\\.services\\.${NAME}\\.loadbalancer\\.server\\.port$`),
  new RegExp(
    `^traefik\\.http\\.middlewares\\.${NAME}\\.headers\\.(contentTypeNosniff|frameDeny|referrerPolicy)$`,
  ),
];
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+localhost$/;

const work = mkdtempSync(join(tmpdir(), "slipway-proxy-unit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function spec(environment: Environment, services: ServiceSpec[], extra: Partial<ComposeSpec> = {}) {
  return { projectName: "shop", projectPath: "/home/ana/shop", environment, services, ...extra };
}

const APPS: ServiceSpec[] = [
  { name: "orders_api", kind: "backend", hostPort: 8101, containerPort: 8000, framework: "fastapi" },
  { name: "web.v2", kind: "frontend", hostPort: 3101, containerPort: 3000, framework: "react" },
  { name: "mailer", kind: "worker", framework: "express" },
];
const TRAEFIK: ServiceSpec = {
  name: "traefik",
  kind: "traefik",
  hostPort: 80,
  extraPorts: { https: 443, dashboard: 8080 },
};
const CADDY: ServiceSpec = { name: "caddy", kind: "caddy", hostPort: 8000, extraPorts: { https: 8443 } };

function build(environment: Environment, services: ServiceSpec[], extra: Partial<ComposeSpec> = {}) {
  const r = buildCompose(spec(environment, services, extra));
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** The file as Compose reads it back: rendered, then parsed. */
function roundTrip(model: ComposeFile): ComposeFile {
  const parsed = parseCompose(renderCompose(model));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}

function labelsOf(model: ComposeFile, service: string): Record<string, string> {
  return (model.services[service]?.labels ?? {}) as Record<string, string>;
}

describe("Traefik in front of the apps", () => {
  const model = roundTrip(build("development", [TRAEFIK, ...APPS]));

  it("gives every backend and frontend labels Traefik's documented syntax accepts, and workers none", () => {
    for (const app of ["orders_api", "web.v2"]) {
      const labels = labelsOf(model, app);
      expect(labels["traefik.enable"]).toBe("true");
      for (const [key, value] of Object.entries(labels)) {
        expect(
          LABEL_KEYS.some((k) => k.test(key)),
          key,
        ).toBe(true);
        if (key.endsWith(".rule")) expect(traefikRuleProblem(value), value).toBeUndefined();
        if (key.endsWith(".entrypoints")) expect(["web", "websecure"]).toContain(value);
      }
    }
    expect(model.services.mailer?.labels).toBeUndefined();
    expect(model.services.traefik?.labels).toBeUndefined();
  });

  it("routes <app>.localhost (a DNS name) to the app's container port, over HTTP and HTTPS", () => {
    const api = labelsOf(model, "orders_api");
    expect(api["traefik.http.routers.orders-api.rule"]).toBe("Host(`orders-api.localhost`)");
    expect(api["traefik.http.routers.orders-api-secure.tls"]).toBe("true");
    expect(api["traefik.http.services.orders-api.loadbalancer.server.port"]).toBe("8000");
    const web = labelsOf(model, "web.v2");
    expect(web["traefik.http.routers.web-v2.rule"]).toBe("Host(`web-v2.localhost`)");
    expect(web["traefik.http.services.web-v2.loadbalancer.server.port"]).toBe("3000");
    for (const route of proxyRoutes([
      { name: "orders_api", kind: "backend", port: 8000 },
      { name: "-x-", kind: "frontend", port: 1 },
      { name: "a".repeat(80), kind: "backend", port: 2 },
    ]))
      expect(route.host).toMatch(DNS_NAME);
  });

  it("checks its own rule checker: the documented forms pass, broken ones fail", () => {
    expect(
      traefikRuleProblem("Host(`a.localhost`) && (PathPrefix(`/api`) || !Method(`POST`))"),
    ).toBeUndefined();
    expect(traefikRuleProblem('Host("a.localhost")')).toBeUndefined();
    expect(traefikRuleProblem("Host('a.localhost')")).toBeDefined();
    expect(traefikRuleProblem("Host(`a`, `b`)")).toBeDefined();
    expect(traefikRuleProblem("Hosts(`a`)")).toBeDefined();
    expect(traefikRuleProblem("Host(`a`) &&")).toBeDefined();
  });

  it("writes `$` in a label as `$$`, so Compose interpolation leaves it a dollar", () => {
    const labels = traefikLabels({ service: "x", key: "x", host: "a$b.localhost", port: 80 });
    expect(labels["traefik.http.routers.x.rule"]).toBe("Host(`a$$b.localhost`)");
  });

  it("gives two apps whose names make one host label two different hosts", () => {
    const routes = proxyRoutes([
      { name: "my_app", kind: "backend", port: 1 },
      { name: "my-app", kind: "frontend", port: 2 },
    ]);
    expect(routes.map((r) => r.host)).toEqual(["my-app.localhost", "my-app-2.localhost"]);
    expect(proxyHostLabel("__")).toBe("app");
  });

  it("publishes 80 and 443 on the bind address and the dashboard on loopback only", () => {
    const open = roundTrip(build("development", [TRAEFIK, ...APPS], { bindAddress: "0.0.0.0" }));
    expect(open.services.traefik?.ports).toEqual(["0.0.0.0:80:80", "0.0.0.0:443:443", "127.0.0.1:8080:8080"]);
  });

  it("watches the Docker socket read-only, only this project's containers, with ping for its healthcheck", () => {
    const traefik = model.services.traefik!;
    expect(traefik.volumes).toEqual(["/var/run/docker.sock:/var/run/docker.sock:ro"]);
    const command = traefik.command as string[];
    expect(command).toContain("--providers.docker.exposedByDefault=false");
    expect(command).toContain("--ping=true");
    expect(command).toContain(
      "--providers.docker.constraints=Label(`com.docker.compose.project`,`${COMPOSE_PROJECT_NAME}`)",
    );
    expect(command).toContain("--providers.docker.network=${COMPOSE_PROJECT_NAME}_shop_network");
    expect(traefik.healthcheck?.test).toEqual(["CMD", "traefik", "healthcheck", "--ping"]);
    expect(traefik.image).toBe("traefik:v3.5");
    expect(DOCKER_SOCKET_MOUNT.endsWith(":ro")).toBe(true);
  });

  it("keeps the dashboard off outside development", () => {
    expect(traefikCommand({ environment: "production", network: "n" })).not.toContain("--api.insecure=true");
    const prod = build("production", [TRAEFIK, ...APPS]);
    expect(prod.services.traefik?.ports).toEqual(["127.0.0.1:80:80", "127.0.0.1:443:443"]);
  });
});

describe("the apps behind a proxy, by environment", () => {
  it("drops the one-host-port warning of a replicated app once the proxy takes its port", () => {
    const replicated = APPS.map((a) => (a.kind === "backend" ? { ...a, replicas: 3 } : a));
    const dev = buildCompose(spec("development", [CADDY, ...replicated]));
    expect(dev.diagnostics.map((d) => d.code)).toEqual(["compose/replicas-with-host-port"]);
    const prod = buildCompose(spec("production", [CADDY, ...replicated]));
    expect(prod.diagnostics).toEqual([]);
    expect(prod.ok && prod.value.services.orders_api?.deploy?.replicas).toBe(3);
  });

  it("keeps the apps' own ports in development", () => {
    const dev = build("development", [CADDY, ...APPS]);
    expect(dev.services.orders_api?.ports).toEqual(["127.0.0.1:8101:8000"]);
  });

  it.each(["staging", "production"] as const)(
    "publishes only the proxy's ports in %s, the proxy on the project network",
    (environment) => {
      const model = build(environment, [
        { name: "postgres", kind: "postgres", hostPort: 5400 },
        CADDY,
        ...APPS,
      ]);
      const published = Object.entries(model.services)
        .filter(([, s]) => s.ports !== undefined)
        .map(([name]) => name);
      expect(published).toEqual(environment === "production" ? ["caddy"] : ["postgres", "caddy"]);
      expect(model.services.caddy?.networks).toEqual(["shop_network"]);
    },
  );
});

describe("Caddy in front of the apps", () => {
  const model = build("development", [CADDY, ...APPS]);

  it("mounts the generated Caddyfile read-only and keeps its certificates in a named volume", () => {
    expect(model.services.caddy?.volumes).toEqual([
      "caddy-data:/data",
      "./caddy/Caddyfile:/etc/caddy/Caddyfile:ro",
    ]);
    expect(model.services.caddy?.ports).toEqual(["127.0.0.1:8000:80", "127.0.0.1:8443:443"]);
    expect(model.services.caddy?.healthcheck?.test).toEqual([
      "CMD",
      "wget",
      "-q",
      "-O",
      "/dev/null",
      "http://127.0.0.1:2019/config/",
    ]);
    expect(model.services.orders_api?.labels).toBeUndefined();
  });

  it("is one proxy: a second is compose/duplicate-proxy", () => {
    const r = buildCompose(spec("development", [CADDY, TRAEFIK, ...APPS]));
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([{ code: "compose/duplicate-proxy", path: "services[1]" }]);
  });
});

describe("docker-compose reads the proxy's file as written", () => {
  it.each(["development", "production"] as const)(
    "%s: labels and command come back unchanged",
    (environment) => {
      const model = build(environment, [TRAEFIK, ...APPS]);
      delete model.name;
      const dir = mkdtempSync(join(work, `${environment}-`));
      writeFileSync(join(dir, "docker-compose.yml"), renderCompose(model, { target: "compose-v1" }));
      writeFileSync(join(dir, ".env"), "COMPOSE_PROJECT_NAME=shop-1234\n");
      const r = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(r.error).toBeUndefined();
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("traefik.http.routers.orders-api.rule: Host(`orders-api.localhost`)");
      expect(r.stdout).toContain("--providers.docker.network=shop-1234_shop_network");
      expect(r.stdout).toContain("Label(`com.docker.compose.project`,`shop-1234`)");
    },
  );
});
