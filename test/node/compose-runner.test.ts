import { describe, expect, it } from "vitest";
import { createComposeRunner } from "../../src/node/index.js";

// A stand-in Compose command that prints the arguments it was given, as JSON.
const echo = [process.execPath, "-e", "console.log(JSON.stringify(process.argv.slice(1)))", "--"];
const args = (stdout: string) => JSON.parse(stdout) as string[];

describe("createComposeRunner's command lines (the same for docker compose and docker-compose 1.29)", () => {
  const runner = createComposeRunner({ cwd: ".", command: echo });
  const target = { files: ["docker-compose.yml"], envFile: ".env.development", project: "shop" };
  const global = ["-f", "docker-compose.yml", "--env-file", ".env.development", "-p", "shop"];

  it("up is detached and never asks Compose to wait (docker-compose 1.29 has no --wait)", async () => {
    const outcome = await runner.up({ ...target, services: ["postgres"] });
    expect(outcome.ok).toBe(true);
    expect(args(outcome.stdout)).toEqual([...global, "up", "-d", "postgres"]);
  });

  it("down removes orphans, and volumes only when asked", async () => {
    expect(args((await runner.down(target)).stdout)).toEqual([...global, "down", "--remove-orphans"]);
    expect(args((await runner.down({ ...target, volumes: true })).stdout)).toEqual([
      ...global,
      "down",
      "--remove-orphans",
      "-v",
    ]);
  });

  it("logs takes a tail, an optional service and --follow, and streams when asked", async () => {
    expect(args((await runner.logs!({ ...target, service: "redis", tail: 5 })).stdout)).toEqual([
      ...global,
      "logs",
      "--no-color",
      "--tail",
      "5",
      "redis",
    ]);
    const chunks: string[] = [];
    const outcome = await runner.logs!({ ...target, follow: true, onOutput: (c) => chunks.push(c) });
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, stdout: "" });
    expect(args(chunks.join(""))).toEqual([...global, "logs", "--no-color", "--tail", "all", "--follow"]);
  });

  it("a command that cannot start resolves with exit -1 and the reason, streamed or not", async () => {
    const missing = createComposeRunner({ cwd: ".", command: ["/nonexistent/compose"] });
    expect(await missing.up(target)).toMatchObject({ ok: false, exitCode: -1 });
    const streamed = await missing.logs!({ ...target, onOutput: () => {} });
    expect(streamed).toMatchObject({ ok: false, exitCode: -1 });
    expect(streamed.stderr).toContain("ENOENT");
  });
});
