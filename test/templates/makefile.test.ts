import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderTemplates, type TemplateInput } from "../../src/templates/index.js";
import { fileAt, loadCase } from "./helpers.js";

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "slipway-makefile-"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A project folder holding the Makefile rendered for `input`. */
function project(input: TemplateInput): string {
  const rendered = renderTemplates(input);
  if (!rendered.ok) throw new Error(JSON.stringify(rendered.diagnostics));
  const folder = tempFolder();
  writeFileSync(join(folder, "Makefile"), fileAt(rendered.value, "Makefile").content);
  return folder;
}

/** `make -n <args>`: the lines make would run, without running them. */
function dryRun(folder: string, ...args: string[]): string[] {
  const out = execFileSync("make", ["-n", "--no-print-directory", ...args, "DOCKER_COMPOSE=docker compose"], {
    cwd: folder,
    encoding: "utf8",
  });
  return out.trimEnd().split("\n");
}

/** A `slipway` stand-in that answers --version and appends every other call's arguments to `calls`. */
function stubSlipway(): { bin: string; calls: string } {
  const dir = tempFolder();
  const calls = join(dir, "calls");
  writeFileSync(calls, "");
  const bin = join(dir, "slipway");
  writeFileSync(
    bin,
    `#!/bin/sh\n[ "$1" = --version ] && { echo 0.0.0-stub; exit 0; }\necho "$*" >> '${calls}'\n`,
    { mode: 0o755 },
  );
  return { bin, calls };
}

const GUARD = /^npx --no-install slipway --version >\/dev\/null 2>&1 \|\| \{ echo .*exit 127; \}$/;
const compose = "docker compose --env-file .env.development -f docker-compose.yml -p task-tracker-api";

describe("Makefile: slipway's lifecycle commands", () => {
  const withDatabase = loadCase("fastapi-api");

  it.each([
    ["up", "up --env .env.development"],
    ["down", "down --env .env.development"],
    ["status", "status --env .env.development"],
    ["logs", "logs --env .env.development"],
    ["migrate", "migrate --env .env.development"],
  ])("make -n %s runs the installed slipway after checking it answers", (target, command) => {
    const lines = dryRun(project(withDatabase), target);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(GUARD);
    expect(lines[1]?.trimEnd()).toBe(`npx --no-install slipway ${command}`);
  });

  it("passes SERVICE to logs, ENV_FILE to every command and to Compose, and SLIPWAY as the command", () => {
    const folder = project(withDatabase);
    expect(dryRun(folder, "logs", "SERVICE=api").at(-1)).toBe(
      "npx --no-install slipway logs --env .env.development api",
    );
    expect(dryRun(folder, "up", "ENV_FILE=.env.staging").at(-1)).toBe(
      "npx --no-install slipway up --env .env.staging",
    );
    expect(dryRun(folder, "ps", "ENV_FILE=.env.staging")).toEqual([
      `${compose.replace(".env.development", ".env.staging")} ps`,
    ]);
    expect(dryRun(folder, "down", "SLIPWAY=./bin/slipway").at(-1)).toBe(
      "./bin/slipway down --env .env.development",
    );
  });

  it("keeps the plain Compose targets: ps, config, build, shells and database clients", () => {
    const folder = project(withDatabase);
    expect(dryRun(folder, "ps")).toEqual([`${compose} ps`]);
    expect(dryRun(folder, "config")).toEqual([`${compose} config --quiet`]);
    expect(dryRun(folder, "build")).toEqual([`${compose} build`]);
    expect(dryRun(folder, "shell")).toEqual([`${compose} exec api sh`]);
    expect(dryRun(folder, "psql")).toEqual([
      `${compose} exec postgres sh -c 'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB"'`,
    ]);
    expect(dryRun(folder, "db-shell")).toEqual(dryRun(folder, "psql"));
    const rebuild = dryRun(folder, "rebuild");
    expect(rebuild.slice(0, 2)).toEqual([`${compose} down`, `${compose} build --no-cache`]);
    expect(rebuild.at(-1)).toBe("npx --no-install slipway up --env .env.development");
  });

  it("has no migrate target without a database", () => {
    const folder = project({
      ...withDatabase,
      services: withDatabase.services.filter((s) => s.kind === "redis"),
    });
    const makefile = readFileSync(join(folder, "Makefile"), "utf8");
    expect(makefile).not.toMatch(/^migrate:/m);
    const run = spawnSync("make", ["-n", "migrate"], { cwd: folder, encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/No rule to make target 'migrate'/);
  });

  it("lists the slipway commands first in `make help`", () => {
    const help = execFileSync("make", ["--no-print-directory"], {
      cwd: project(withDatabase),
      encoding: "utf8",
    });
    const names = help
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(names.slice(0, 6)).toEqual(["up", "down", "status", "logs", "migrate", "reset"]);
  });
});

describe("Makefile: running slipway", () => {
  it("make up runs the slipway SLIPWAY names, with the development env file", () => {
    const folder = project(loadCase("fastapi-api"));
    const stub = stubSlipway();
    const run = spawnSync("make", ["--no-print-directory", "up", `SLIPWAY=${stub.bin}`], {
      cwd: folder,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readFileSync(stub.calls, "utf8")).toBe("up --env .env.development\n");
  });

  it("make up runs the project's own slipway through npx by default, never downloading one", () => {
    const folder = project(loadCase("fastapi-api"));
    writeFileSync(join(folder, "package.json"), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    const stub = stubSlipway();
    const bin = join(folder, "node_modules", ".bin");
    execFileSync("mkdir", ["-p", bin]);
    writeFileSync(join(bin, "slipway"), readFileSync(stub.bin, "utf8"), { mode: 0o755 });
    const run = spawnSync("make", ["--no-print-directory", "up"], { cwd: folder, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(stub.calls, "utf8")).toBe("up --env .env.development\n");
  });

  it("says how to install slipway when the command does not run", () => {
    const folder = project(loadCase("fastapi-api"));
    const run = spawnSync(
      "make",
      ["--no-print-directory", "down", `SLIPWAY=${join(folder, "no-such-slipway")}`],
      {
        cwd: folder,
        encoding: "utf8",
      },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("does not run slipway");
    expect(run.stderr).toContain("npm install --save-dev slipway");
  });

  it("make reset deletes nothing without CONFIRM=yes, and runs reset --yes with it", () => {
    const folder = project(loadCase("fastapi-api"));
    const stub = stubSlipway();
    const refused = spawnSync("make", ["--no-print-directory", "reset", `SLIPWAY=${stub.bin}`], {
      cwd: folder,
      encoding: "utf8",
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("make reset CONFIRM=yes");
    expect(readFileSync(stub.calls, "utf8")).toBe("");
    const confirmed = spawnSync(
      "make",
      ["--no-print-directory", "reset", "CONFIRM=yes", `SLIPWAY=${stub.bin}`],
      {
        cwd: folder,
        encoding: "utf8",
      },
    );
    expect(confirmed.status, confirmed.stderr).toBe(0);
    expect(readFileSync(stub.calls, "utf8")).toBe("reset --yes --env .env.development\n");
  });
});
