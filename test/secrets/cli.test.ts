import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../cli/run.js";
import { password, providerKeys, seeded } from "./keys.js";

const dir = mkdtempSync(join(tmpdir(), "slipway-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const devPassword = password(seeded(4), 12).replace(/^[^A-Za-z]/, "k");
const gh = providerKeys(seeded(1)).find((k) => k.rule === "github-pat")!.value;
writeFileSync(join(dir, ".env.production"), `NODE_ENV=production\nGITHUB_TOKEN=${gh}\n`);
writeFileSync(
  join(dir, "docker-compose.yml"),
  `services:\n  db:\n    environment:\n      - PGPASSWORD=\${PGPASSWORD}\n`,
);
writeFileSync(join(dir, ".env.development"), `REDIS_PASSWORD=${devPassword}\n`);

describe("slipway scan", () => {
  it("exits 1 on an error-level finding and never prints the secret", async () => {
    const r = await run(["scan", ".env.production", "docker-compose.yml", "--verbose"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain(".env.production:2:14 error secret/github-pat");
    expect(r.err).toContain("docker-compose.yml:4:20 info secret/generic-password");
    expect(r.out).toContain("Scanned 2 files: 1 secret in clear, 1 placeholder.");
    expect(r.out + r.err).not.toContain(gh.slice(4, 12));
  });

  it("exits 0 when only placeholders and warnings are found", async () => {
    const r = await run(["scan", "docker-compose.yml", ".env.development"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.err).toContain(".env.development:1:16 warning secret/generic-password");
    expect(r.out + r.err).not.toContain(devPassword.slice(2, 10));
  });

  it("prints masked findings and diagnostics as JSON with --json", async () => {
    const r = await run(["scan", "--json", ".env.production"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { files: number; findings: unknown[]; diagnostics: unknown[] };
    expect(report.files).toBe(1);
    expect(report.findings).toMatchObject([
      { rule: "github-pat", line: 2, column: 14, match: "ghp_…(40 chars)" },
    ]);
    expect(report.diagnostics).toMatchObject([{ code: "secret/github-pat", severity: "error", line: 2 }]);
    expect(r.out).not.toContain(gh.slice(4, 12));
  });

  it("reports a missing file as an error and still scans the others", async () => {
    const r = await run(["scan", "nope.env", "docker-compose.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("nope.env error secret/file-not-found");
  });

  it("exits 2 without files or with an unknown option", async () => {
    expect((await run(["scan"], { cwd: dir })).code).toBe(2);
    expect((await run(["scan", "--frob", "x"], { cwd: dir })).code).toBe(2);
  });
});
