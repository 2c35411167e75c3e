import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles } from "../src/core/cycles.js";

// The house rules of src/: who may import whom, no cycle between modules, effects only at the
// edge. docs/architecture.md shows the same table; the last test keeps the two equal.

const root = resolve(import.meta.dirname, "..");
const src = join(root, "src");

/**
 * Who may import whom: each module (first folder under src/; `index` is src/index.ts, the root
 * entry) and the modules its files may import. Derived from the code, then judged: the arrows form
 * a DAG, and a new arrow is a decision made here (and in docs/architecture.md), not by accident.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  allocator: ["core"],
  compose: ["core"],
  env: ["core"],
  secrets: ["core"],
  templates: ["core"],
  architecture: ["compose", "core"],
  platforms: ["compose", "core"],
  operations: ["compose", "core", "env"],
  // Only registry/deprecated.ts: the old `slipway/registry` names of the moved operations, kept for
  // one minor version. The operations take nothing from the registry (they read its services
  // through their own `RegistryServices` type), so the arrow goes one way.
  registry: ["core", "operations"],
  graph: ["compose", "core", "registry"],
  plan: [
    "allocator",
    "architecture",
    "compose",
    "core",
    "env",
    "graph",
    "platforms",
    "registry",
    "secrets",
    "templates",
  ],
  // Adapters implement the interfaces of core and nothing else.
  node: ["core"],
  // `package.json`: the CLI prints the package's version.
  cli: [
    "allocator",
    "architecture",
    "compose",
    "core",
    "env",
    "graph",
    "node",
    "operations",
    "package.json",
    "plan",
    "registry",
    "secrets",
  ],
  index: ["core", "plan"],
};

/** The rule a forbidden arrow breaks, for the failure message. */
function ruleFor(module: string): string {
  if (module === "node") return "adapters in node/ import core only";
  return `${module} may import only ${ALLOWED[module]?.join(", ") || "nothing"} (the table of allowed module dependencies)`;
}

/** Modules that may use I/O from `node:` and the process (`process.env`, `process.exit`). */
const EDGE = new Set(["node", "cli"]);
const IO_BUILTINS = ["fs", "fs/promises", "net", "child_process", "http", "https", "dgram", "os"];

interface Import {
  file: string;
  line: number;
  specifier: string;
}

const IMPORT_PATTERNS = [
  // import x from "…", import type { a, b } from "…", export * from "…", export { a as b } from "…"
  /(?:^|\n)[ \t]*(?:import|export)\s+(?:type\s+)?[\w$*\s{},]*?\s*from\s*"([^"]+)"/g,
  // import "…" (for its effects)
  /(?:^|\n)[ \t]*import\s*"([^"]+)"/g,
  // import("…"), also in `typeof import("…")`
  /\bimport\(\s*"([^"]+)"\s*\)/g,
];

/** The module specifiers of a TypeScript text, with their 1-based line. */
function specifiers(text: string): { specifier: string; line: number }[] {
  const out: { specifier: string; line: number }[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const at = (m.index ?? 0) + m[0].lastIndexOf(`"${m[1]}"`);
      out.push({ specifier: m[1] as string, line: text.slice(0, at).split("\n").length });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The module a path under src/ belongs to; a file outside src/ is named by its path from the root. */
function moduleOf(path: string): string {
  const fromSrc = relative(src, path);
  if (fromSrc.startsWith("..")) return relative(root, path).split(sep).join("/");
  const parts = fromSrc.split(sep);
  return parts.length === 1 ? "index" : (parts[0] as string);
}

const files = sourceFiles(src).sort();
const texts = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));
const imports: Import[] = files.flatMap((f) =>
  specifiers(texts.get(f) as string).map((s) => ({ file: relative(root, f).split(sep).join("/"), ...s })),
);

/** The arrows between modules, each with the imports that make it. */
function moduleArrows(): Map<string, Map<string, Import[]>> {
  const arrows = new Map<string, Map<string, Import[]>>();
  for (const i of imports) {
    if (!i.specifier.startsWith(".")) continue;
    const from = moduleOf(join(root, i.file));
    const to = moduleOf(resolve(dirname(join(root, i.file)), i.specifier));
    if (from === to) continue;
    const targets = arrows.get(from) ?? new Map<string, Import[]>();
    targets.set(to, [...(targets.get(to) ?? []), i]);
    arrows.set(from, targets);
  }
  return arrows;
}

describe("the import walk", () => {
  it("reads static, type-only, re-exported, multi-line and dynamic imports", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "../b/index.js";',
      "import {",
      "  c,",
      "  type D,",
      '} from "../c/index.js";',
      'export * from "./e.js";',
      'export { f as g } from "../f/index.js";',
      'import "./side-effect.js";',
      ' * import { h } from "../in-a-comment.js";',
      'const load = () => import("../lazy.js");',
    ].join("\n");
    expect(specifiers(text)).toEqual([
      { specifier: "./a.js", line: 1 },
      { specifier: "../b/index.js", line: 2 },
      { specifier: "../c/index.js", line: 6 },
      { specifier: "./e.js", line: 7 },
      { specifier: "../f/index.js", line: 8 },
      { specifier: "./side-effect.js", line: 9 },
      { specifier: "../lazy.js", line: 11 },
    ]);
  });

  it("finds every module of src/ and the arrows the plan depends on", () => {
    const modules = new Set(files.map(moduleOf));
    expect([...modules].sort()).toEqual(Object.keys(ALLOWED).sort());
    const arrows = moduleArrows();
    expect([...(arrows.get("plan")?.keys() ?? [])].sort()).toEqual([...(ALLOWED.plan ?? [])].sort());
  });
});

describe("who may import whom", () => {
  it("the table forms a DAG (graph imports the registry, never the reverse)", () => {
    const table = new Map(Object.entries(ALLOWED).map(([m, to]) => [m, [...to]]));
    expect(findCycles(table)).toEqual([]);
    expect(ALLOWED.graph).toContain("registry");
    expect(ALLOWED.registry).not.toContain("graph");
  });

  it("every import between modules is an arrow of the table", () => {
    const wrong: string[] = [];
    for (const [from, targets] of moduleArrows()) {
      for (const [to, at] of targets) {
        if (ALLOWED[from]?.includes(to)) continue;
        for (const i of at) {
          wrong.push(
            `${i.file}:${i.line} imports "${i.specifier}": ${from} → ${to} breaks "${ruleFor(from)}"`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no import cycle between modules", () => {
    const arrows = moduleArrows();
    const graph = new Map([...arrows].map(([from, targets]) => [from, [...targets.keys()]]));
    const cycles = findCycles(graph).map((cycle) =>
      cycle
        .slice(1)
        .map((to, k) => {
          const from = cycle[k] as string;
          const first = arrows.get(from)?.get(to)?.[0];
          return `${from} → ${to} (${first?.file}:${first?.line})`;
        })
        .join(", ")
        .concat(': breaks "the modules form a DAG (no import cycle)"'),
    );
    expect(cycles).toEqual([]);
  });
});

describe("effects only at the edge", () => {
  it(`no I/O from node: outside ${[...EDGE].join(" and ")}`, () => {
    const io = new Set(IO_BUILTINS.flatMap((name) => [name, `node:${name}`]));
    const wrong = imports
      .filter((i) => io.has(i.specifier) && !EDGE.has(moduleOf(join(root, i.file))))
      .map(
        (i) =>
          `${i.file}:${i.line} imports "${i.specifier}": breaks "only node/ and cli/ import I/O from node:"`,
      );
    expect(wrong).toEqual([]);
  });

  it("no process.env or process.exit outside node/ and cli/", () => {
    const wrong: string[] = [];
    for (const [file, text] of texts) {
      if (EDGE.has(moduleOf(file))) continue;
      for (const m of text.matchAll(/\bprocess\.(env|exit)\b/g)) {
        const line = text.slice(0, m.index).split("\n").length;
        wrong.push(
          `${relative(root, file)}:${line} uses ${m[0]}: breaks "only node/ and cli/ touch the process"`,
        );
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("docs/architecture.md", () => {
  it("shows the same table of who may import whom", () => {
    const doc = readFileSync(join(root, "docs/architecture.md"), "utf8");
    const section = doc.split(/^## /m).find((s) => s.startsWith("Who may import whom"));
    expect(section, "docs/architecture.md has a section '## Who may import whom'").toBeDefined();
    const rows = new Map<string, string[]>();
    for (const m of (section as string).matchAll(/^\| `([\w.]+)` \| (.*?) \|/gm)) {
      const cell = (m[2] as string).trim();
      rows.set(
        m[1] as string,
        cell === "—" ? [] : [...cell.matchAll(/`([\w.]+)`/g)].map((n) => n[1] as string),
      );
    }
    expect(Object.fromEntries(rows)).toEqual(ALLOWED);
  });
});
