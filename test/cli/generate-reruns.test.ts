import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
