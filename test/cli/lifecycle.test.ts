import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createUpProgress } from "../../src/cli/commands/lifecycle-shared.js";
import { runCli } from "../../src/cli/main.js";
import type { ServiceStatus } from "../../src/operations/index.js";
import { run } from "./run.js";

const COMPOSE = `services:
  postgres:
    image: postgres:17.6-alpine
    ports: ["127.0.0.1:\${POSTGRES_PORT}:5432"]
`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-cli-life-"));
  writeFileSync(join(dir, "docker-compose.yml"), COMPOSE);
  writeFileSync(join(dir, ".env.development"), "COMPOSE_PROJECT_NAME=shop-test\nPOSTGRES_PORT=5591\n");
  return dir;
}

const s = (service: string, status: ServiceStatus["status"], health?: string): ServiceStatus => ({
  service,
  containers: [],
  status,
  ...(health !== undefined ? { health } : {}),
});

describe("up's progress", () => {
  it("prints a plain line only when a service's status changes when stderr is no terminal", () => {
    let out = "";
    const progress = createUpProgress((t) => {
      out += t;
    }, false);
    progress.update([s("postgres", "starting", "starting"), s("redis", "missing")]);
    progress.update([s("postgres", "starting", "starting"), s("redis", "starting", "starting")]);
    progress.update([s("postgres", "ready", "healthy"), s("redis", "starting", "starting")]);
    progress.update([s("postgres", "ready", "healthy"), s("redis", "ready", "healthy")]);
    expect(out).toBe(
      [
        "postgres  starting",
        "redis     creating",
        "redis     starting",
        "postgres  ready (healthy)",
        "redis     ready (healthy)",
        "",
      ].join("\n"),
    );
    expect(out).not.toContain("\x1b");
  });

  it("rewrites one line per service in place on a terminal, with a spinner on the waiting ones", () => {
    const writes: string[] = [];
    const progress = createUpProgress((t) => writes.push(t), true);
    progress.update([s("postgres", "starting", "starting"), s("redis", "unhealthy", "unhealthy")]);
    progress.update([s("postgres", "ready", "healthy"), s("redis", "unhealthy", "unhealthy")]);
    expect(writes).toEqual([
      "\x1b[2K⠋ postgres  starting\n\x1b[2K✗ redis     unhealthy\n",
      "\x1b[2A\x1b[2K✓ postgres  ready (healthy)\n\x1b[2K✗ redis     unhealthy\n",
    ]);
  });
});

describe("slipway reset", () => {
  it("refuses without --yes when nobody can be asked: exit 2, nothing touched", async () => {
    const r = await run(["reset"], { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.err).toContain("pass --yes");
    expect(r.err).toContain("shop-test");
    expect(r.out).toBe("");
  });

  it("asks on a terminal and removes nothing unless the answer is yes", async () => {
    const questions: string[] = [];
    let err = "";
    const code = await runCli(["reset"], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: {},
      cwd: project(),
      isTTY: true,
      prompt: async (q) => {
        questions.push(q);
        return "n";
      },
    });
    expect(code).toBe(1);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain("project shop-test");
    expect(err).toBe("Nothing removed\n");
  });
});

describe("lifecycle commands on bad input", () => {
  it("up names a service the Compose file does not have (exit 2)", async () => {
    const r = await run(["up", "mongo"], { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.err).toContain("no service mongo in docker-compose.yml (services: postgres)");
  });

  it("an --env file that does not exist is an error naming it (exit 1)", async () => {
    for (const command of ["up", "down", "status", "logs"]) {
      const r = await run([command, "--env", ".env.staging"], { cwd: project() });
      expect(r.code, command).toBe(1);
      expect(r.err, command).toContain("error cli/file-not-found: Missing env file .env.staging");
    }
  });

  it("a missing Compose file is an error, not a stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-cli-life-empty-"));
    const r = await run(["status"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("cli/file-not-found");
  });

  it("logs rejects a --tail that is not a whole number (exit 2)", async () => {
    const r = await run(["logs", "--tail", "ten"], { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.err).toContain("--tail expects a whole number");
  });

  it("up rejects --wait with --no-wait and a --timeout that is not a number of seconds (exit 2)", async () => {
    expect((await run(["up", "--wait", "--no-wait"], { cwd: project() })).code).toBe(2);
    const r = await run(["up", "--timeout", "soon"], { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.err).toContain("--timeout expects seconds");
  });
});

describe("lifecycle commands without a Docker engine", () => {
  const noEngine = { DOCKER_HOST: "unix:///nonexistent/slipway-test.sock" };

  it("status says the state is unknown, one row per service, and exits 0", async () => {
    const r = await run(["status"], { cwd: project(), env: noEngine });
    expect(r.code).toBe(0);
    expect(r.out.split("\n")).toEqual([
      "Project shop-test",
      "SERVICE   STATE      HEALTH     PORTS        DRIFT",
      "postgres  unknown    -          -            none",
      "Image digests: not checked (no IMAGE_DIGESTS)",
      "",
    ]);
    expect(r.err).toContain("warning engine/unavailable");
  });

  it("up fails in preflight and starts nothing; down fails naming the engine", async () => {
    const up = await run(["up", "--json"], { cwd: project(), env: noEngine });
    expect(up.code).toBe(1);
    const report = JSON.parse(up.out);
    expect(report).toMatchObject({ ok: false, project: "shop-test", preflight: { status: "failed" } });
    expect(report.preflight.diagnostics.map((d: { code: string }) => d.code)).toContain("engine/required");
    const down = await run(["down"], { cwd: project(), env: noEngine });
    expect(down.code).toBe(1);
    expect(down.err).toContain("error engine/required");
  });
});
