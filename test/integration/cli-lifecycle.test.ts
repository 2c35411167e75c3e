import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpCommand } from "../../src/cli/commands/up.js";
import { createComposeRunner } from "../../src/node/index.js";
import { run } from "../cli/run.js";
import { docker, requireEngine } from "./engine.js";

const IMAGES = ["postgres:17.6-alpine", "redis:8.2-alpine"];

/** Every container, network and volume Compose made for a project, by its label and its name prefix. */
async function leftovers(project: string): Promise<string[]> {
  const label = `label=com.docker.compose.project=${project}`;
  const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");
  return [
    ...lines(await docker(["ps", "-aq", "--filter", label])).map((id) => `container ${id}`),
    ...lines(await docker(["network", "ls", "-q", "--filter", label])).map((id) => `network ${id}`),
    ...lines(await docker(["network", "ls", "--format", "{{.Name}}"]))
      .filter((n) => n.startsWith(`${project}_`))
      .map((n) => `network ${n}`),
    ...lines(await docker(["volume", "ls", "-q", "--filter", label])).map((id) => `volume ${id}`),
    ...lines(await docker(["volume", "ls", "--format", "{{.Name}}"]))
      .filter((n) => n.startsWith(`${project}_`))
      .map((n) => `volume ${n}`),
  ];
}

describe("slipway up, status, logs and down on a generated PostgreSQL + Redis project (real engine)", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-cli-life-"));
  let project = "";
  let env: Record<string, string> = {};

  beforeAll(async () => {
    await requireEngine(IMAGES);
    const architecture = {
      project: { name: "Life Shop", slug: "lifeshop" },
      infrastructure: [
        { type: "database", tech: "postgres" },
        { type: "cache", tech: "redis" },
      ],
    };
    writeFileSync(join(dir, "architecture.json"), JSON.stringify(architecture));
    // `up` applies the project's pending migrations once the stack is healthy.
    mkdirSync(join(dir, "migrations"));
    writeFileSync(
      join(dir, "migrations", "001_orders.sql"),
      "CREATE TABLE orders (id serial PRIMARY KEY, total integer NOT NULL);\n",
    );
    const generated = await run(
      ["generate", "architecture.json", "--no-templates", "--ledger", join(dir, "ledger.json"), "--out", dir],
      { cwd: dir },
    );
    expect(generated.code, generated.err).toBe(0);
    env = parseDotenv(readFileSync(join(dir, ".env.development"), "utf8"));
    project = env.COMPOSE_PROJECT_NAME!;
    expect(project).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  }, 60_000);

  afterAll(async () => {
    // Whatever a failed test left running goes, with its volumes.
    await createComposeRunner({ cwd: dir }).down({
      files: ["docker-compose.yml"],
      envFile: ".env.development",
      project,
      volumes: true,
    });
  }, 120_000);

  it("up fails in preflight on a host port a process holds, naming the port and that process", async () => {
    const port = Number(env.POSTGRES_PORT);
    expect(port).toBeGreaterThan(1024);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    try {
      const r = await run(["up"], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `error preflight/port-in-use: Port ${port} of postgres is in use by process ${process.pid}`,
      );
      expect(r.err).toContain("Preflight failed: nothing was started");
      expect(await leftovers(project)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it("up waits until both services are healthy, then prints one URL line per service", async () => {
    const r = await run(["up", "--timeout", "150"], { cwd: dir });
    expect(r.err).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(
        new RegExp(`^postgres +running \\(healthy\\) +postgresql://localhost:${env.POSTGRES_PORT}$`),
      ),
      expect.stringMatching(
        new RegExp(`^redis +running \\(healthy\\) +redis://localhost:${env.REDIS_PORT}$`),
      ),
    ]);
    // Not a terminal: plain progress lines, no cursor movement.
    expect(r.err).toContain("postgres  ready (healthy)");
    expect(r.err).not.toContain("\x1b");
    // The pending migration ran in the database, through the service's own client.
    expect(r.err).toContain("Migration applied: migrations/001_orders.sql");
    const [container] = (
      await docker([
        "ps",
        "-q",
        "--filter",
        `label=com.docker.compose.project=${project}`,
        "--filter",
        "label=com.docker.compose.service=postgres",
      ])
    )
      .split("\n")
      .filter(Boolean);
    const sql = "SELECT count(*) FROM orders";
    const table = await docker([
      "exec",
      container!,
      "psql",
      "-U",
      env.POSTGRES_USER!,
      "-d",
      env.POSTGRES_DB!,
      "-tAc",
      sql,
    ]);
    expect(table.trim()).toBe("0");
    const again = await run(["up", "--timeout", "150"], { cwd: dir });
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain("Migrations: none pending (migrations)");
  }, 300_000);

  it("up on the running stack runs the after-up steps (where migrations go) with the stack, and fails with them", async () => {
    const seen: string[] = [];
    const command = createUpCommand({
      afterUp: [
        {
          name: "migrations",
          run: async (stack) => {
            seen.push(`${stack.project} ${stack.envFile} ${stack.env.POSTGRES_PORT}`);
            return { ok: false, lines: ["error migration/failed: 001_init.sql"] };
          },
        },
      ],
    });
    let out = "";
    let err = "";
    const code = await command.run([], {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      env: {},
      cwd: dir,
    });
    expect(seen).toEqual([`${project} .env.development ${env.POSTGRES_PORT}`]);
    expect(code).toBe(1);
    expect(err).toContain("error migration/failed: 001_init.sql");
    expect(out).toContain(`postgresql://localhost:${env.POSTGRES_PORT}`);
  }, 120_000);

  it("status --json shows both services running, healthy, on the file's ports, without drift", async () => {
    const r = await run(["status", "--json"], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ ok: true, status: "passed", project, orphans: [] });
    expect(
      report.services.map((s: Record<string, unknown>) => [s.service, s.state, s.health, s.ports, s.drift]),
    ).toEqual([
      ["postgres", "running", "healthy", [Number(env.POSTGRES_PORT)], []],
      ["redis", "running", "healthy", [Number(env.REDIS_PORT)], []],
    ]);
  });

  it("status against a file with another Redis image and port reports both as drift (exit 1)", async () => {
    const text = readFileSync(join(dir, "docker-compose.yml"), "utf8")
      .replace("image: redis:8.2-alpine", "image: redis:7-alpine")
      .replace(`127.0.0.1:${env.REDIS_PORT}:6379`, `127.0.0.1:${Number(env.REDIS_PORT) + 1}:6379`);
    writeFileSync(join(dir, "drifted.yml"), text);
    const r = await run(["status", "--json", "-f", "drifted.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(false);
    expect(report.services.find((s: { service: string }) => s.service === "redis").drift).toEqual([
      { kind: "image", expected: "redis:7-alpine", actual: "redis:8.2-alpine" },
      { kind: "ports", expected: String(Number(env.REDIS_PORT) + 1), actual: env.REDIS_PORT },
    ]);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual([
      "status/image-drift",
      "status/port-drift",
    ]);
  });

  it("logs prints the last lines of one service", async () => {
    const r = await run(["logs", "postgres", "--tail", "5"], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("database system is ready to accept connections");
  });

  it("down --volumes leaves no container, network or volume of the project", async () => {
    expect((await leftovers(project)).length).toBeGreaterThan(0);
    const r = await run(["down", "--volumes"], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`Removed the containers, networks and volumes of project ${project}\n`);
    expect(await leftovers(project)).toEqual([]);
    const after = JSON.parse((await run(["status", "--json"], { cwd: dir })).out);
    expect(after.services.map((s: { state: string }) => s.state)).toEqual(["missing", "missing"]);
  }, 120_000);
});
