import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_RULES } from "../../src/secrets/index.js";

const root = resolve(import.meta.dirname, "../..");
const docs = readFileSync(join(root, "docs/diagnostics.md"), "utf8");

/** Every TypeScript file under src. */
function sources(dir = join(root, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const PREFIXES =
  "map|requirements|detect|port|compose|env|depends|network|health|volume|image|name|environment|registry|secret|template|plan|engine|diagnose|digest|preflight|lifecycle|migration|cli|graph|platform";
const CODE = new RegExp(`"((?:${PREFIXES})/[a-z0-9]+(?:-[a-z0-9]+)*)"`, "g");

describe("docs/diagnostics.md", () => {
  it("has a row for every diagnostic code the code can report", () => {
    const codes = new Set<string>();
    for (const file of sources()) for (const m of readFileSync(file, "utf8").matchAll(CODE)) codes.add(m[1]!);
    for (const rule of SECRET_RULES) codes.add(`secret/${rule.id}`);
    expect(codes.size).toBeGreaterThan(150);
    const missing = [...codes].filter((code) => !docs.includes(`| \`${code}\``)).sort();
    expect(missing).toEqual([]);
  });
});
