import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./run.js";

const root = resolve(import.meta.dirname, "../..");
const chi = join(root, "examples/chi-monitor/architecture.json");
const work = mkdtempSync(join(tmpdir(), "slipway generate reruns #"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: "1765204200" };

function folder(name: string) {
  return { dir: join(work, name), ledger: join(work, `${name}.ledger.json`) };
}

const held = (ledger: string): { port: number }[] =>
  existsSync(ledger) ? JSON.parse(readFileSync(ledger, "utf8")).entries : [];

describe("slipway generate and the port ledger", () => {
  it("records nothing with --dry-run, and the ports once it writes", async () => {
    const { dir, ledger } = folder("dry");
    const dry = await run(["generate", chi, "--out", dir, "--ledger", ledger, "--dry-run"], { env });
    expect(dry.code).toBe(0);
    expect(held(ledger)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    const real = await run(["generate", chi, "--out", dir, "--ledger", ledger], { env });
    expect(real.code).toBe(0);
    expect(held(ledger).map((e) => e.port)).toContain(5434);
  });
});

describe("slipway generate and a Compose file it did not write", () => {
  const foreign = "services:\n  mine:\n    image: nginx:1.27\n";

  it("refuses it with the diff and a hint naming --force; --json lists the conflict", async () => {
    const { dir, ledger } = folder("foreign");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "docker-compose.yml"), foreign);
    const text = await run(["generate", chi, "--out", dir, "--ledger", ledger], { env });
    expect(text.code).toBe(1);
    expect(text.err).toContain("--force");
    expect(text.err).toContain("-    image: nginx:1.27");
    const json = await run(["generate", chi, "--out", dir, "--ledger", ledger, "--json"], { env });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.out);
    expect(out.ok).toBe(false);
    expect(out.conflicts).toEqual([expect.objectContaining({ path: "docker-compose.yml" })]);
    expect(out.written).toEqual([]);
    expect(readFileSync(join(dir, "docker-compose.yml"), "utf8")).toBe(foreign);
  });

  it("overwrites it with --force, as the hint says", async () => {
    const { dir, ledger } = folder("forced");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "docker-compose.yml"), foreign);
    const r = await run(["generate", chi, "--out", dir, "--ledger", ledger, "--force", "--json"], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.ok).toBe(true);
    expect(out.conflicts).toEqual([]);
    expect(out.written).toContain("docker-compose.yml");
    expect(readFileSync(join(dir, "docker-compose.yml"), "utf8")).not.toContain("nginx:1.27");
    const again = await run(["generate", chi, "--out", dir, "--ledger", ledger], { env });
    expect(again.code).toBe(0);
  });
});
