import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as operations from "../../src/operations/index.js";
import * as registry from "../../src/registry/index.js";

const root = resolve(import.meta.dirname, "../..");

/** The `from "…"` specifiers of every TypeScript file of one folder under src, with their file. */
function imports(folder: string): { file: string; from: string }[] {
  const dir = join(root, "src", folder);
  const out: { file: string; from: string }[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(/from "([^"]+)"/g)) {
          out.push({ file: path.slice(root.length + 1), from: m[1]! });
        }
      }
    }
  };
  walk(dir);
  return out;
}

describe("the registry's boundaries", () => {
  it("imports nothing from graph (graph imports the registry)", () => {
    expect(imports("registry").filter((i) => i.from.includes("/graph/"))).toEqual([]);
  });

  it("imports operations only in the deprecated aliases", () => {
    expect(
      imports("registry")
        .filter((i) => i.from.includes("/operations/"))
        .map((i) => i.file),
    ).toEqual(["src/registry/deprecated.ts"]);
  });

  it("keeps the moved operations as the same functions under their old names", () => {
    const moved = [
      "diagnose",
      "expectedFromCompose",
      "expectedFromRegistry",
      "renderDiagnosisReport",
      "pinImages",
      "verifyDigests",
      "parseImageDigests",
      "parseImageRef",
      "renderImageDigests",
      "unpinnedRef",
      "preflight",
      "up",
      "down",
      "reset",
      "DEFAULT_BASELINE",
      "planMigrations",
      "applyMigrations",
      "migrationChecksum",
      "renderMigrationLedger",
      "parseMigrationLedger",
    ] as const;
    const old: Record<string, unknown> = { ...registry };
    const now: Record<string, unknown> = { ...operations };
    for (const name of moved) {
      expect(now[name], name).toBeDefined();
      expect(old[name], name).toBe(now[name]);
    }
  });
});

describe("the operations' boundaries", () => {
  it("take the registry's types only, never its code", () => {
    const fromRegistry = imports("operations").filter((i) => i.from.includes("/registry/"));
    for (const { file } of fromRegistry) {
      const text = readFileSync(join(root, file), "utf8");
      expect(text, file).not.toMatch(/^import \{[^}]*\} from "[^"]*\/registry\//m);
    }
  });

  it("adapters in node/ implement interfaces from core, not from a feature module", () => {
    const features = ["registry", "operations", "graph", "compose", "env", "allocator", "secrets"];
    const wrong = imports("node").filter(
      (i) =>
        features.some((f) => i.from === `../${f}/index.js` || i.from.startsWith(`../${f}/`)) &&
        !i.file.endsWith("deps.ts"),
    );
    expect(wrong).toEqual([]);
  });
});
