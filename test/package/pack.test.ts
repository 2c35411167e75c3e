import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json";

const root = resolve(import.meta.dirname, "../..");
// A '#' and a space in the install path catch broken import.meta.url shims and unquoted paths.
const work = mkdtempSync(join(tmpdir(), "slipway pack #"));
const consumer = join(work, "consumer app");

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 240_000,
  });
}

beforeAll(() => {
  sh("npm", ["pack", "--silent", "--pack-destination", work], root);
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (tarball === undefined) throw new Error("npm pack produced no tarball");
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  sh("npm", ["install", "--silent", "--no-audit", "--no-fund", join(work, tarball)], consumer);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("works through import, for the root and every subpath", () => {
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
    const specifiers = subpaths.map((k) => (k === "." ? "slipway" : `slipway/${k.slice(2)}`));
    const script = `for (const s of ${JSON.stringify(specifiers)}) await import(s);
      const m = await import("slipway");
      console.log(m.hasErrors([{ code: "x", severity: "error", message: "m" }]));`;
    expect(sh("node", ["--input-type=module", "-e", script], consumer).trim()).toBe("true");
  });

  it("works through require, for the root and every subpath", () => {
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
    const specifiers = subpaths.map((k) => (k === "." ? "slipway" : `slipway/${k.slice(2)}`));
    const script = `for (const s of ${JSON.stringify(specifiers)}) require(s);
      const m = require("slipway");
      console.log(m.hasErrors([]));`;
    expect(sh("node", ["-e", script], consumer).trim()).toBe("false");
  });

  it("runs the slipway bin", () => {
    const bin = join(consumer, "node_modules", ".bin", "slipway");
    expect(sh(bin, ["--version"], consumer).trim()).toBe(pkg.version);
    expect(sh(bin, ["--help"], consumer)).toContain("Usage: slipway");
  });

  it("generates an environment from the installed package, and ships the map's JSON Schema", () => {
    const bin = join(consumer, "node_modules", ".bin", "slipway");
    const out = sh(
      bin,
      ["generate", "PostgreSQL and Redis", "--out", "env", "--ledger", join(work, "ledger.json")],
      consumer,
    );
    expect(out.trimEnd().split("\n").at(-1)).toMatch(/^INFRA_CONFIG: specs\/infra-config-\d{6}-\d{4}\.json$/);
    const shipped = readFileSync(
      join(consumer, "node_modules/slipway/schemas/architecture.schema.json"),
      "utf8",
    );
    expect(JSON.parse(sh(bin, ["schema", "architecture"], consumer))).toEqual(JSON.parse(shipped));
  });
});
