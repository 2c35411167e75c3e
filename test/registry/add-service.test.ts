import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ComposeFile } from "../../src/compose/model.js";
import type { ServiceKind } from "../../src/core/index.js";
import { addService, parseRegistry, type Registry } from "../../src/registry/index.js";

const root = resolve(import.meta.dirname, "../..");

function axiom(): Registry {
  const r = parseRegistry(readFileSync(resolve(root, "examples/axiom-registry/registry.yml"), "utf8"));
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

describe("addService with the registry's own type words as kind", () => {
  it('takes kind "api" (the registry type of a backend) without a TypeError', () => {
    // Callers from JSON or YAML pass the registry's vocabulary; the type says ServiceKind.
    const r = addService(axiom(), { application: "prism", service: "prism-api", kind: "api" as ServiceKind });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.port).toBe(6000);
    expect(r.value.entry.allocated["6000"]).toMatchObject({
      type: "api",
      protocol: "http",
      internal_port: 4000,
    });
    const snippet = parse(r.value.snippet) as ComposeFile;
    expect(snippet.services["prism-api"]?.healthcheck?.test).toEqual([
      "CMD",
      "curl",
      "-f",
      "http://localhost:4000/health",
    ]);
  });

  it("maps each category word to its kind, and reports an unknown kind as a diagnostic", () => {
    for (const [word, type, port] of [
      ["database", "database", 5432],
      ["cache", "cache", 6379],
      ["queue", "queue", 5672],
      ["search", "search", 7700],
      ["storage", "storage", 9000],
      ["application", "api", 4000],
    ] as const) {
      const r = addService(axiom(), {
        application: "atlas",
        service: `atlas-${word}`,
        kind: word as ServiceKind,
      });
      expect(r, word).toMatchObject({ ok: true });
      if (r.ok)
        expect(Object.values(r.value.entry.allocated)[0]).toMatchObject({ type, internal_port: port });
    }
    const unknown = addService(axiom(), {
      application: "atlas",
      service: "atlas-x",
      kind: "oracle" as ServiceKind,
    });
    expect(unknown).toMatchObject({
      ok: false,
      diagnostics: [{ code: "registry/unknown-kind", path: "kind" }],
    });
  });
});

describe("addService with a chosen host port", () => {
  it("takes a free port inside the application's range", () => {
    const r = addService(axiom(), {
      application: "prism",
      service: "prism-web",
      kind: "frontend",
      hostPort: 6500,
    });
    expect(r).toMatchObject({ ok: true, value: { port: 6500 } });
    if (r.ok) expect(parse(r.value.snippet).services["prism-web"].ports).toEqual(["6500:3000"]);
    // Quoted, so YAML 1.1 readers never see a base-60 number.
    if (r.ok) expect(r.value.snippet).toContain("- '6500:3000'");
  });

  it("refuses a port outside the range, naming the range, and a port already allocated", () => {
    const outside = addService(axiom(), {
      application: "prism",
      service: "prism-web",
      kind: "frontend",
      hostPort: 7001,
    });
    expect(outside).toMatchObject({
      ok: false,
      diagnostics: [{ code: "registry/port-out-of-range", path: "hostPort" }],
    });
    expect(outside.diagnostics[0]!.message).toContain("6000-6999");
    const registry = axiom();
    const taken = Object.keys(registry.port_registry.allocated ?? {})
      .map(Number)
      .find((p) => p >= 3000 && p <= 3999)!;
    const r = addService(registry, {
      application: "forge",
      service: "forge-x",
      kind: "redis",
      hostPort: taken,
    });
    expect(r).toMatchObject({ ok: false, diagnostics: [{ code: "registry/port-taken", path: "hostPort" }] });
    expect(r.diagnostics[0]!.message).toBe(`Port ${taken} already allocated to forge-grafana`);
  });
});
