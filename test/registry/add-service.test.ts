import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ComposeFile } from "../../src/compose/model.js";
import type { ServiceKind } from "../../src/core/index.js";
import {
  addService,
  insertRegistryAddition,
  parseRegistry,
  type Registry,
} from "../../src/registry/index.js";

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

describe("insertRegistryAddition", () => {
  const addition = (registry: Registry, app = "prism") => {
    const r = addService(registry, { application: app, service: `${app}-cache`, kind: "redis" });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    return r.value.entry;
  };
  const parsed = (text: string) => {
    const r = parseRegistry(text);
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    return r.value;
  };
  /** True when `a`'s lines appear in `b` in order: `b` only adds lines. */
  const onlyAdds = (a: string, b: string) => {
    const bl = b.split("\n");
    let i = 0;
    for (const line of a.split("\n")) {
      while (i < bl.length && bl[i] !== line) i++;
      if (i === bl.length) return false;
      i++;
    }
    return true;
  };

  it("only adds lines to a block-style registry, at the indentation of their neighbours", () => {
    const text = readFileSync(resolve(root, "examples/axiom-registry/registry.yml"), "utf8");
    const out = insertRegistryAddition(text, addition(axiom()));
    expect(onlyAdds(text, out)).toBe(true);
    const after = parsed(out);
    expect(after.port_registry.allocated?.["6000"]).toMatchObject({ service: "prism-cache", type: "cache" });
    expect(after.services?.prism?.dev?.map((s) => s.name)).toEqual(["prism-cache"]);
    expect(out).toMatch(/\n {4}6000:\n {6}service: prism-cache\n/);
  });

  it("creates the missing levels, and re-renders what it cannot splice (flow style, empty collections)", () => {
    const block =
      "port_registry:\n  ranges:\n    shop: 8000-8999 # the shop\nservices:\n  other:\n    dev:\n      - name: x\n";
    const shop = addition(parsed(block), "shop");
    const out = insertRegistryAddition(block, shop);
    expect(onlyAdds(block, out)).toBe(true);
    expect(out).toContain("# the shop");
    expect(parsed(out)).toMatchObject({
      port_registry: { allocated: { "8000": { service: "shop-cache" } } },
      services: { other: { dev: [{ name: "x" }] }, shop: { dev: [{ name: "shop-cache", ports: [8000] }] } },
    });
    for (const text of [
      "port_registry: {ranges: {shop: 8000-8999}}\n",
      "port_registry:\n  ranges:\n    shop: 8000-8999\n  allocated: {}\nservices: {}\n",
    ]) {
      const again = parsed(insertRegistryAddition(text, addition(parsed(text), "shop")));
      expect(again.port_registry.allocated?.["8000"]).toMatchObject({ service: "shop-cache" });
      expect(again.services?.shop?.dev?.[0]).toMatchObject({ name: "shop-cache" });
    }
  });
});
