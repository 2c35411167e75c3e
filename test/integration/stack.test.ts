import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocatePorts } from "../../src/allocator/index.js";
import { type ComposeFile, composeProjectName, parseCompose } from "../../src/compose/index.js";
import { applyPlan, planEnvironment } from "../../src/index.js";
import {
  createClock,
  createComposeRunner,
  createCryptoRandom,
  createDockerProbe,
  createNodeFileSystem,
  createSocketProbe,
} from "../../src/node/index.js";
import {
  applyMigrations,
  diagnose,
  down,
  planMigrations,
  type SqlExecutor,
  up,
} from "../../src/operations/index.js";
import { BUSYBOX, cleanupLabel, docker, requireEngine, uniqueName } from "./engine.js";

/** Sends RESP commands to Redis over a raw socket and returns the raw replies. */
function redisCommands(url: string, commands: string[][]): Promise<string> {
  const u = new URL(url);
  const auth: string[][] = [];
  if (u.password !== "")
    auth.push(
      u.username !== ""
        ? ["AUTH", decodeURIComponent(u.username), decodeURIComponent(u.password)]
        : ["AUTH", decodeURIComponent(u.password)],
    );
  const all = [...auth, ...commands];
  const payload = all
    .map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`)
    .join("");
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: u.hostname === "localhost" ? "127.0.0.1" : u.hostname,
      port: Number(u.port || 6379),
    });
    let data = "";
    const timer = setTimeout(() => socket.destroy(new Error(`no full reply from ${u.host}: ${data}`)), 5000);
    socket.on("connect", () => socket.write(payload));
    socket.on("data", (chunk) => {
      data += chunk.toString("utf8");
      if ((data.match(/\r\n/g) ?? []).length >= all.length + 1) {
        clearTimeout(timer);
        socket.end();
        resolve(data);
      }
    });
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** PostgreSQL's SSLRequest: a server answers one byte, `S` or `N`. */
function postgresHandshake(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.on("connect", () => socket.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])));
    socket.once("data", (b) => {
      socket.destroy();
      resolve(b.subarray(0, 1).toString("latin1"));
    });
    socket.on("error", reject);
    setTimeout(() => socket.destroy(new Error("no answer")), 5000);
  });
}

function run(
  file: string,
  args: string[],
  input?: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    // A command that exits before reading its input closes the pipe: that is no test failure.
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

describe("a generated stack on the real engine", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-stack-"));
  const slug = "shopstack";
  const project = composeProjectName(slug, dir);
  const probe = createDockerProbe({ timeoutMs: 5000 });
  const socketProbe = createSocketProbe();
  const random = createCryptoRandom();
  const runner = createComposeRunner({ cwd: dir });
  const requests = [
    { service: "postgres", kind: "postgres" as const },
    { service: "redis", kind: "redis" as const },
  ];
  const strangers = uniqueName("stranger");
  let compose: ComposeFile;
  const ports: Record<string, number> = {};
  let env: Record<string, string> = {};
  const containerOf = async (service: string) =>
    (await probe.containers()).find((c) => c.project === project && c.service === service)!.name;

  beforeAll(async () => {
    await requireEngine([BUSYBOX, "postgres:17.6-alpine", "redis:8.2-alpine"]);
    // The whole main job: planEnvironment with the real adapters, then applyPlan into the folder.
    const deps = {
      probe: socketProbe,
      random,
      clock: createClock(),
      docker: probe,
      fs: createNodeFileSystem(dir),
    };
    const plan = await planEnvironment(
      {
        architecture: {
          project: { name: "Shop Stack", slug },
          infrastructure: requests.map((r) => ({
            type: r.kind === "redis" ? "cache" : "database",
            tech: r.kind,
          })),
        },
        projectPath: dir,
        composeTarget: "compose-v1",
        templates: false,
      },
      deps,
    );
    if (!plan.ok) throw new Error(JSON.stringify(plan.diagnostics));
    const applied = await applyPlan(plan, deps);
    if (!applied.ok) throw new Error(JSON.stringify(applied.diagnostics));
    expect(plan.project.composeProject).toBe(project);
    for (const p of plan.ports) ports[p.service] = p.port;
    const parsed = parseCompose(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    compose = parsed.value;
    const text = readFileSync(join(dir, ".env.development"), "utf8");
    env = parseDotenv(text);
  });
  afterAll(async () => {
    await runner.down({ files: ["docker-compose.yml"], envFile: ".env.development", project, volumes: true });
    await cleanupLabel(strangers);
  }, 120_000);

  it("comes up with docker-compose and every healthcheck turns healthy", async () => {
    const r = await up(
      { compose, files: ["docker-compose.yml"], envFile: ".env.development", project },
      { runner, docker: probe, clock: createClock(), timeoutMs: 120_000, pollMs: 500 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && r.value.services.map((s) => [s.service, s.status, s.health])).toEqual([
      ["postgres", "ready", "healthy"],
      ["redis", "ready", "healthy"],
    ]);
  }, 180_000);

  it("docker-compose takes the project name from the env file, with no -p and no `name` in the file", async () => {
    expect(env.COMPOSE_PROJECT_NAME).toBe(project);
    expect(compose.name).toBeUndefined();
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile(args[0]!, args.slice(1), { cwd: dir }, (error, out) =>
          error ? reject(error) : resolve(out),
        ),
      );
    const viaEnvFile = await run([
      "docker-compose",
      "-f",
      "docker-compose.yml",
      "--env-file",
      ".env.development",
      "ps",
      "-q",
    ]);
    const byLabel = await run([
      "docker",
      "ps",
      "-q",
      "--no-trunc",
      "--filter",
      `label=com.docker.compose.project=${project}`,
    ]);
    const ids = (text: string) =>
      text
        .split("\n")
        .filter((l) => l !== "")
        .sort();
    expect(ids(byLabel)).toHaveLength(2);
    expect(ids(viaEnvFile)).toEqual(ids(byLabel));
  });

  it("the probe sees the stack's containers with their labels, published ports and project network", async () => {
    const mine = (await probe.containers()).filter((c) => c.project === project);
    expect(mine.map((c) => c.service).sort()).toEqual(["postgres", "redis"]);
    for (const c of mine) {
      expect(c.ports.map((p) => p.hostPort)).toContain(ports[c.service!]);
      expect(c.networks.length).toBe(1);
      expect(c.networks[0]!.startsWith(`${project}_`)).toBe(true);
    }
    expect(await probe.networks()).toContain(mine[0]!.networks[0]);
  });

  it("the connection strings in .env.development work from the host as they are", async () => {
    const databaseUrl = env.DATABASE_URL!;
    const redisUrl = env.REDIS_URL!;
    expect(databaseUrl).toContain(`:${ports.postgres}/`);
    expect(redisUrl).toContain(`:${ports.redis}`);
    const db = new URL(databaseUrl);
    expect(["S", "N"]).toContain(
      await postgresHandshake(db.hostname === "localhost" ? "127.0.0.1" : db.hostname, Number(db.port)),
    );
    // psql with the URL verbatim, from the host's network namespace.
    const psql = await run("docker", [
      "run",
      "--rm",
      "--network",
      "host",
      "postgres:17.6-alpine",
      "psql",
      databaseUrl,
      "-Atc",
      "select current_user || ' ' || current_database()",
    ]);
    expect(psql.err).toBe("");
    expect(psql.out.trim()).toBe(`${decodeURIComponent(db.username)} ${db.pathname.slice(1)}`);
    const key = uniqueName("key");
    const replies = await redisCommands(redisUrl, [["PING"], ["SET", key, "v1"], ["GET", key]]);
    expect(replies).toContain("+PONG\r\n");
    expect(replies).toContain("$2\r\nv1\r\n");
    expect(replies).not.toContain("-");
  });

  it("services reach each other by name on the project network", async () => {
    const db = new URL(env.DATABASE_URL!);
    const internal = `postgresql://${db.username}:${db.password}@postgres:5432${db.pathname}`;
    const fromRedis = await run("docker", [
      "exec",
      await containerOf("redis"),
      "psql",
      internal,
      "-Atc",
      "select 1",
    ]);
    expect(fromRedis).toMatchObject({ code: 0, out: "1\n" });
    const redisPassword = new URL(env.REDIS_URL!).password;
    const cli = [
      "exec",
      ...(redisPassword !== "" ? ["-e", `REDISCLI_AUTH=${decodeURIComponent(redisPassword)}`] : []),
      await containerOf("postgres"),
      "redis-cli",
      "-h",
      "redis",
      "ping",
    ];
    const fromPostgres = await run("docker", cli);
    expect(fromPostgres.out.trim()).toBe("PONG");
  });

  it("applies SQL migrations once, through an executor on the real database", async () => {
    const db = new URL(env.DATABASE_URL!);
    const container = await containerOf("postgres");
    const sql: SqlExecutor = {
      async execute(text) {
        const r = await run(
          "docker",
          [
            "exec",
            "-i",
            container,
            "psql",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-U",
            decodeURIComponent(db.username),
            "-d",
            db.pathname.slice(1),
          ],
          text,
        );
        if (r.code !== 0) throw new Error(r.err);
      },
    };
    const files = [
      { name: "001_init.sql", content: "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);\n" },
      { name: "002_seed.sql", content: "INSERT INTO items (name) VALUES ('first');\n" },
    ];
    const plan = planMigrations(files, []);
    if (!plan.ok) throw new Error("plan failed");
    const applied = await applyMigrations(plan.value, { sql });
    expect(applied.ok && applied.value.applied.map((m) => m.name)).toEqual(["001_init.sql", "002_seed.sql"]);
    const again = planMigrations(files, applied.ok ? applied.value.ledger : []);
    expect(again.ok && again.value.toApply).toEqual([]);
    const broken = planMigrations(
      [...files, { name: "003_bad.sql", content: "CREAT TABLE nope ();\n" }],
      applied.ok ? applied.value.ledger : [],
    );
    if (!broken.ok) throw new Error("plan failed");
    const failed = await applyMigrations(broken.value, { sql });
    expect(failed).toMatchObject({
      ok: false,
      diagnostics: [{ code: "migration/failed", file: "003_bad.sql" }],
    });
    expect(failed.diagnostics[0]!.message).toContain("syntax error");
    const count = await run("docker", [
      "exec",
      container,
      "psql",
      "-U",
      decodeURIComponent(db.username),
      "-d",
      db.pathname.slice(1),
      "-Atc",
      "select count(*) from items",
    ]);
    expect(count.out.trim()).toBe("1");
  });

  it("diagnose finds nothing wrong with the running stack", async () => {
    const report = await diagnose({ compose, composeProject: project, env }, { docker: probe });
    expect(report.findings).toEqual([]);
    expect(report.status).toBe("pass");
    expect(report.current.map((s) => [s.service, s.mark, s.ports])).toEqual([
      ["postgres", "ok", [ports.postgres]],
      ["redis", "ok", [ports.redis]],
    ]);
  });

  it("the allocator keeps this project's ports while its stack runs, and avoids ports other containers publish", async () => {
    const again = await allocatePorts(requests, {
      projectPath: dir,
      probe: socketProbe,
      random,
      docker: probe,
      composeProject: project,
    });
    expect(again.ok && again.value.ports).toEqual(ports);
    // Another checkout whose preferred ports are taken: a stranger container publishes them.
    const otherDir = mkdtempSync(join(tmpdir(), "slipway-other-"));
    const first = await allocatePorts(requests, { projectPath: otherDir, probe: socketProbe, random });
    if (!first.ok) throw new Error("allocation failed");
    const taken = first.value.ports;
    await docker([
      "run",
      "-d",
      "--label",
      `org.slipway.it=${strangers}`,
      "--label",
      "com.docker.compose.project=stranger",
      "-p",
      `127.0.0.1:${taken.postgres}:8080`,
      "-p",
      `127.0.0.1:${taken.redis}:8081`,
      BUSYBOX,
      "sleep",
      "600",
    ]);
    const other = await allocatePorts(requests, {
      projectPath: otherDir,
      probe: socketProbe,
      random,
      docker: probe,
      composeProject: composeProjectName(slug, otherDir),
    });
    expect(other.ok).toBe(true);
    if (!other.ok) return;
    expect(other.value.ports.postgres).not.toBe(taken.postgres);
    expect(other.value.ports.redis).not.toBe(taken.redis);
    expect(Object.values(other.value.ports)).not.toContain(ports.postgres);
    expect(Object.values(other.value.ports)).not.toContain(ports.redis);
  });

  it("down leaves nothing running", async () => {
    const r = await down(
      { compose, files: ["docker-compose.yml"], envFile: ".env.development", project },
      { runner, docker: probe },
    );
    expect(r.ok).toBe(true);
    expect((await probe.containers()).filter((c) => c.project === project)).toEqual([]);
    expect((await probe.networks()).filter((n) => n.startsWith(`${project}_`))).toEqual([]);
    expect(
      await new Promise((resolve) =>
        execFile(
          "docker",
          ["ps", "-q", "--filter", `label=com.docker.compose.project=${project}`],
          (_e, out) => resolve(out),
        ),
      ),
    ).toBe("");
  }, 120_000);
});
