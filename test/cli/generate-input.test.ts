import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./run.js";

const work = mkdtempSync(join(tmpdir(), "slipway generate input "));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: "1765204200" };

/** A fresh empty folder to run in, and a ledger outside it. */
function cwd(name: string) {
  const dir = join(work, name);
  mkdirSync(dir);
  return { dir, ledger: join(work, `${name}.ledger.json`) };
}

describe("slipway generate: what the argument names", () => {
  const missing = [
    "archtecture.json",
    "maps/architecture.json",
    "./architecture",
    "~/project/architecture.json",
    "docs/architecture.yaml",
    "my maps/architecture.json",
    "requirements.txt",
  ];
  for (const arg of missing) {
    it(`'${arg}' that does not exist is a usage error; nothing is written`, async () => {
      const { dir, ledger } = cwd(`missing-${missing.indexOf(arg)}`);
      const r = await run(["generate", arg, "--ledger", ledger], { env, cwd: dir });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`no such file: ${arg}`);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.out).toBe("");
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(ledger)).toBe(false);
    });
  }

  it("without an argument is a usage error that names --minimal; nothing is written", async () => {
    const { dir, ledger } = cwd("none");
    const r = await run(["generate", "--ledger", ledger], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain("--minimal");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--minimal with a map or text is a usage error", async () => {
    const { dir, ledger } = cwd("minimal-and-text");
    const r = await run(["generate", "PostgreSQL", "--minimal", "--ledger", ledger], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--minimal writes the PostgreSQL-only project", async () => {
    const { dir, ledger } = cwd("minimal");
    const r = await run(["generate", "--minimal", "--ledger", ledger], { env, cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toContain("docker-compose.yml");
    // The header names a command that regenerates the file, not one that is now a usage error.
    expect(readFileSync(join(dir, "docker-compose.yml"), "utf8")).toContain("npx slipway generate --minimal");
  });

  for (const text of ["PostgreSQL", "postgres:17", "Next.js", "redis:7.4-alpine"]) {
    it(`'${text}' is still read as requirements text`, async () => {
      const { dir, ledger } = cwd(`text-${text.replace(/[^a-z0-9]/gi, "")}`);
      const r = await run(["generate", text, "--ledger", ledger], { env, cwd: dir });
      expect(r.err).not.toContain("no such file");
      expect(r.code).toBe(0);
      expect(readdirSync(dir)).toContain("docker-compose.yml");
    });
  }

  it("names requirements text in the header's regenerate command, quoted for a shell", async () => {
    const { dir, ledger } = cwd("text-quoted");
    const text = "PostgreSQL on port 5434, Redis's cache\non 6380";
    const r = await run(["generate", text, "--ledger", ledger], { env, cwd: dir });
    expect(r.code).toBe(0);
    const compose = readFileSync(join(dir, "docker-compose.yml"), "utf8");
    expect(compose).toContain(
      "# Regenerate with: npx slipway generate 'PostgreSQL on port 5434, Redis'\\''s cache on 6380'\n",
    );
  });
});
