import { describe, expect, it } from "vitest";
import { type ArchitectureMap, parseArchitecture } from "../../src/architecture/index.js";
import { FIXTURES, fixture, fixtureText } from "./fixtures.js";

function parsed(input: unknown, options?: { file?: string }): ArchitectureMap {
  const r = parseArchitecture(input, options);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.value;
}

function codes(input: unknown) {
  return parseArchitecture(input).diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    path: d.path,
  }));
}

const minimal = { project: { name: "Shop" } };

describe("the seed's CHI example (full-stack monorepo, pattern 1)", () => {
  const map = parsed(fixture("chi-monitor"));

  it("reads the project and the PostGIS database exactly as written", () => {
    expect(map.project).toEqual({
      name: "Community Harm Index Monitor",
      slug: "community-harm-index-monitor",
    });
    expect(map.infrastructure).toEqual([
      {
        name: "postgres",
        kind: "postgis",
        tech: "postgresql",
        port: 5434,
        volume: "./postgres-data-chi",
        network: "chi_network",
        extensions: ["postgis"],
        environment: {},
        source: "infrastructure[0]",
      },
    ]);
    expect(map.network).toBe("chi_network");
    expect(map.techStack).toEqual({ frontend: "React 18", backend: "Node.js 20 + Express", orm: "Prisma" });
    expect(map.codeOrganization).toEqual({
      structure: { "frontend/": "React app", "backend/": "Node.js API" },
    });
  });

  it("derives a backend (express, port 4000) and a frontend (react, port 3000) from tech_stack and code_organization", () => {
    expect(map.apps).toEqual([
      {
        name: "backend",
        kind: "backend",
        framework: "express",
        runtime: "node",
        context: "./backend",
        port: 4000,
        dependsOn: ["postgres"],
        environment: {},
        apiKeys: [],
        source: "tech_stack.backend",
      },
      {
        name: "frontend",
        kind: "frontend",
        framework: "react",
        runtime: "node",
        context: "./frontend",
        port: 3000,
        dependsOn: ["backend"],
        environment: {},
        apiKeys: [],
        source: "tech_stack.frontend",
      },
    ]);
    expect(map.projectType).toBe("express");
  });

  it("gives the same map from the JSON text, with no diagnostics", () => {
    const r = parseArchitecture(fixtureText("chi-monitor"), { file: "architecture.json" });
    expect(r).toEqual({ ok: true, value: map, diagnostics: [] });
  });
});

describe("the common patterns", () => {
  it("pattern 2: backend-only API (no frontend)", () => {
    const map = parsed(fixture("backend-only"));
    expect(map.infrastructure.map((s) => [s.name, s.kind, s.version, s.volume])).toEqual([
      ["postgres", "postgres", "16", "postgres-data"],
    ]);
    expect(map.apps).toHaveLength(1);
    expect(map.apps[0]).toMatchObject({
      name: "backend",
      kind: "backend",
      framework: "fastapi",
      runtime: "python",
      context: ".",
      port: 8000,
      dependsOn: ["postgres"],
    });
    expect(map.projectType).toBe("fastapi");
    expect(map.project.description).toBe("REST API for orders");
  });

  it("pattern 3: database + Redis cache", () => {
    const r = parseArchitecture(fixture("db-cache"));
    expect(r.diagnostics).toEqual([]);
    const map = parsed(fixture("db-cache"));
    expect(map.infrastructure.map((s) => [s.name, s.kind, s.port])).toEqual([
      ["postgres", "postgres", 5434],
      ["redis", "redis", 6380],
    ]);
    expect(map.apps.map((a) => [a.name, a.dependsOn])).toEqual([["backend", ["postgres", "redis"]]]);
    expect(map.network).toBe("catalog_network");
    expect(map.apiKeys).toEqual(["STRIPE_SECRET_KEY"]);
    expect(map.variables).toEqual({ LOG_LEVEL: "debug", BCRYPT_ROUNDS: "10" });
  });

  it("pattern 4: microservices, every backend on the shared database", () => {
    const map = parsed(fixture("microservices"));
    expect(map.apps.map((a) => [a.name, a.kind, a.framework, a.context, a.port, a.dependsOn])).toEqual([
      ["backend-auth", "backend", "express", "./services/auth", 4000, ["postgres"]],
      ["backend-api", "backend", "express", "./services/api", 4001, ["postgres", "rabbitmq"]],
      [
        "backend-notifications",
        "backend",
        "express",
        "./services/notifications",
        4002,
        ["postgres", "rabbitmq"],
      ],
      [
        "frontend",
        "frontend",
        "nextjs",
        "./web",
        3000,
        ["backend-auth", "backend-api", "backend-notifications"],
      ],
    ]);
    expect(map.apps[3]?.hostPort).toBe(3000);
    expect(map.apiKeys).toEqual(["OPENAI_API_KEY", "SENDGRID_API_KEY"]);
  });

  it("seed 003: Symfony on FrankenPHP with pgvector, Redis and a Messenger worker with replicas", () => {
    const map = parsed(fixture("symfony-frankenphp"));
    expect(map.infrastructure.map((s) => [s.name, s.kind, s.version, s.extensions])).toEqual([
      ["postgres", "pgvector", "pg16", ["vector", "uuid-ossp"]],
      ["redis", "redis", "7-alpine", []],
    ]);
    expect(map.apps).toEqual([
      {
        name: "app",
        kind: "backend",
        framework: "symfony",
        runtime: "php",
        context: ".",
        port: 8080,
        dependsOn: ["postgres", "redis"],
        environment: { APP_ENV: "dev", FRANKENPHP_CONFIG: "worker ./public/index.php" },
        apiKeys: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"],
        source: "apps[0]",
      },
      {
        name: "messenger",
        kind: "worker",
        framework: "symfony",
        runtime: "php",
        context: ".",
        command: "php bin/console messenger:consume async --time-limit=3600 --memory-limit=256M",
        replicas: 2,
        dependsOn: ["postgres", "redis"],
        environment: {},
        apiKeys: [],
        source: "apps[1]",
      },
    ]);
    expect(map.projectType).toBe("symfony");
    expect(map.apiKeys).toEqual(["OPENAI_API_KEY", "ANTHROPIC_API_KEY"]);
    expect(map.environments).toEqual({
      production: { variables: { APP_ENV: "prod" }, services: { messenger: { replicas: 4 } } },
    });
  });

  it.each(FIXTURES)("fixture %s parses without any diagnostic", (name) => {
    expect(parseArchitecture(fixtureText(name)).diagnostics).toEqual([]);
  });
});

describe("a missing or empty map", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty object", {}],
    ["an empty string", ""],
    ["blank text", "  \n"],
    ["only $schema", { $schema: "./schemas/architecture.schema.json" }],
    ["empty JSON text", "{}"],
  ])("falls back to one PostgreSQL with a map/missing warning (%s)", (_, input) => {
    const r = parseArchitecture(input);
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([{ code: "map/missing", severity: "warning" }]);
    if (!r.ok) return;
    expect(r.value.infrastructure.map((s) => [s.name, s.kind])).toEqual([["postgres", "postgres"]]);
    expect(r.value.apps).toEqual([]);
    expect(r.value.project).toEqual({ name: "app", slug: "app" });
  });

  it("uses the given project name for the fallback", () => {
    const r = parseArchitecture(undefined, { name: "My Shop" });
    expect(r.ok && r.value.project).toEqual({ name: "My Shop", slug: "my-shop" });
  });
});

describe("malformed JSON", () => {
  it("reports map/invalid-json with line and column", () => {
    const r = parseArchitecture('{\n  "project": { "name": "x" },\n  "infrastructure": [,]\n}', {
      file: "a.json",
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "map/invalid-json",
        severity: "error",
        file: "a.json",
        line: 3,
        column: 22,
      }),
    ]);
  });

  it.each([
    ['{"project": {"name": "x"},}', 1, 27],
    ['{"project": {"name": "x"}', 1, 26],
    ["{'project': 1}", 1, 2],
    ['{"a": 1} trailing', 1, 10],
    ['{"a": "unterminated', 1, 7],
    ['// comment\n{"a": 1}', 1, 1],
  ])("locates the error in %j", (text, line, column) => {
    const r = parseArchitecture(text);
    expect(r.diagnostics).toMatchObject([{ code: "map/invalid-json", line, column }]);
  });

  it("warns about a key written twice", () => {
    const r = parseArchitecture('{"project": {"name": "a", "name": "b"}}');
    expect(r.ok && r.value.project.name).toBe("b");
    expect(r.diagnostics).toMatchObject([
      { code: "map/duplicate-key", path: "project.name", line: 1, column: 27 },
    ]);
  });
});

describe("bad input: every problem at once, with its path", () => {
  it("reports wrong types, unknown techs, bad ports, bad names and missing dependencies together", () => {
    const r = parseArchitecture({
      project: { name: "Shop" },
      infrastructure: [
        { type: "database", tech: "oracle", port: 1521 },
        { tech: "postgresql", port: 70000 },
        { tech: "redis", port: "6380" },
        { tech: "redis", name: "bad name!" },
      ],
      tech_stack: "React",
      apps: [{ name: "backend", depends_on: ["postgres", "nope"] }],
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "map/unknown-tech",
          severity: "error",
          path: "infrastructure[0].tech",
        }),
        expect.objectContaining({ code: "port/invalid", severity: "error", path: "infrastructure[1].port" }),
        expect.objectContaining({
          code: "map/invalid-type",
          severity: "error",
          path: "infrastructure[2].port",
        }),
        expect.objectContaining({ code: "name/invalid", severity: "error", path: "infrastructure[3].name" }),
        expect.objectContaining({ code: "map/invalid-type", severity: "error", path: "tech_stack" }),
        expect.objectContaining({
          code: "depends/missing",
          severity: "error",
          path: "apps[0].depends_on[1]",
        }),
      ]),
    );
  });

  it("lists the known techs in the hint of map/unknown-tech", () => {
    const [d] = parseArchitecture({ ...minimal, infrastructure: [{ tech: "cassandra" }] }).diagnostics;
    expect(d).toMatchObject({ code: "map/unknown-tech", path: "infrastructure[0].tech" });
    for (const tech of [
      "postgresql",
      "mysql",
      "mariadb",
      "mongodb",
      "redis",
      "rabbitmq",
      "meilisearch",
      "minio",
    ])
      expect(d?.hint).toContain(tech);
  });

  it("rejects a tech that names two services", () => {
    expect(codes({ ...minimal, infrastructure: [{ tech: "postgres + redis" }] })).toEqual([
      { code: "map/unknown-tech", severity: "error", path: "infrastructure[0].tech" },
    ]);
  });

  it.each([0, -1, 65536, 1.5])("rejects port %s", (port) => {
    expect(codes({ ...minimal, infrastructure: [{ tech: "redis", port }] })).toEqual([
      { code: "port/invalid", severity: "error", path: "infrastructure[0].port" },
    ]);
    expect(codes({ ...minimal, apps: [{ name: "api", port }] })).toEqual([
      { code: "port/invalid", severity: "error", path: "apps[0].port" },
    ]);
    expect(codes({ ...minimal, apps: [{ name: "api", host_port: port }] })).toEqual([
      { code: "port/invalid", severity: "error", path: "apps[0].host_port" },
    ]);
  });

  it("accepts ports 1 and 65535", () => {
    const map = parsed({
      ...minimal,
      infrastructure: [
        { tech: "redis", port: 1 },
        { tech: "mysql", port: 65535 },
      ],
    });
    expect(map.infrastructure.map((s) => s.port)).toEqual([1, 65535]);
  });

  it("reports duplicate service names, also between infrastructure and apps", () => {
    expect(
      codes({
        ...minimal,
        infrastructure: [{ tech: "postgresql" }, { tech: "postgis" }, { tech: "redis", name: "api" }],
        apps: [{ name: "api" }],
      }),
    ).toEqual([
      { code: "map/duplicate-service", severity: "error", path: "infrastructure[1]" },
      { code: "map/duplicate-service", severity: "error", path: "apps[0].name" },
    ]);
  });

  it("allows two databases of one family when they are named apart", () => {
    const map = parsed({
      ...minimal,
      infrastructure: [{ tech: "postgresql" }, { tech: "postgresql", name: "analytics-db", port: 5435 }],
    });
    expect(map.infrastructure.map((s) => s.name)).toEqual(["postgres", "analytics-db"]);
    expect(map.apps).toEqual([]);
  });

  it.each([
    ["network", { network: "my network" }, "network"],
    [
      "infrastructure network",
      { infrastructure: [{ tech: "redis", network: "a/b" }] },
      "infrastructure[0].network",
    ],
    ["app name", { apps: [{ name: "Back End" }] }, "apps[0].name"],
    ["slug", { project: { name: "Shop", slug: "Shop!" } }, "project.slug"],
    ["api key", { api_keys: ["OPENAI-KEY"] }, "api_keys[0]"],
    ["variable", { variables: { "1BAD": "x" } }, 'variables["1BAD"]'],
    ["depends_on entry", { apps: [{ name: "api", depends_on: ["no way"] }] }, "apps[0].depends_on[0]"],
    [
      "named volume",
      { infrastructure: [{ tech: "redis", volume: "redis data" }] },
      "infrastructure[0].volume",
    ],
  ])("reports name/invalid for a bad %s", (_, extra, path) => {
    const r = parseArchitecture({ ...minimal, ...extra });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "name/invalid", path }));
  });

  it("reports an empty or missing project name", () => {
    expect(codes({ project: { name: "  " } })).toEqual([
      { code: "map/empty-name", severity: "error", path: "project.name" },
    ]);
    expect(codes({ project: {}, infrastructure: [] })).toEqual([
      { code: "map/required", severity: "error", path: "project.name" },
    ]);
    expect(codes({ infrastructure: [{ tech: "redis" }] })).toEqual([
      { code: "map/required", severity: "error", path: "project" },
    ]);
    expect(codes({ ...minimal, infrastructure: [{ type: "database" }] })).toEqual([
      { code: "map/required", severity: "error", path: "infrastructure[0].tech" },
    ]);
  });

  it("reports a map that is not an object", () => {
    for (const input of [[], 42, "[1, 2]", true])
      expect(codes(input)).toEqual([{ code: "map/invalid-type", severity: "error", path: undefined }]);
  });

  it("reports bad enum values and bad replicas", () => {
    expect(
      codes({ ...minimal, apps: [{ name: "api", kind: "database", runtime: "ruby", replicas: -1 }] }),
    ).toEqual([
      { code: "map/invalid-value", severity: "error", path: "apps[0].kind" },
      { code: "map/invalid-value", severity: "error", path: "apps[0].runtime" },
      { code: "map/invalid-value", severity: "error", path: "apps[0].replicas" },
    ]);
  });

  it("reports a bad version tag and a bad image reference", () => {
    expect(
      codes({
        ...minimal,
        infrastructure: [
          { tech: "redis", version: "7 alpine" },
          { tech: "mysql", image: "My Image" },
        ],
      }),
    ).toEqual([
      { code: "map/invalid-value", severity: "error", path: "infrastructure[0].version" },
      { code: "map/invalid-value", severity: "error", path: "infrastructure[1].image" },
    ]);
  });

  it("points diagnostics into the JSON text", () => {
    const text =
      '{\n  "project": { "name": "Shop" },\n  "infrastructure": [\n    { "tech": "redis", "port": 0 }\n  ]\n}';
    const r = parseArchitecture(text, { file: "architecture.json" });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "port/invalid",
        path: "infrastructure[0].port",
        file: "architecture.json",
        line: 4,
        column: 24,
      }),
    ]);
  });
});

describe("unknown keys", () => {
  it("are warnings with their path, in every object of the map", () => {
    const r = parseArchitecture({
      project: { name: "Shop", owner: "me" },
      infrastructure: [{ tech: "redis", ports: [6380] }],
      code_organization: { structure: {}, type: "monorepo" },
      apps: [{ name: "api", dependsOn: ["redis"] }],
      environments: { qa: {}, production: { services: { api: { replicas: 2, memory: "1g" } } } },
      components: [],
    });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ["map/unknown-key", "warning", "project.owner"],
      ["map/unknown-key", "warning", "infrastructure[0].ports"],
      ["map/unknown-key", "warning", "code_organization.type"],
      ["map/unknown-key", "warning", "apps[0].dependsOn"],
      ["map/unknown-key", "warning", "environments.qa"],
      ["map/unknown-key", "warning", "environments.production.services.api.memory"],
      ["map/unknown-key", "warning", "components"],
    ]);
    expect(r.diagnostics[3]?.hint).toContain("depends_on");
  });

  it("suggest the snake_case spelling", () => {
    const [d] = parseArchitecture({ ...minimal, techStack: { backend: "FastAPI" } }).diagnostics;
    expect(d).toMatchObject({
      code: "map/unknown-key",
      path: "techStack",
      hint: "Did you mean `tech_stack`?",
    });
  });
});

describe("infrastructure entries", () => {
  it("turns postgresql plus postgis or vector extensions into postgis or pgvector", () => {
    const map = parsed({
      ...minimal,
      infrastructure: [
        { tech: "postgresql", extensions: ["postgis"] },
        { tech: "PostgreSQL 16", name: "vectors", extensions: ["vector"] },
        { tech: "postgres", name: "embeddings", extensions: ["pgvector"] },
        { tech: "pgvector", name: "pgv" },
        { tech: "postgis", name: "geo" },
        { tech: "postgresql", name: "plain", extensions: ["uuid-ossp"] },
      ],
    });
    expect(map.infrastructure.map((s) => [s.name, s.kind])).toEqual([
      ["postgres", "postgis"],
      ["vectors", "pgvector"],
      ["embeddings", "pgvector"],
      ["pgv", "pgvector"],
      ["geo", "postgis"],
      ["plain", "postgres"],
    ]);
  });

  it("names each family by default", () => {
    const map = parsed({
      ...minimal,
      infrastructure: ["MySQL 8", "mariadb", "MongoDB", "redis", "RabbitMQ", "meilisearch", "MinIO"].map(
        (tech) => ({
          tech,
        }),
      ),
    });
    expect(map.infrastructure.map((s) => [s.name, s.kind])).toEqual([
      ["mysql", "mysql"],
      ["mariadb", "mariadb"],
      ["mongodb", "mongodb"],
      ["redis", "redis"],
      ["rabbitmq", "rabbitmq"],
      ["meilisearch", "meilisearch"],
      ["minio", "minio"],
    ]);
  });

  it("keeps version, image, volume, network and environment as written", () => {
    const digest = `postgres:16@sha256:${"a".repeat(64)}`;
    const map = parsed({
      ...minimal,
      infrastructure: [
        {
          tech: "postgresql",
          image: digest,
          volume: "/srv/pg",
          network: "shop_net",
          environment: { PGTZ: "UTC" },
        },
        { tech: "redis", version: "7.2-alpine", volume: "redis-data" },
      ],
    });
    expect(map.infrastructure[0]).toMatchObject({
      image: digest,
      volume: "/srv/pg",
      network: "shop_net",
      environment: { PGTZ: "UTC" },
    });
    expect(map.infrastructure[1]).toMatchObject({ version: "7.2-alpine", volume: "redis-data" });
  });

  it("warns about unpinned images, a version next to an image, and types that do not fit", () => {
    expect(
      codes({
        ...minimal,
        infrastructure: [
          { tech: "redis", version: "latest" },
          { tech: "mysql", image: "mysql" },
          { tech: "postgresql", image: "postgres:latest", version: "16", type: "cache" },
        ],
      }),
    ).toEqual([
      { code: "map/unpinned-image", severity: "warning", path: "infrastructure[0].version" },
      { code: "map/unpinned-image", severity: "warning", path: "infrastructure[1].image" },
      { code: "map/type-mismatch", severity: "warning", path: "infrastructure[2].type" },
      { code: "map/unpinned-image", severity: "warning", path: "infrastructure[2].image" },
      { code: "map/version-ignored", severity: "warning", path: "infrastructure[2].version" },
    ]);
  });

  it("accepts redis as a database type", () => {
    expect(codes({ ...minimal, infrastructure: [{ tech: "redis", type: "database" }] })).toEqual([]);
  });

  it("reports PostGIS with pgvector unless an image bundles both", () => {
    expect(codes({ ...minimal, infrastructure: [{ tech: "postgis", extensions: ["vector"] }] })).toEqual([
      { code: "map/extension-conflict", severity: "error", path: "infrastructure[0].extensions" },
    ]);
    expect(
      codes({
        ...minimal,
        infrastructure: [{ tech: "postgis", extensions: ["vector"], image: "me/geo-vector:16" }],
      }),
    ).toEqual([]);
  });

  it("warns about extensions on a service that has none", () => {
    expect(codes({ ...minimal, infrastructure: [{ tech: "redis", extensions: ["json"] }] })).toEqual([
      { code: "map/unsupported-extension", severity: "warning", path: "infrastructure[0].extensions" },
    ]);
  });

  it("derives infrastructure from tech_stack only when the map has no infrastructure list", () => {
    const map = parsed({
      ...minimal,
      tech_stack: { backend: "FastAPI", database: "PostgreSQL 16", cache: "Redis" },
    });
    expect(map.infrastructure.map((s) => [s.name, s.kind, s.source])).toEqual([
      ["postgres", "postgres", "tech_stack.database"],
      ["redis", "redis", "tech_stack.cache"],
    ]);
    expect(map.apps[0]?.dependsOn).toEqual(["postgres", "redis"]);
    const explicit = parsed({ ...minimal, infrastructure: [], tech_stack: { database: "PostgreSQL" } });
    expect(explicit.infrastructure).toEqual([]);
    expect(codes({ ...minimal, tech_stack: { database: "SQLite" } })).toEqual([
      { code: "map/unknown-tech", severity: "warning", path: "tech_stack.database" },
    ]);
  });

  it("takes the project network from the top level before the entries", () => {
    const map = parsed({ ...minimal, network: "top", infrastructure: [{ tech: "redis", network: "entry" }] });
    expect(map.network).toBe("top");
    expect(map.infrastructure[0]?.network).toBe("entry");
    expect(parsed({ ...minimal, infrastructure: [{ tech: "redis" }] }).network).toBeUndefined();
  });
});

describe("apps", () => {
  it("takes the framework from tech_stack when an app does not name one", () => {
    const map = parsed({
      ...minimal,
      tech_stack: { backend: "Python 3.12 + FastAPI", frontend: "Next.js 14" },
      apps: [
        { name: "api", kind: "backend" },
        { name: "web", kind: "frontend" },
      ],
    });
    expect(map.apps.map((a) => [a.name, a.framework, a.port, a.context])).toEqual([
      ["api", "fastapi", 8000, "./api"],
      ["web", "nextjs", 3000, "./web"],
    ]);
  });

  it("infers the kind from the name or the framework", () => {
    const map = parsed({
      ...minimal,
      apps: [
        { name: "frontend-admin" },
        { name: "queue-worker" },
        { name: "site", framework: "React" },
        { name: "svc" },
      ],
    });
    expect(map.apps.map((a) => a.kind)).toEqual(["frontend", "worker", "frontend", "backend"]);
  });

  it("lets a worker inherit the backend's framework and context", () => {
    const map = parsed({
      ...minimal,
      infrastructure: [{ tech: "postgresql" }, { tech: "rabbitmq" }, { tech: "meilisearch" }],
      apps: [
        { name: "api", framework: "fastapi", context: "./api" },
        { name: "worker", kind: "worker", command: "celery -A app worker" },
      ],
    });
    expect(map.apps[1]).toMatchObject({
      kind: "worker",
      framework: "fastapi",
      runtime: "python",
      context: "./api",
      dependsOn: ["postgres", "rabbitmq"],
    });
    expect(map.apps[1]?.port).toBeUndefined();
    expect(map.apps[0]?.dependsOn).toEqual(["postgres", "rabbitmq", "meilisearch"]);
  });

  it("derives apps from code_organization when tech_stack names none", () => {
    const map = parsed({
      ...minimal,
      code_organization: {
        structure: { "apps/web/": "Vue front end", "apps/server/": "Go API", "docs/": "docs" },
      },
    });
    expect(map.apps.map((a) => [a.name, a.kind, a.context, a.framework])).toEqual([
      ["backend", "backend", "./apps/server", undefined],
      ["frontend", "frontend", "./apps/web", undefined],
    ]);
  });

  it("warns about a framework it has no templates for, and still generates the app", () => {
    const r = parseArchitecture({ ...minimal, tech_stack: { backend: "Go 1.22 + Gin", frontend: "Vue 3" } });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ["map/unknown-framework", "warning", "tech_stack.backend"],
      ["map/unknown-framework", "warning", "tech_stack.frontend"],
    ]);
    expect(r.ok && r.value.apps.map((a) => [a.name, a.framework, a.runtime, a.port])).toEqual([
      ["backend", undefined, undefined, 4000],
      ["frontend", undefined, "node", 3000],
    ]);
  });

  it("uses explicit depends_on, environment, api keys, ports, command and replicas", () => {
    const map = parsed({
      ...minimal,
      infrastructure: [{ tech: "postgresql" }, { tech: "redis" }],
      apps: [
        {
          name: "api",
          framework: "Node.js 20 + Express",
          port: 5000,
          host_port: 5001,
          command: "npm run dev",
          replicas: 3,
          depends_on: ["redis"],
          environment: { NODE_ENV: "development", DEBUG: true, WORKERS: 4 },
          api_keys: ["OPENAI_API_KEY", "OPENAI_API_KEY", "MAPBOX_TOKEN"],
        },
      ],
      api_keys: ["STRIPE_SECRET_KEY"],
    });
    expect(map.apps[0]).toEqual({
      name: "api",
      kind: "backend",
      framework: "express",
      runtime: "node",
      context: ".",
      port: 5000,
      hostPort: 5001,
      command: "npm run dev",
      replicas: 3,
      dependsOn: ["redis"],
      environment: { NODE_ENV: "development", DEBUG: "true", WORKERS: "4" },
      apiKeys: ["OPENAI_API_KEY", "MAPBOX_TOKEN"],
      source: "apps[0]",
    });
    expect(map.apiKeys).toEqual(["STRIPE_SECRET_KEY", "OPENAI_API_KEY", "MAPBOX_TOKEN"]);
  });

  it("keeps an explicit empty apps list empty", () => {
    expect(parsed({ ...minimal, apps: [], tech_stack: { backend: "Express" } }).apps).toEqual([]);
  });
});

describe("environments and project fields", () => {
  it("reads per-environment variables and service overrides", () => {
    const map = parsed({
      project: { name: "Shop", path: "/home/me/shop", slug: "shop-x", description: "A shop" },
      infrastructure: [{ tech: "postgresql" }],
      environments: {
        development: { variables: { LOG_LEVEL: "debug" } },
        staging: { services: { postgres: { image: "postgres:16.4" } } },
      },
    });
    expect(map.project).toEqual({
      name: "Shop",
      slug: "shop-x",
      path: "/home/me/shop",
      description: "A shop",
    });
    expect(map.environments).toEqual({
      development: { variables: { LOG_LEVEL: "debug" } },
      staging: { services: { postgres: { image: "postgres:16.4" } } },
    });
  });

  it("reports an override of a service the map does not define", () => {
    expect(
      codes({ ...minimal, environments: { production: { services: { ghost: { replicas: 2 } } } } }),
    ).toEqual([
      { code: "map/unknown-service", severity: "error", path: "environments.production.services.ghost" },
    ]);
  });

  it("keeps __proto__ and constructor as ordinary keys", () => {
    const text = '{"project":{"name":"x"},"variables":{"__proto__":"a","constructor":"b"}}';
    const map = parsed(text);
    expect(Object.keys(map.variables)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(map.variables)).toBe(Object.prototype);
  });
});
