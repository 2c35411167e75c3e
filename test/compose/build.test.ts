import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCompose,
  type ComposeFile,
  type ComposeSpec,
  composeProjectName,
  defaultNetworkName,
  PROJECT_NAME_PATTERN,
  parseCompose,
  RECIPES,
  renderCompose,
  type ServiceSpec,
  variablesUsed,
} from "../../src/compose/index.js";
import { KIND_INFO, SERVICE_KINDS, serviceVariables } from "../../src/core/index.js";
import { validateCompose } from "../../src/graph/index.js";

const base = { projectName: "shop", projectPath: "/home/ana/shop", environment: "development" } as const;

function built(spec: Partial<ComposeSpec> & { services: ServiceSpec[] }): ComposeFile {
  const r = buildCompose({ ...base, ...spec });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** A Compose interpolation reference, `${NAME}`. */
const ref = (name: string) => `\${${name}}`;

const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("buildCompose: a service's own settings", () => {
  it("are written as references to the env files, after the recipe's variables", () => {
    const m = built({
      services: [{ name: "analytics-db", kind: "postgres", settings: { PGTZ: "UTC", TZ: "Europe/Paris" } }],
    });
    expect(m.services["analytics-db"]!.environment).toMatchObject({
      POSTGRES_PASSWORD: ref("ANALYTICS_DB_PASSWORD"),
      PGTZ: ref("ANALYTICS_DB_PGTZ"),
      TZ: ref("ANALYTICS_DB_TZ"),
    });
  });
});

describe("composeProjectName", () => {
  it("is the slug plus a short hash of the path: stable per checkout, different across checkouts", () => {
    const a = composeProjectName("shop", "/home/ana/shop");
    expect(a).toMatch(/^shop-[0-9a-f]{8}$/);
    expect(composeProjectName("shop", "/home/ana/shop")).toBe(a);
    expect(composeProjectName("shop", "/home/ana/shop-copy")).not.toBe(a);
  });

  it("always gives a valid Compose project name", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (slug, path) => {
        expect(composeProjectName(slug, path)).toMatch(PROJECT_NAME_PATTERN);
      }),
    );
    expect(composeProjectName("My App!", "/x")).toMatch(/^my-app-[0-9a-f]{8}$/);
    expect(composeProjectName("", "/x")).toMatch(/^project-[0-9a-f]{8}$/);
  });

  it("derives the default network from the slug, as the seed does", () => {
    expect(defaultNetworkName("chi")).toBe("chi_network");
    expect(defaultNetworkName("chi-monitor")).toBe("chi_monitor_network");
  });
});

describe("buildCompose", () => {
  it("writes the seed's defaults that stay: named volume, project network, restart policy, healthcheck", () => {
    const m = built({ services: [{ name: "postgres", kind: "postgres", hostPort: 5423, primary: true }] });
    expect(m.name).toBe(composeProjectName("shop", "/home/ana/shop"));
    expect(m.networks).toEqual({ shop_network: { driver: "bridge" } });
    expect(m.volumes).toEqual({ "postgres-data": { driver: "local" } });
    expect(m.services.postgres).toEqual({
      image: "postgres:17.6-alpine",
      volumes: ["postgres-data:/var/lib/postgresql/data"],
      environment: {
        POSTGRES_USER: ref("POSTGRES_USER"),
        POSTGRES_PASSWORD: ref("POSTGRES_PASSWORD"),
        POSTGRES_DB: ref("POSTGRES_DB"),
      },
      ports: ["127.0.0.1:5423:5432"],
      networks: ["shop_network"],
      restart: "unless-stopped",
      healthcheck: {
        test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"],
        interval: "10s",
        timeout: "5s",
        retries: 5,
        start_period: "30s",
      },
    });
  });

  // One reverse proxy per project (compose/duplicate-proxy): caddy gets a file of its own.
  it.each([
    { set: "every kind but caddy", kinds: SERVICE_KINDS.filter((k) => k !== "caddy") },
    { set: "caddy", kinds: ["caddy" as const] },
  ])("never writes container_name or a version key ($set)", ({ kinds }) => {
    const m = built({
      services: kinds.map((kind, i) => ({
        name: `svc-${kind}`,
        kind,
        hostPort: 20000 + i,
        ...(kind === "worker" ? { containerPort: 9000 } : {}),
      })),
    });
    expect(m).not.toHaveProperty("version");
    for (const s of Object.values(m.services)) expect(s).not.toHaveProperty("container_name");
  });

  it.each([
    { set: "every kind but caddy", kinds: SERVICE_KINDS.filter((k) => k !== "caddy") },
    { set: "caddy", kinds: ["caddy" as const] },
  ])(
    "gives every service that accepts connections a healthcheck and pins every image ($set)",
    ({ kinds }) => {
      const m = built({
        services: kinds
          .filter((k) => k !== "worker")
          .map((kind, i) => ({
            name: `svc-${kind}`,
            kind,
            hostPort: 20000 + i,
          })),
      });
      for (const [name, s] of Object.entries(m.services)) {
        expect(s.healthcheck, name).toBeDefined();
        expect(s.restart).toBe("unless-stopped");
        if (s.image !== undefined) expect(s.image).toMatch(/:[^:/]+$/);
        if (s.image !== undefined) expect(s.image).not.toMatch(/:latest$/);
      }
    },
  );

  it("references credentials by the shared variable names, never literal values", () => {
    for (const kind of SERVICE_KINDS) {
      const recipe = RECIPES[kind];
      const name = `my-${kind}`;
      const m = built({ environment: "production", services: [{ name, kind }] });
      const env = (m.services[name]?.environment ?? {}) as Record<string, string>;
      const vars = serviceVariables(kind, name);
      for (const [container, role] of Object.entries(recipe.environment)) {
        expect(env[container]).toBe(`\${${vars[role]}}`);
      }
      for (const value of Object.values(env)) {
        // Either a reference or one of the recipe's literal, non-secret settings.
        const literal = recipe.settings?.("production", { name }) ?? {};
        if (!Object.values(literal).includes(value)) expect(value).toMatch(/^\$\{[A-Z0-9_]+\}$/);
      }
    }
  });

  it("uses the container port of the kind and publishes on 127.0.0.1 by default, configurable", () => {
    const spec: ServiceSpec[] = [{ name: "redis", kind: "redis", hostPort: 6473 }];
    expect(built({ services: spec }).services.redis?.ports).toEqual([
      `127.0.0.1:6473:${KIND_INFO.redis.containerPort}`,
    ]);
    expect(built({ services: spec, bindAddress: "0.0.0.0" }).services.redis?.ports).toEqual([
      "0.0.0.0:6473:6379",
    ]);
    expect(built({ services: spec, bindAddress: "::1" }).services.redis?.ports).toEqual(["[::1]:6473:6379"]);
    expect(built({ services: [{ name: "redis", kind: "redis" }] }).services.redis?.ports).toBeUndefined();
  });

  it("moves the PostgreSQL volume for 18 and later", () => {
    const volumeOf = (s: ServiceSpec) => built({ services: [s] }).services[s.name]?.volumes;
    expect(volumeOf({ name: "db", kind: "postgres", version: "18.0-alpine" })).toEqual([
      "db-data:/var/lib/postgresql",
    ]);
    expect(volumeOf({ name: "db", kind: "postgres", version: "18" })).toEqual([
      "db-data:/var/lib/postgresql",
    ]);
    expect(volumeOf({ name: "db", kind: "postgres", version: "16" })).toEqual([
      "db-data:/var/lib/postgresql/data",
    ]);
    expect(volumeOf({ name: "db", kind: "pgvector", version: "18" })).toEqual([
      "db-data:/var/lib/postgresql",
    ]);
    expect(volumeOf({ name: "db", kind: "postgis", version: "18" })).toEqual(["db-data:/var/lib/postgresql"]);
    expect(volumeOf({ name: "db", kind: "postgres", image: "registry.local:5000/pg:18.1" })).toEqual([
      "db-data:/var/lib/postgresql",
    ]);
  });

  it("turns versions into the recipe's tags", () => {
    const imageOf = (s: ServiceSpec) => built({ services: [s] }).services[s.name]?.image;
    expect(imageOf({ name: "db", kind: "postgres", version: "16" })).toBe("postgres:16-alpine");
    expect(imageOf({ name: "db", kind: "postgres", version: "18.0-alpine" })).toBe("postgres:18.0-alpine");
    expect(imageOf({ name: "db", kind: "pgvector", version: "16" })).toBe("pgvector/pgvector:0.8.1-pg16");
    expect(imageOf({ name: "db", kind: "postgis", version: "15" })).toBe("postgis/postgis:15-3.5");
    expect(imageOf({ name: "c", kind: "redis", version: "7.4" })).toBe("redis:7.4-alpine");
    expect(imageOf({ name: "s", kind: "meilisearch", version: "1.14" })).toBe("getmeili/meilisearch:v1.14");
  });

  it("selects the PostGIS or pgvector image from a postgres service's extensions", () => {
    expect(
      built({ services: [{ name: "db", kind: "postgres", extensions: ["postgis"] }] }).services.db?.image,
    ).toBe("postgis/postgis:17-3.5");
    expect(
      built({ services: [{ name: "db", kind: "postgres", extensions: ["vector"] }] }).services.db?.image,
    ).toBe("pgvector/pgvector:0.8.1-pg17");
    const both = buildCompose({
      ...base,
      services: [{ name: "db", kind: "postgres", extensions: ["postgis", "vector"] }],
    });
    expect(both.ok).toBe(true);
    expect(both.diagnostics).toEqual([
      expect.objectContaining({ code: "compose/extension-not-in-image", path: "services[0].extensions" }),
    ]);
  });

  it("pins a digest when one is given", () => {
    expect(built({ services: [{ name: "db", kind: "postgres", digest }] }).services.db?.image).toBe(
      `postgres:17.6-alpine@${digest}`,
    );
    expect(
      built({ services: [{ name: "db", kind: "postgres", image: `postgres@${digest}` }] }).services.db?.image,
    ).toBe(`postgres@${digest}`);
  });

  it("mounts a path as a bind mount without a top-level volume", () => {
    const m = built({ services: [{ name: "db", kind: "postgres", volume: "./data/pg" }] });
    expect(m.services.db?.volumes).toEqual(["./data/pg:/var/lib/postgresql/data"]);
    expect(m.volumes).toBeUndefined();
  });

  it("keeps the infrastructure on an internal network in production, with no published port", async () => {
    const services: ServiceSpec[] = [
      { name: "db", kind: "postgres", hostPort: 5433 },
      { name: "api", kind: "backend", framework: "express", hostPort: 8001, dependsOn: ["db"] },
    ];
    const prod = built({ environment: "production", services });
    expect(prod.services.db?.networks).toEqual(["shop_network_internal"]);
    expect(prod.services.db?.ports).toBeUndefined();
    expect(prod.services.api?.networks).toEqual(["shop_network", "shop_network_internal"]);
    expect(prod.services.api?.ports).toEqual(["127.0.0.1:8001:4000"]);
    expect(prod.networks?.shop_network_internal).toEqual({ driver: "bridge", internal: true });
    expect(await validateCompose(prod, { environment: "production" })).toEqual([]);
    const dev = built({ services });
    expect(dev.services.db?.networks).toEqual(["shop_network"]);
    expect(dev.services.db?.ports).toEqual(["127.0.0.1:5433:5432"]);
    expect(Object.keys(dev.networks ?? {})).toEqual(["shop_network"]);
  });

  it("requires a password for Redis in every environment", () => {
    const dev = built({ services: [{ name: "cache", kind: "redis" }] }).services.cache;
    expect(dev?.command).toEqual(["redis-server", "--requirepass", ref("CACHE_PASSWORD")]);
    expect(dev?.environment).toEqual({ REDISCLI_AUTH: ref("CACHE_PASSWORD") });
    const prod = built({ environment: "production", services: [{ name: "cache", kind: "redis" }] }).services
      .cache;
    expect(prod?.command).toEqual(["redis-server", "--requirepass", ref("CACHE_PASSWORD")]);
    expect(prod?.environment).toEqual({ REDISCLI_AUTH: ref("CACHE_PASSWORD") });
    // RabbitMQ always has its own user: the guest user cannot connect from other containers.
    const mq = built({ services: [{ name: "mq", kind: "rabbitmq" }] }).services.mq;
    expect(mq?.environment).toEqual({
      RABBITMQ_DEFAULT_USER: ref("MQ_USER"),
      RABBITMQ_DEFAULT_PASS: ref("MQ_PASSWORD"),
    });
    expect(mq?.hostname).toBe("mq");
  });

  it("builds app services from their context, with a runtime-appropriate HTTP healthcheck", () => {
    const m = built({
      services: [
        { name: "api", kind: "backend", framework: "fastapi", hostPort: 8001, containerPort: 8000 },
        { name: "web", kind: "frontend", framework: "nextjs", hostPort: 3001, context: "./web" },
        { name: "app", kind: "backend", runtime: "php", containerPort: 80, healthcheckPath: "/health" },
      ],
    });
    expect(m.services.api?.build).toEqual({ context: ".", dockerfile: "Dockerfile", target: "development" });
    expect(m.services.api?.healthcheck?.test).toEqual([
      "CMD",
      "python",
      "-c",
      "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=5)",
    ]);
    expect(m.services.web?.build).toEqual({
      context: "./web",
      dockerfile: "Dockerfile",
      target: "development",
    });
    expect(m.services.web?.healthcheck?.test?.[1]).toBe("node");
    expect(m.services.web?.healthcheck?.test?.[3]).toContain("http://localhost:3000/");
    expect(m.services.app?.healthcheck?.test).toEqual([
      "CMD",
      "curl",
      "-fsS",
      "-o",
      "/dev/null",
      "http://localhost:80/health",
    ]);
    expect(m.services.app?.ports).toBeUndefined();
  });

  it("uses an app's image instead of a build when one is given", () => {
    const m = built({ services: [{ name: "api", kind: "backend", image: "ghcr.io/acme/api:1.4.2" }] });
    expect(m.services.api?.image).toBe("ghcr.io/acme/api:1.4.2");
    expect(m.services.api?.build).toBeUndefined();
  });

  it("waits for healthy dependencies and for started ones that have no healthcheck", () => {
    const m = built({
      services: [
        { name: "postgres", kind: "postgres" },
        { name: "worker", kind: "worker", command: "node worker.js" },
        { name: "api", kind: "backend", dependsOn: ["worker", "postgres"] },
      ],
    });
    expect(m.services.api?.depends_on).toEqual({
      postgres: { condition: "service_healthy" },
      worker: { condition: "service_started" },
    });
  });

  it("gives workers replicas, and a memory limit outside development", () => {
    const worker: ServiceSpec = {
      name: "messenger",
      kind: "worker",
      replicas: 2,
      command: "php bin/console messenger:consume async",
    };
    expect(built({ services: [worker] }).services.messenger?.deploy).toEqual({ replicas: 2 });
    expect(built({ environment: "staging", services: [worker] }).services.messenger?.deploy).toEqual({
      replicas: 2,
      resources: { limits: { memory: "512M" } },
    });
    expect(built({ services: [worker] }).services.messenger?.healthcheck).toBeUndefined();
  });

  it("writes caller environment verbatim, after the recipe's", () => {
    const m = built({
      services: [
        { name: "api", kind: "backend", environment: { DATABASE_URL: ref("DATABASE_URL"), PORT: "4000" } },
      ],
    });
    expect(m.services.api?.environment).toEqual({ DATABASE_URL: ref("DATABASE_URL"), PORT: "4000" });
    expect(variablesUsed(m)).toEqual(["DATABASE_URL"]);
  });

  it("reports every problem of a spec at once, each at its place", () => {
    const r = buildCompose({
      ...base,
      network: "bad network",
      bindAddress: "localhost",
      services: [
        { name: "db", kind: "postgres", version: "latest", hostPort: 70000 },
        { name: "db", kind: "redis", digest: "sha256:xyz" },
        { name: "web app", kind: "frontend", dependsOn: ["nope", "web app"] },
        { name: "q", kind: "worker", hostPort: 9000, replicas: -1 },
        { name: "img", kind: "backend", image: "nginx" },
        { name: "vol", kind: "mysql", volume: "bad volume" },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "compose/invalid-network-name", path: "network" }),
        expect.objectContaining({ code: "compose/invalid-bind-address", path: "bindAddress" }),
        expect.objectContaining({ code: "compose/unpinned-image", path: "services[0].version" }),
        expect.objectContaining({ code: "compose/invalid-port", path: "services[0].hostPort" }),
        expect.objectContaining({ code: "compose/duplicate-service", path: "services[1].name" }),
        expect.objectContaining({ code: "compose/invalid-digest", path: "services[1].digest" }),
        expect.objectContaining({ code: "compose/invalid-service-name", path: "services[2].name" }),
        expect.objectContaining({ code: "compose/unknown-dependency", path: "services[2].dependsOn[0]" }),
        expect.objectContaining({ code: "compose/self-dependency", path: "services[2].dependsOn[1]" }),
        expect.objectContaining({
          code: "compose/missing-container-port",
          path: "services[3].containerPort",
        }),
        expect.objectContaining({ code: "compose/invalid-replicas", path: "services[3].replicas" }),
        expect.objectContaining({ code: "compose/unpinned-image", path: "services[4].image" }),
        expect.objectContaining({ code: "compose/invalid-volume-name", path: "services[5].volume" }),
      ]),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toHaveLength(13);
  });

  it("warns when a replicated service publishes one host port", () => {
    const r = buildCompose({
      ...base,
      services: [{ name: "api", kind: "backend", hostPort: 4000, replicas: 2 }],
    });
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "compose/replicas-with-host-port" })]);
  });

  it("is deterministic and renders to a file that parses back to the same model", () => {
    const spec: ComposeSpec = {
      ...base,
      services: [
        { name: "redis", kind: "redis", hostPort: 6400 },
        { name: "postgres", kind: "postgres", hostPort: 5400 },
        { name: "api", kind: "backend", hostPort: 4000, dependsOn: ["redis", "postgres"] },
      ],
    };
    const a = renderCompose(built(spec));
    expect(renderCompose(built(structuredClone(spec)))).toBe(a);
    const back = parseCompose(a);
    expect(back.ok && back.value).toEqual(built(spec));
  });
});
