import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createComposeRunner } from "../../src/node/index.js";
import { run } from "../cli/run.js";
import { BUSYBOX, cleanupLabel, docker, requireEngine, uniqueName } from "./engine.js";

describe("slipway diagnose on a real stack", () => {
  const project = uniqueName("diag").replace(/-/g, "");
  const dir = mkdtempSync(join(tmpdir(), "slipway-diag-"));
  const runner = createComposeRunner({ cwd: dir });
  const compose = {
    services: {
      web: {
        image: BUSYBOX,
        command: ["httpd", "-f", "-p", "8080"],
        init: true,
        healthcheck: { test: ["CMD-SHELL", "nc -w 1 127.0.0.1 8080 </dev/null"], interval: "1s" },
        networks: ["backend"],
      },
      worker: {
        image: BUSYBOX,
        command: ["sh", "-c", "echo cannot connect >&2; exit 3"],
        depends_on: ["web"],
        networks: ["backend"],
      },
    },
    networks: { backend: {} },
  };

  beforeAll(async () => {
    await requireEngine();
    writeFileSync(join(dir, "docker-compose.yml"), stringify(compose));
    const outcome = await runner.up({ files: ["docker-compose.yml"], project });
    expect(outcome.stderr).not.toContain("ERROR");
    await docker(["wait", `${project}_worker_1`]);
  });
  afterAll(async () => {
    await runner.down({ files: ["docker-compose.yml"], project, volumes: true });
  });

  it("reports the exited service with its status, and a service taken off its network", async () => {
    await docker(["network", "disconnect", `${project}_backend`, `${project}_web_1`]);
    const r = await run(["diagnose", "--project", project, "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ status: "fail", engineAvailable: true, project });
    const codes = report.findings.map((f: { code: string; service: string }) => `${f.code} ${f.service}`);
    expect(codes).toContain("diagnose/exited worker");
    expect(codes).toContain("diagnose/network-missing web");
    const exited = report.diagnostics.find((d: { code: string }) => d.code === "diagnose/exited");
    expect(exited).toMatchObject({ path: "services.worker", file: "docker-compose.yml" });
    expect(exited.message).toContain("status 3");
    expect(typeof exited.line).toBe("number");

    const text = await run(["diagnose", "--project", project], { cwd: dir });
    expect(text.out).toContain("### Root Cause");
    expect(text.out).toContain("### Result: FAIL");
  });

  it("without an engine, prints a WARN report and exits 0", async () => {
    const r = await run(["diagnose", "--project", project, "--json"], {
      cwd: dir,
      env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      status: "warn",
      engineAvailable: false,
      diagnostics: [{ code: "engine/unavailable" }],
    });
    expect(JSON.parse(r.out).skipped.length).toBeGreaterThan(0);
    const strict = await run(["diagnose", "--project", project, "--strict"], {
      cwd: dir,
      env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" },
    });
    expect(strict.code).toBe(1);
    expect(strict.out).toContain("Not Checked");
  });

  it("reports a missing or broken Compose file and usage errors", async () => {
    expect((await run(["diagnose", "nope.yml"], { cwd: dir })).code).toBe(1);
    writeFileSync(join(dir, "broken.yml"), "services:\n  web: [\n");
    const broken = await run(["diagnose", "broken.yml"], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/error compose\//);
    expect((await run(["diagnose", "a.yml", "b.yml"], { cwd: dir })).code).toBe(2);
    expect((await run(["digests", "frob"], { cwd: dir })).code).toBe(2);
  });

  it("diagnoses the containers an infrastructure registry lists (--registry)", async () => {
    const name = uniqueName("reg");
    await docker([
      "run",
      "-d",
      "--name",
      name,
      "--network",
      `${project}_backend`,
      "--label",
      `org.slipway.it=${name}`,
      BUSYBOX,
      "sleep",
      "600",
    ]);
    try {
      const registry = [
        "version: 1",
        "port_registry:",
        "  ranges:",
        "    demo: { start: 20000, end: 20999 }",
        "services:",
        "  demo:",
        "    dev:",
        `      - name: "${name}"`,
        `        networks: ["${project}_backend"]`,
        `      - name: "${name}-absent"`,
        "",
      ].join("\n");
      writeFileSync(join(dir, "registry.yml"), registry);
      const r = await run(["diagnose", "--registry", "registry.yml", "--json"], { cwd: dir });
      expect(r.err).toBe("");
      const report = JSON.parse(r.out);
      expect(report.current.map((s: { service: string; mark: string }) => [s.service, s.mark])).toEqual([
        [name, "ok"],
        [`${name}-absent`, "error"],
      ]);
      expect(report.diagnostics).toMatchObject([
        { code: "diagnose/not-running", path: "services.demo.dev[1]", file: "registry.yml", line: 10 },
      ]);
      expect(r.code).toBe(1);
    } finally {
      await cleanupLabel(name);
    }
  });
});
