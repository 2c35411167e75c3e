import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { commands, GLOBAL_OPTIONS } from "../../src/cli/commands/index.js";
import { UsageError } from "../../src/cli/context.js";
import { run } from "./run.js";

/** The relative modules a file imports statically (`import … from`, not `import()` or `import type`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const target = resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts"));
    found.push(target);
  }
  return found;
}

function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith(".ts")) todo.push(...staticImports(file));
  }
  return [...seen].map((f) => relative(resolve("."), f)).sort();
}

describe("slipway CLI", () => {
  it("prints help with --help and exits 0", async () => {
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain("Usage: slipway <command>");
      expect(r.err).toBe("");
    }
  });

  it("prints the help on stderr and exits 2 when called without arguments", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("Usage: slipway <command>");
    for (const c of commands) expect(r.err).toContain(`  ${c.name}`);
  });

  it("prints the package version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it("exits 2 with one line on an unknown command or option", async () => {
    for (const argv of [["frobnicate"], ["--frob"]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(/unknown (command|option)/);
    }
  });

  it("loads no command module and no library code for --version and --help", () => {
    const loaded = staticClosure(resolve("src/cli/main.ts"));
    expect(loaded).toEqual([
      "package.json",
      join("src", "cli", "commands", "index.ts"),
      join("src", "cli", "context.ts"),
      join("src", "cli", "fs-errors.ts"),
      join("src", "cli", "main.ts"),
    ]);
  });
});

describe("slipway <command> --help", () => {
  for (const entry of commands) {
    it(`${entry.name}: lists each option the command accepts, one line each`, async () => {
      const r = await run([entry.name, "--help"]);
      expect(r.code).toBe(0);
      expect(r.err).toBe("");
      const lines = r.out.split("\n");
      expect(lines[0]).toBe(`Usage: ${entry.usage}`);
      // The options the command's parser accepts, as its usage error reports them.
      const command = await entry.load();
      let known: string[] | undefined;
      try {
        await command.run(["--no-such-option-at-all"], {
          stdout: () => {},
          stderr: () => {},
          env: {},
          cwd: ".",
        });
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        known = (error as UsageError).knownOptions;
      }
      expect(known).toBeDefined();
      const listed = entry.options.map((o) => /--([a-z-]+)/.exec(o.flag)![1]!);
      expect([...listed].sort()).toEqual([...known!].sort());
      for (const option of [...entry.options, ...GLOBAL_OPTIONS]) {
        const line = lines.filter((l) => l.startsWith(`  ${option.flag} `));
        expect(line, option.flag).toHaveLength(1);
        expect(line[0]).toContain(option.text);
      }
    });

    it(`${entry.name}: the dispatcher's name, summary and usage are the command's own`, async () => {
      const command = await entry.load();
      expect({ name: entry.name, summary: entry.summary, usage: entry.usage }).toEqual({
        name: command.name,
        summary: command.summary,
        usage: command.usage,
      });
    });
  }
});
