// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation (${VAR}) is what these tests feed in.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findCycles,
  formatPath,
  inferImageType,
  inferNameType,
  interpolate,
  parseImage,
  parsePath,
  readDependencies,
  readEnvironment,
  readNetworks,
  readPorts,
  readVolumes,
} from "../../src/graph/index.js";

describe("readPorts", () => {
  it("reads every form the Compose Specification allows", () => {
    const ports = readPorts([
      "3000",
      3001,
      "8080:80",
      "127.0.0.1:5432:5432",
      "127.0.0.1::5000",
      "[::1]:6000:6000/udp",
      "9000-9002:9000-9002",
      "9100-9110:80",
      { target: 80, published: "8081", host_ip: "0.0.0.0", protocol: "tcp" },
      { target: 443, published: 8443 },
      { target: 53, protocol: "udp" },
    ]);
    expect(ports.map((p) => p.problems)).toEqual(ports.map(() => []));
    expect(ports.map((p) => p.host)).toEqual([
      undefined,
      undefined,
      { start: 8080, end: 8080 },
      { start: 5432, end: 5432 },
      undefined,
      { start: 6000, end: 6000 },
      { start: 9000, end: 9002 },
      { start: 9100, end: 9110 },
      { start: 8081, end: 8081 },
      { start: 8443, end: 8443 },
      undefined,
    ]);
    expect(ports[3]?.hostIp).toBe("127.0.0.1");
    expect(ports[5]).toMatchObject({ hostIp: "::1", protocol: "udp", container: { start: 6000, end: 6000 } });
    expect(ports[10]?.protocol).toBe("udp");
  });

  it("reports what is wrong and never throws", () => {
    const ports = readPorts(["0:80", "abc", "80:99999", "9000-8000:80", "[::1:80", null, { published: 80 }]);
    for (const p of ports) expect(p.problems.length).toBeGreaterThan(0);
  });

  it("interpolates and marks unknown variables unresolved", () => {
    const [known, defaulted, unknown] = readPorts(["${P}:80", "${Q:-7000}:80", "${R}:80"], { P: "6000" });
    expect(known?.host).toEqual({ start: 6000, end: 6000 });
    expect(defaulted?.host).toEqual({ start: 7000, end: 7000 });
    expect(unknown).toMatchObject({ unresolved: true, problems: [] });
  });
});

describe("model readers", () => {
  it("reads depends_on in list and map form", () => {
    expect(readDependencies(["a", "b"])).toEqual([
      { service: "a", condition: "service_started", required: true },
      { service: "b", condition: "service_started", required: true },
    ]);
    expect(readDependencies({ a: { condition: "service_healthy", required: false }, b: null })).toEqual([
      { service: "a", condition: "service_healthy", required: false },
      { service: "b", condition: "service_started", required: true },
    ]);
  });

  it("reads networks in list and map form, default and network_mode", () => {
    expect(readNetworks({ networks: ["a", "b"] })).toEqual(["a", "b"]);
    expect(readNetworks({ networks: { a: null, b: { aliases: ["x"] } } })).toEqual(["a", "b"]);
    expect(readNetworks({})).toEqual(["default"]);
    expect(readNetworks({ network_mode: "host" })).toEqual([]);
  });

  it("reads volumes in short and long form", () => {
    const volumes = readVolumes([
      "data:/data",
      "./src:/app:ro",
      "/cache",
      "C:\\work:/work:rw",
      { type: "bind", source: "/etc", target: "/e", read_only: true },
      { type: "tmpfs", target: "/tmp" },
    ]);
    expect(volumes.map((v) => [v.type, v.source, v.target, v.readOnly])).toEqual([
      ["volume", "data", "/data", false],
      ["bind", "./src", "/app", true],
      ["anonymous", undefined, "/cache", false],
      ["bind", "C:\\work", "/work", false],
      ["bind", "/etc", "/e", true],
      ["tmpfs", undefined, "/tmp", false],
    ]);
  });

  it("reads environment in map and list form", () => {
    expect([...readEnvironment({ A: 1, B: null })]).toEqual([
      ["A", "1"],
      ["B", undefined],
    ]);
    expect([...readEnvironment(["A=x=y", "B"])]).toEqual([
      ["A", "x=y"],
      ["B", undefined],
    ]);
  });

  it("splits image references without mistaking a registry port for a tag", () => {
    expect(parseImage("postgres")).toEqual({ repository: "postgres" });
    expect(parseImage("localhost:5000/app")).toEqual({ repository: "localhost:5000/app" });
    expect(parseImage("ghcr.io/a/b:1.2@sha256:ff")).toEqual({
      repository: "ghcr.io/a/b",
      tag: "1.2",
      digest: "sha256:ff",
    });
  });

  it("infers service types from images and names", () => {
    const cases: [string, string | undefined][] = [
      ["postgres:16", "database"],
      ["postgis/postgis:16-3.4", "database"],
      ["pgvector/pgvector:pg16", "database"],
      ["bitnami/mysql:8", "database"],
      ["mariadb:11", "database"],
      ["mongo:7", "database"],
      ["mcr.microsoft.com/mssql/server:2022-latest", "database"],
      ["redis:7", "cache"],
      ["valkey/valkey:8", "cache"],
      ["memcached:1.6", "cache"],
      ["traefik:v3.1", "proxy"],
      ["envoyproxy/envoy:v1.31", "proxy"],
      ["prometheuscommunity/postgres-exporter:v0.15", "monitoring"],
      ["mongo-express:1", undefined],
      ["rediscommander/redis-commander:latest", undefined],
      ["node:20", undefined],
    ];
    for (const [image, type] of cases) expect(inferImageType(image), image).toBe(type);
    expect(inferNameType("orders_api")).toBe("api");
    expect(inferNameType("synapse-backend")).toBe("api");
    expect(inferNameType("apiary")).toBeUndefined();
  });

  it("interpolates like Compose", () => {
    expect(interpolate("$$HOME")).toBe("$HOME");
    expect(interpolate("${A:-x}-${B-y}", { A: "", B: "" })).toBe("x-");
    expect(interpolate("${A:+set}", { A: "1" })).toBe("set");
    expect(interpolate("${A:?required}")).toBeUndefined();
    expect(interpolate("$A/x", { A: "a" })).toBe("a/x");
  });
});

describe("paths", () => {
  it("formats and parses paths", () => {
    expect(formatPath(["services", "backend", "depends_on", "postgres"])).toBe(
      "services.backend.depends_on.postgres",
    );
    expect(formatPath(["services", "postgres", "ports", 0])).toBe("services.postgres.ports[0]");
    expect(formatPath(["port_registry", "allocated", "6000"])).toBe('port_registry.allocated["6000"]');
  });

  it("round-trips any path (property)", () => {
    const segment = fc.oneof(fc.string({ minLength: 1 }), fc.nat());
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = formatPath(segments);
        // A path cannot start with an index when printed; the first segment is always a key in practice.
        const keyed = typeof segments[0] === "number" ? ["root", ...segments] : segments;
        expect(parsePath(formatPath(keyed))).toEqual(keyed);
        expect(typeof path).toBe("string");
      }),
    );
  });
});

describe("findCycles", () => {
  it("finds each cycle once, self-loops included", () => {
    const adjacency = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    expect(findCycles(adjacency)).toEqual([
      ["a", "b", "c", "a"],
      ["e", "e"],
    ]);
  });

  it("reports a cycle exactly when a topological order does not exist (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 20 }), (edges) => {
        const adjacency = new Map<string, string[]>();
        for (let i = 0; i < 8; i++) adjacency.set(`n${i}`, []);
        for (const [a, b] of edges) adjacency.get(`n${a}`)!.push(`n${b}`);
        const cycles = findCycles(adjacency);
        // Kahn's algorithm as the oracle.
        const indegree = new Map([...adjacency.keys()].map((k) => [k, 0]));
        for (const targets of adjacency.values())
          for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
        const queue = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
        let seen = 0;
        while (queue.length > 0) {
          const node = queue.pop()!;
          seen++;
          for (const t of adjacency.get(node)!) {
            indegree.set(t, indegree.get(t)! - 1);
            if (indegree.get(t) === 0) queue.push(t);
          }
        }
        expect(cycles.length > 0).toBe(seen < adjacency.size);
        for (const cycle of cycles) {
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let i = 0; i + 1 < cycle.length; i++) expect(adjacency.get(cycle[i]!)).toContain(cycle[i + 1]);
        }
      }),
    );
  });
});
