import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ComposeFile } from "../../src/compose/model.js";
import { buildServiceGraph, startupTiers, toDot, toMermaid } from "../../src/graph/index.js";

const stack: ComposeFile = {
  services: {
    frontend: { build: "./web", depends_on: ["backend"] },
    backend: {
      image: "acme/api:1.4",
      depends_on: {
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_started", required: false },
      },
    },
    postgres: { image: "postgres:16-alpine" },
    redis: { image: "redis:7.4-alpine" },
  },
};

describe("buildServiceGraph", () => {
  it("has a node per service and an edge per depends_on entry with its condition", () => {
    const graph = buildServiceGraph(stack);
    expect(graph.nodes()).toEqual(["frontend", "backend", "postgres", "redis"]);
    expect(graph.size).toBe(3);
    expect(graph.getEdgeAttributes("backend", "postgres")).toEqual({
      condition: "service_healthy",
      required: true,
    });
    expect(graph.getEdgeAttributes("backend", "redis")).toEqual({
      condition: "service_started",
      required: false,
    });
    expect(graph.getNodeAttribute("postgres", "image")).toBe("postgres:16-alpine");
  });

  it("leaves out dependencies on undefined services and merges repeated ones", () => {
    const graph = buildServiceGraph({
      services: { a: { image: "a:1", depends_on: ["ghost", "b", "b"] }, b: { image: "b:1" } },
    });
    expect(graph.size).toBe(1);
  });
});

describe("startupTiers", () => {
  it("groups services in start order", () => {
    expect(startupTiers(stack)).toEqual({
      ok: true,
      value: [["postgres", "redis"], ["backend"], ["frontend"]],
      diagnostics: [],
    });
  });

  it("gives [] for an empty file and fails with the cycle for circular dependencies", () => {
    expect(startupTiers({ services: {} })).toMatchObject({ ok: true, value: [] });
    const cyclic = startupTiers({
      services: { a: { image: "a:1", depends_on: ["b"] }, b: { image: "b:1", depends_on: ["a"] } },
    });
    expect(cyclic).toMatchObject({
      ok: false,
      diagnostics: [{ code: "depends/cycle", path: "services.a.depends_on.b" }],
    });
    expect(cyclic.diagnostics[0]?.message).toContain("a → b → a");
  });

  it("puts every dependency in an earlier tier (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 25 }), (pairs) => {
        const services: ComposeFile["services"] = {};
        for (let i = 0; i < 10; i++) services[`s${i}`] = { image: "x:1", depends_on: [] };
        // Only edges from higher to lower index: always acyclic.
        for (const [a, b] of pairs) if (a > b) (services[`s${a}`]!.depends_on as string[]).push(`s${b}`);
        const r = startupTiers({ services });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const tierOf = new Map(r.value.flatMap((tier, i) => tier.map((s) => [s, i] as const)));
        expect(tierOf.size).toBe(10);
        for (const [a, b] of pairs)
          if (a > b) expect(tierOf.get(`s${a}`)!).toBeGreaterThan(tierOf.get(`s${b}`)!);
      }),
    );
  });
});

describe("diagrams", () => {
  it("draws Mermaid with tiers and labelled conditions", () => {
    expect(toMermaid(stack)).toMatchInlineSnapshot(`
      "flowchart TB
        subgraph tier1["Tier 1"]
          s2["postgres<br/><small>postgres:16-alpine</small>"]
          s3["redis<br/><small>redis:7.4-alpine</small>"]
        end
        subgraph tier2["Tier 2"]
          s1["backend<br/><small>acme/api:1.4</small>"]
        end
        subgraph tier3["Tier 3"]
          s0["frontend"]
        end
        s0 --> s1
        s1 -->|healthy| s2
        s1 --> s3
      "
    `);
  });

  it("draws DOT with clusters, labels and dashed optional edges", () => {
    const dot = toDot(stack);
    expect(dot).toContain('subgraph cluster_tier1 {\n    label="Tier 1";');
    expect(dot).toContain('"backend" -> "postgres" [label="healthy"];');
    expect(dot).toContain('"backend" -> "redis" [style=dashed];');
    expect(dot).toContain('"postgres" [label="postgres\\npostgres:16-alpine"];');
    expect(dot.endsWith("}\n")).toBe(true);
  });

  it("still draws a file with circular dependencies", () => {
    const compose: ComposeFile = {
      services: { a: { image: "a:1", depends_on: ["b"] }, b: { image: "b:1", depends_on: ["a"] } },
    };
    expect(toMermaid(compose)).toContain("circular dependencies");
    expect(toDot(compose)).toContain('"b" -> "a";');
  });
});
