import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { printDiagnostics } from "../../src/cli/io.js";
import type { Diagnostic } from "../../src/core/index.js";
import { run } from "./run.js";

const root = resolve(import.meta.dirname, "../..");
const chi = join(root, "examples/chi-monitor/architecture.json");
const work = mkdtempSync(join(tmpdir(), "slipway diagnostics output "));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: "1765204200" };

/** A folder holding a Compose file slipway did not write: generate reports a conflict (one error) among its infos. */
function foreignProject(name: string): { out: string; ledger: string } {
  const out = join(work, name);
  mkdirSync(out);
  writeFileSync(join(out, "docker-compose.yml"), "services:\n  web:\n    image: nginx:1.27\n");
  return { out, ledger: join(work, `${name}.ledger.json`) };
}

const COUNT_LINE = /^\d+ errors?, \d+ warnings?/;

describe("diagnostics on the terminal", () => {
  it("prints the error first, no info lines, and one count line", async () => {
    const { out, ledger } = foreignProject("quiet");
    const r = await run(["generate", chi, "--out", out, "--ledger", ledger], { env });
    expect(r.code).toBe(1);
    const lines = r.err.trimEnd().split("\n");
    expect(lines[0]).toContain("error plan/conflict");
    expect(lines.filter((l) => / info /.test(l))).toEqual([]);
    const counts = lines.filter((l) => COUNT_LINE.test(l));
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatch(/^1 error, 0 warnings \(\d+ infos? not shown; --verbose shows them\)$/);
  });

  it("prints the infos after the error with --verbose, still one count line", async () => {
    const { out, ledger } = foreignProject("verbose");
    const r = await run(["generate", chi, "--out", out, "--ledger", ledger, "--verbose"], { env });
    expect(r.code).toBe(1);
    const lines = r.err.trimEnd().split("\n");
    expect(lines[0]).toContain("error plan/conflict");
    const infos = lines.filter((l) => / info /.test(l));
    expect(infos.length).toBeGreaterThan(0);
    expect(lines.filter((l) => COUNT_LINE.test(l))).toEqual(["1 error, 0 warnings"]);
  });

  it("keeps every info in --json", async () => {
    const { out, ledger } = foreignProject("json");
    const r = await run(["generate", chi, "--out", out, "--ledger", ledger, "--json"], { env });
    const report = JSON.parse(r.out) as { diagnostics: Diagnostic[] };
    expect(report.diagnostics.some((d) => d.severity === "info")).toBe(true);
    expect(report.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("orders errors, then warnings, then infos, each by place", () => {
    const diagnostics: Diagnostic[] = [
      { code: "a/info", severity: "info", message: "i", file: "a.yml", line: 1 },
      { code: "b/warning", severity: "warning", message: "w", file: "a.yml", line: 2 },
      { code: "c/error", severity: "error", message: "e2", file: "b.yml", line: 1 },
      { code: "d/error", severity: "error", message: "e1", file: "a.yml", line: 9 },
    ];
    const print = (verbose: boolean) => {
      let err = "";
      const ctx: CliContext = { stdout: () => {}, stderr: (t) => (err += t), env: {}, cwd: ".", verbose };
      printDiagnostics(ctx, diagnostics);
      return err.trimEnd().split("\n");
    };
    expect(print(true).map((l) => /(\w\/\w+)/.exec(l)?.[1] ?? l)).toEqual([
      "d/error",
      "c/error",
      "b/warning",
      "a/info",
      "2 errors, 1 warning",
    ]);
    expect(print(false).at(-1)).toBe("2 errors, 1 warning (1 info not shown; --verbose shows them)");
  });
});
