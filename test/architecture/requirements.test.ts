import { describe, expect, it } from "vitest";
import { type ArchitectureMap, parseRequirements } from "../../src/architecture/index.js";

function parsed(text: string): ArchitectureMap {
  const r = parseRequirements(text);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.value;
}

const services = (map: ArchitectureMap) => map.infrastructure.map((s) => [s.name, s.kind, s.port]);

describe("parseRequirements", () => {
  it("parses the seed's example", () => {
    const r = parseRequirements("PostgreSQL on port 5434, Redis on 6380, network: myapp_network");
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(services(r.value)).toEqual([
      ["postgres", "postgres", 5434],
      ["redis", "redis", 6380],
    ]);
    expect(r.value.network).toBe("myapp_network");
    expect(r.value.infrastructure[0]).toMatchObject({ tech: "PostgreSQL", source: "requirements:1:1" });
    expect(r.value.infrastructure[1]).toMatchObject({ tech: "Redis", source: "requirements:1:26" });
    expect(r.value.apps).toEqual([]);
    expect(r.value.project).toEqual({ name: "app", slug: "app" });
  });

  it.each([
    ["port 5434", "PostgreSQL port 5434"],
    ["port: 5434", "PostgreSQL port: 5434"],
    ["port=5434", "PostgreSQL port=5434"],
    ["on 5434", "PostgreSQL on 5434"],
    ["on port 5434", "PostgreSQL on port 5434"],
    ["bare 5434", "PostgreSQL 5434"],
    [":5434", "PostgreSQL :5434"],
    ["localhost:5434", "PostgreSQL at localhost:5434"],
    ["postgres:5434", "postgres:5434"],
    ["(port 5434)", "PostgreSQL (port 5434)"],
  ])("reads a port written as %s", (_, text) => {
    expect(services(parsed(text))).toEqual([["postgres", "postgres", 5434]]);
  });

  it("reads `tech:tag` as a version, and `tech:port` as a port when the number can be one", () => {
    const map = parsed("postgres:17, redis:7.4-alpine, mysql:3307 and mongodb:8");
    expect(map.infrastructure.map((s) => [s.name, s.version, s.port])).toEqual([
      ["postgres", "17", undefined],
      ["redis", "7.4-alpine", undefined],
      ["mysql", undefined, 3307],
      ["mongodb", "8", undefined],
    ]);
  });

  it("knows every supported technology", () => {
    const map = parsed(
      "PostgreSQL, PostGIS, pgvector, MySQL, MariaDB, MongoDB, Redis, RabbitMQ, Meilisearch, MinIO",
    );
    expect(map.infrastructure.map((s) => [s.name, s.kind])).toEqual([
      ["postgres", "postgres"],
      ["postgres-2", "postgis"],
      ["postgres-3", "pgvector"],
      ["mysql", "mysql"],
      ["mariadb", "mariadb"],
      ["mongodb", "mongodb"],
      ["redis", "redis"],
      ["rabbitmq", "rabbitmq"],
      ["meilisearch", "meilisearch"],
      ["minio", "minio"],
    ]);
  });

  it("reads PostgreSQL with an extension as one service", () => {
    expect(parsed("PostgreSQL 16 with PostGIS on port 5434").infrastructure).toMatchObject([
      { name: "postgres", kind: "postgis", version: "16", port: 5434, extensions: ["postgis"] },
    ]);
    expect(parsed("Postgres with the vector extension").infrastructure).toMatchObject([
      { name: "postgres", kind: "pgvector", extensions: ["pgvector"] },
    ]);
  });

  it("reports PostGIS together with pgvector", () => {
    const r = parseRequirements("PostgreSQL with PostGIS and pgvector");
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      { code: "map/extension-conflict", severity: "error", line: 1, column: 29 },
    ]);
  });

  it("reads versions, volumes and per-service networks", () => {
    const map = parsed(
      "MySQL 8.0 on 3307 with volume ./mysql-data. MongoDB 7 port 27018 volume: mongo-data, Redis on network cache_net",
    );
    expect(map.infrastructure).toMatchObject([
      { name: "mysql", version: "8.0", port: 3307, volume: "./mysql-data" },
      { name: "mongodb", version: "7", port: 27018, volume: "mongo-data" },
      { name: "redis", network: "cache_net" },
    ]);
    expect(map.network).toBe("cache_net");
    expect(parsed("Redis version 7.2").infrastructure[0]?.version).toBe("7.2");
  });

  it("attaches a port in the next clause to the service before it", () => {
    expect(services(parsed("PostgreSQL, port 5434; Redis"))).toEqual([
      ["postgres", "postgres", 5434],
      ["redis", "redis", undefined],
    ]);
  });

  it("turns category words into the default service of the category", () => {
    const map = parsed("a database, a cache on 6380, a message queue, full-text search and object storage");
    expect(map.infrastructure.map((s) => [s.name, s.kind, s.tech, s.port])).toEqual([
      ["postgres", "postgres", "postgresql", undefined],
      ["redis", "redis", "redis", 6380],
      ["rabbitmq", "rabbitmq", "rabbitmq", undefined],
      ["meilisearch", "meilisearch", "meilisearch", undefined],
      ["minio", "minio", "minio", undefined],
    ]);
  });

  it("treats a category word next to its technology as a description", () => {
    expect(services(parsed("Redis cache on 6380 and a PostgreSQL database"))).toEqual([
      ["redis", "redis", 6380],
      ["postgres", "postgres", undefined],
    ]);
  });

  it("reads app frameworks and workers", () => {
    const map = parsed("FastAPI backend with PostgreSQL, React frontend, 2 workers");
    expect(map.apps.map((a) => [a.name, a.kind, a.framework, a.port, a.replicas, a.dependsOn])).toEqual([
      ["backend", "backend", "fastapi", 8000, undefined, ["postgres"]],
      ["frontend", "frontend", "react", 3000, undefined, ["backend"]],
      ["worker", "worker", "fastapi", undefined, 2, ["postgres"]],
    ]);
    expect(map.projectType).toBe("fastapi");
    expect(map.apps.map((a) => a.context)).toEqual(["./backend", "./frontend", "./backend"]);
  });

  it("reads 'Node.js 20 + Express' as one express backend", () => {
    const map = parsed("Node.js 20 + Express API, MongoDB");
    expect(map.apps.map((a) => [a.name, a.framework, a.port])).toEqual([["backend", "express", 4000]]);
  });

  it("reports text it does not understand, naming the fragment, and still uses the rest", () => {
    const r = parseRequirements("PostgreSQL on port 5434, Oracle on 1521\nRedis with sharding");
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([
      { code: "requirements/unrecognized", severity: "warning", line: 1, column: 26 },
      { code: "requirements/unrecognized", severity: "warning", line: 1, column: 36 },
      { code: "requirements/unrecognized", severity: "warning", line: 2, column: 12 },
    ]);
    expect(r.diagnostics[0]?.message).toContain('"Oracle"');
    expect(r.diagnostics[0]?.message).toContain('"Oracle on 1521"');
    expect(r.diagnostics[2]?.message).toContain('"sharding"');
  });

  it("fails when it recognises no service at all", () => {
    const r = parseRequirements("Oracle on port 1521");
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      "requirements/unrecognized",
      "requirements/unrecognized",
      "requirements/empty",
    ]);
  });

  it("reports ports outside 1–65535", () => {
    const r = parseRequirements("Redis on port 70000");
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([{ code: "port/invalid", severity: "error", line: 1, column: 15 }]);
  });

  it("falls back to the minimal configuration for empty text", () => {
    for (const text of ["", "   \n  "]) {
      const r = parseRequirements(text);
      expect(r.diagnostics).toMatchObject([{ code: "map/missing", severity: "warning" }]);
      expect(r.ok && r.value.infrastructure.map((s) => s.kind)).toEqual(["postgres"]);
    }
  });

  it("names duplicates apart and takes the project name from the options", () => {
    const r = parseRequirements("Postgres on 5434; Postgres on 5435", { name: "Two DBs", file: "req.txt" });
    expect(r.ok && r.value.infrastructure.map((s) => s.name)).toEqual(["postgres", "postgres-2"]);
    expect(r.ok && r.value.project).toEqual({ name: "Two DBs", slug: "two-dbs" });
  });

  it("is deterministic", () => {
    const text = "PostgreSQL 16 on 5434, Redis :6380, network: app_net, Express backend";
    expect(JSON.stringify(parseRequirements(text))).toBe(JSON.stringify(parseRequirements(text)));
  });
});
