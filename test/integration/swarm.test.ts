import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { envValues, parseEnv } from "../../src/env/index.js";
import { planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";
import { docker, eventually, requireEngine, uniqueName } from "./engine.js";

/** Runs a command with stdin and an environment; never rejects. */
function run(
  file: string,
  args: string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      env: { ...process.env, ...options.env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) => resolve({ code: -1, out, err: err + e.message }));
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    // A command that exits before reading its input closes the pipe: that is no test failure.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/**
 * The local PostgreSQL test image does what the official entrypoint does except docker-library's
 * `file_env` (`POSTGRES_PASSWORD_FILE` → `POSTGRES_PASSWORD`); this layer adds it, as the official
 * image has it, so the stack's Docker secret is read the way production reads it.
 */
const FILE_ENV = `#!/bin/sh
set -eu
for var in POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB; do
  eval "file=\\\${\${var}_FILE:-}"
  if [ -n "$file" ]; then export "$var=$(cat "$file")"; unset "\${var}_FILE"; fi
done
exec docker-entrypoint.sh "$@"
`;

/** The container ID of a Swarm service's task once its healthcheck passes (within two minutes). */
function healthyTask(service: string): Promise<string | undefined> {
  return eventually(async () => {
    const ps = await run("docker", [
      "ps",
      "--filter",
      `label=com.docker.swarm.service.name=${service}`,
      "--format",
      "{{.ID}} {{.Status}}",
    ]);
    const line = ps.out.trim().split("\n")[0] ?? "";
    return /\(healthy\)/.test(line) ? line.split(" ")[0] : undefined;
  }, 120_000);
}

describe("the generated docker-stack.yml on a real single-node Swarm", () => {
  const run_ = uniqueName("swarm");
  const stack = run_;
  const image = `${run_}/postgres:17.6-alpine`;
  const dir = mkdtempSync(join(tmpdir(), "slipway-swarm-"));
  const slug = run_.replace(/-/g, "_");
  let initialised = false;
  // Swarm mode makes docker_gwbridge and leaves it behind; it goes too unless it was there before.
  let gatewayBridgeBefore = true;
  let secrets: string[] = [];
  let env: Record<string, string> = {};

  beforeAll(async () => {
    await requireEngine(["postgres:17.6-alpine", "redis:8.2-alpine", "slipway-test/busybox:1"]);
    const state = (await docker(["info", "--format", "{{.Swarm.LocalNodeState}}"])).trim();
    if (state !== "active") {
      const bridges = await docker(["network", "ls", "-q", "--filter", "name=^docker_gwbridge$"]);
      gatewayBridgeBefore = bridges.trim() !== "";
      await docker(["swarm", "init", "--advertise-addr", "127.0.0.1"]);
      initialised = true;
    }
    writeFileSync(join(dir, "file-env.sh"), FILE_ENV, { mode: 0o755 });
    writeFileSync(
      join(dir, "Dockerfile"),
      'FROM postgres:17.6-alpine\nCOPY file-env.sh /usr/local/bin/file-env.sh\nENTRYPOINT ["file-env.sh"]\nCMD ["postgres"]\n',
    );
    await docker(["build", "-q", "-t", image, dir], { timeoutMs: 120_000 });
  }, 180_000);

  afterAll(async () => {
    // Everything this run made goes, even after a failure; the engine leaves Swarm mode only if
    // this run put it there.
    await run("docker", ["stack", "rm", stack]);
    await eventually(async () => {
      const left = await run("docker", [
        "ps",
        "-aq",
        "--filter",
        `label=com.docker.stack.namespace=${stack}`,
      ]);
      return left.out.trim() === "" ? true : undefined;
    }, 60_000).catch(() => undefined);
    const volumes = await run("docker", [
      "volume",
      "ls",
      "-q",
      "--filter",
      `label=com.docker.stack.namespace=${stack}`,
    ]);
    for (const v of volumes.out.split("\n").filter(Boolean)) await run("docker", ["volume", "rm", "-f", v]);
    for (const s of secrets) await run("docker", ["secret", "rm", s]);
    if (initialised) await run("docker", ["swarm", "leave", "--force"]);
    if (initialised && !gatewayBridgeBefore) await run("docker", ["network", "rm", "docker_gwbridge"]);
    await run("docker", ["image", "rm", "-f", image]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("deploys a PostgreSQL + Redis stack and an image entry; the services converge, the database and the image turn healthy", async () => {
    const plan = await planEnvironment(
      {
        architecture: {
          project: { name: run_, slug },
          infrastructure: [
            { type: "database", tech: "postgresql", image },
            { type: "cache", tech: "redis" },
            // An image slipway has no recipe for (kind custom), holding data in a named volume.
            {
              name: "status",
              image: "slipway-test/busybox:1",
              container_port: 8080,
              volume: "status-data:/data",
              command: ["sh", "-c", "echo ok > /data/index.html && exec httpd -f -p 8080 -h /data"],
              healthcheck: {
                test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/index.html"],
                interval: "2s",
                timeout: "2s",
                retries: 10,
              },
            },
          ],
        },
        projectPath: dir,
        templates: false,
        platforms: ["swarm"],
      },
      fakePlanDeps(),
    );
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const stackText = plan.files.find((f) => f.path === "docker-stack.yml")!.content;
    writeFileSync(join(dir, "docker-stack.yml"), stackText);
    const model = parseYaml(stackText) as { secrets?: Record<string, { external: boolean }> };
    secrets = Object.keys(model.secrets ?? {});
    expect(secrets).toEqual([`${slug}_postgres_password`]);

    // As a deployment does: the secret from the secrets manager, the rest in the environment.
    env = envValues(parseEnv(plan.files.find((f) => f.path === ".env.development")!.content));
    const created = await run("docker", ["secret", "create", secrets[0]!, "-"], {
      input: env.POSTGRES_PASSWORD!,
    });
    expect(created.err).toBe("");
    const { POSTGRES_PASSWORD: _password, ...exported } = env;
    const deployed = await run(
      "docker",
      ["stack", "deploy", "--resolve-image", "never", "-c", "docker-stack.yml", stack],
      { cwd: dir, env: exported },
    );
    expect(deployed.err).not.toMatch(/error/i);
    expect(deployed.code).toBe(0);

    const replicas = await eventually(async () => {
      const ls = await run("docker", [
        "service",
        "ls",
        "--filter",
        `label=com.docker.stack.namespace=${stack}`,
        "--format",
        "{{.Name}} {{.Replicas}}",
      ]);
      const lines = ls.out.trim().split("\n").filter(Boolean).sort();
      return lines.length === 3 && lines.every((l) => / 1\/1$/.test(l)) ? lines : undefined;
    }, 120_000);
    expect(replicas).toEqual([`${stack}_postgres 1/1`, `${stack}_redis 1/1`, `${stack}_status 1/1`]);
    // The image entry keeps state: one replica, stopped before its successor starts, and healthy.
    const order = await docker([
      "service",
      "inspect",
      "--format",
      "{{.Spec.UpdateConfig.Order}}",
      `${stack}_status`,
    ]);
    expect(order.trim()).toBe("stop-first");
    expect(await healthyTask(`${stack}_status`)).toMatch(/^[0-9a-f]{12}$/);

    const postgres = await healthyTask(`${stack}_postgres`);
    // The password came from the Docker secret: a password login over TCP proves it.
    const login = await run("docker", [
      "exec",
      "-e",
      `PGPASSWORD=${env.POSTGRES_PASSWORD}`,
      postgres!,
      "psql",
      "-h",
      "127.0.0.1",
      "-U",
      env.POSTGRES_USER!,
      "-d",
      env.POSTGRES_DB!,
      "-tAc",
      "select 1",
    ]);
    expect(login.out.trim()).toBe("1");
    const inspect = await docker(["inspect", "--format", "{{json .Config.Env}}", postgres!]);
    expect(inspect).toContain(`POSTGRES_PASSWORD_FILE=/run/secrets/${secrets[0]}`);
    expect(inspect).not.toContain(env.POSTGRES_PASSWORD!);
  }, 300_000);
});
