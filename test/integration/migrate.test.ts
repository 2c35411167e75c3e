import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCompose } from "../../src/compose/index.js";
import { envValues, parseEnv } from "../../src/env/index.js";
import { createClock, createComposeRunner, createDockerProbe } from "../../src/node/index.js";
import { migrationChecksum, up } from "../../src/operations/index.js";
import { run } from "../cli/run.js";
import { requireEngine } from "./engine.js";

/** The image the generated PostgreSQL service pins; scripts/docker-test-images.sh tags it locally. */
const POSTGRES = "postgres:17.6-alpine";

/** Runs `docker-compose` (Debian's 1.29, the one on the CI machines) in `cwd`; resolves with stdout. */
function compose(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("docker-compose", args, { cwd, timeout: 120_000, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker-compose ${args.join(" ")} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

describe("slipway migrate on a generated PostgreSQL project (real engine)", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-migrate-"));
  const env = { SOURCE_DATE_EPOCH: "1700000000" };
  const target = { files: ["docker-compose.yml"], envFile: ".env.development", project: "" };
  const runner = createComposeRunner({ cwd: dir, command: ["docker-compose"] });
  const global = () => ["-f", "docker-compose.yml", "--env-file", ".env.development", "-p", target.project];
  const psql = (query: string) =>
    compose(dir, [
      ...global(),
      "exec",
      "-T",
      "postgres",
      "sh",
      "-c",
      `psql -X -A -t -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "${query}"`,
    ]).then((out) => out.trim().split("\n").filter(Boolean));
  const write = (name: string, content: string) => writeFileSync(join(dir, "migrations", name), content);

  beforeAll(async () => {
    await requireEngine([POSTGRES]);
    const map = {
      project: { name: "Ledger Demo" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
    };
    writeFileSync(join(dir, "architecture.json"), JSON.stringify(map));
    const generated = await run(["generate", "architecture.json", "--ledger", "ports.json"], {
      cwd: dir,
      env,
    });
    expect(generated.err).toBe("");
    expect(generated.code).toBe(0);
    target.project = envValues(parseEnv(readFileSync(join(dir, ".env.development"), "utf8")))
      .COMPOSE_PROJECT_NAME!;
    expect(target.project).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    const parsed = parseCompose(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    const started = await up(
      { compose: parsed.value, ...target },
      {
        runner,
        docker: createDockerProbe({ timeoutMs: 10_000 }),
        clock: createClock(),
        timeoutMs: 120_000,
        pollMs: 500,
      },
    );
    expect(started.diagnostics).toEqual([]);
    expect(started.ok).toBe(true);
    mkdirSync(join(dir, "migrations"));
  }, 180_000);

  afterAll(async () => {
    // Runs even when a test or beforeAll failed: nothing of the project may stay behind.
    if (target.project !== "") await runner.down({ ...target, volumes: true });
  }, 120_000);

  it("applies two files in order through psql in the container and records them in the database", async () => {
    write("001_init.sql", "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n");
    write("002_posts.sql", "CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users (id))");
    // A status read before anything ran lists both as pending and leaves the database as it was.
    const before = await run(["migrate", "--status"], { cwd: dir, env });
    expect(before.err).toBe("");
    expect(before.out).toContain("  pending  001_init.sql");
    expect(before.out).toContain("  pending  002_posts.sql");
    expect(await psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    const r = await run(["migrate"], { cwd: dir, env });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "applied 001_init.sql\napplied 002_posts.sql\n2 migrations applied on service postgres; 2 migrations applied in all\n",
    );
    expect(
      await psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"),
    ).toEqual(["posts", "slipway_migrations", "users"]);
    expect(await psql("SELECT name, checksum, applied_at FROM slipway_migrations ORDER BY name")).toEqual([
      `001_init.sql|${migrationChecksum("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n")}|2023-11-14T22:13:20.000Z`,
      `002_posts.sql|${migrationChecksum("CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users (id))")}|2023-11-14T22:13:20.000Z`,
    ]);
  }, 120_000);

  it("lists both as applied with --status, and a second run applies nothing", async () => {
    const status = await run(["migrate", "--status"], { cwd: dir, env });
    expect(status.code).toBe(0);
    expect(status.out).toBe(
      [
        "Migrations in migrations/ on service postgres:",
        "  applied  001_init.sql   2023-11-14T22:13:20.000Z",
        "  applied  002_posts.sql  2023-11-14T22:13:20.000Z",
        "2 applied, 0 pending, 0 changed",
        "",
      ].join("\n"),
    );
    const again = await run(["migrate"], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.out).toBe("No pending migration on service postgres (2 migrations applied)\n");
  }, 120_000);

  it("rolls a failing migration back whole, naming its file and line; the ledger does not list it", async () => {
    write("003_tags.sql", "CREATE TABLE tags (id int);\nCREAT TABLE oops (id int);\n");
    const r = await run(["migrate", "--json"], { cwd: dir, env });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { diagnostics: { code: string; file?: string; message: string }[] };
    expect(report.diagnostics).toMatchObject([
      { code: "migration/failed", file: "migrations/003_tags.sql", line: 2 },
    ]);
    expect(report.diagnostics[0]!.message).toContain("003_tags.sql:2: ERROR:");
    expect(await psql("SELECT count(*) FROM pg_tables WHERE tablename = 'tags'")).toEqual(["0"]);
    expect(await psql("SELECT name FROM slipway_migrations ORDER BY name")).toEqual([
      "001_init.sql",
      "002_posts.sql",
    ]);
  }, 120_000);

  it("refuses to run when an applied file was edited: names it and both checksums, applies nothing", async () => {
    write("003_tags.sql", "CREATE TABLE tags (id int);\n");
    const before = "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n";
    const edited = "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, name text);\n";
    write("001_init.sql", edited);
    const r = await run(["migrate"], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("migration/checksum-changed");
    expect(r.err).toContain("001_init.sql");
    expect(r.err).toContain(migrationChecksum(edited));
    expect(r.err).toContain(migrationChecksum(before));
    expect(await psql("SELECT count(*) FROM pg_tables WHERE tablename = 'tags'")).toEqual(["0"]);

    const status = await run(["migrate", "--status"], { cwd: dir, env });
    expect(status.code).toBe(1);
    expect(status.out).toContain(
      `  changed  001_init.sql   file ${migrationChecksum(edited)}, ledger ${migrationChecksum(before)}`,
    );
    expect(status.out).toContain("  pending  003_tags.sql");
    expect(status.out).toContain("1 applied, 1 pending, 1 changed");
  }, 120_000);
});
