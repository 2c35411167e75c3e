import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderTemplates } from "../../src/templates/index.js";
import { CASES, fileAt, finalStage, loadCase, parseDockerfile, renderCase } from "./helpers.js";

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "slipway-templates-"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("Dockerfiles", () => {
  const dockerfiles = CASES.flatMap((name) =>
    renderCase(name)
      .filter((f) => f.kind === "dockerfile")
      .map((f) => [`${name}/${f.path}`, f.content] as const),
  );

  it("cover every framework's template", () => {
    const headings = dockerfiles.map(([, text]) => text.split("\n")[0]);
    for (const word of ["FastAPI", "Express", "React", "Next.js", "Symfony on FrankenPHP"]) {
      expect(headings.some((h) => h?.includes(word))).toBe(true);
    }
  });

  it.each(dockerfiles)("%s parses, runs as a non-root USER and pins every base image", (_, text) => {
    const { instructions, errors } = parseDockerfile(text);
    expect(errors).toEqual([]);
    const stages = new Set<string>();
    for (const from of instructions.filter((x) => x.keyword === "FROM")) {
      const [image, as, stage] = from.args.split(/\s+/);
      if (as?.toUpperCase() === "AS" && stage !== undefined) stages.add(stage);
      expect(image).toBeDefined();
      if (stages.has(image!)) continue;
      expect(image).not.toMatch(/:latest$/);
      // An exact version tag: name:<major>.<minor>.<patch>…
      expect(image).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+[A-Za-z0-9._-]*$/);
    }
    expect(text).not.toMatch(/:latest\b/);
    const users = finalStage(instructions).filter((x) => x.keyword === "USER");
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
  });
});

describe("Makefile", () => {
  /** The targets a Makefile declares in .PHONY. */
  function phonyTargets(makefile: string): string[] {
    const line = makefile.split("\n").find((l) => l.startsWith(".PHONY:"));
    return line?.slice(".PHONY:".length).trim().split(/\s+/) ?? [];
  }

  it.each(CASES)("%s: recipes start with a TAB and `make -n` succeeds for every target", (name) => {
    const makefile = fileAt(renderCase(name), "Makefile").content;
    const lines = makefile.split("\n");
    let inRule = false;
    for (const line of lines) {
      if (/^[A-Za-z0-9_.-]+:/.test(line) && !line.includes(":=")) inRule = true;
      else if (line === "") inRule = false;
      else if (inRule) expect(line, `recipe line "${line}"`).toMatch(/^\t\S/);
    }
    const folder = tempFolder();
    writeFileSync(join(folder, "Makefile"), makefile);
    const targets = phonyTargets(makefile);
    expect(targets).toEqual(expect.arrayContaining(["help", "up", "down", "logs", "ps", "reset"]));
    for (const target of targets) {
      const run = spawnSync("make", ["-n", target], { cwd: folder, encoding: "utf8" });
      expect(run.error, "make must be installed").toBeUndefined();
      expect(run.status, `make -n ${target}: ${run.stderr}`).toBe(0);
      // What make would run is valid shell.
      const check = spawnSync("sh", ["-n", "-c", run.stdout], { encoding: "utf8" });
      expect(check.status, `sh -n for ${target}: ${check.stderr}`).toBe(0);
    }
  });
});

describe("Makefile: which Compose it runs", () => {
  /** A `docker` on PATH that has the Compose plugin or not, and nothing else of the machine's. */
  function withDocker(plugin: boolean): NodeJS.ProcessEnv {
    const bin = tempFolder();
    const script = plugin
      ? '#!/bin/sh\n[ "$1 $2" = "compose version" ] && exit 0\nexit 0\n'
      : '#!/bin/sh\necho "docker: unknown command: docker $1" >&2\nexit 1\n';
    writeFileSync(join(bin, "docker"), script, { mode: 0o755 });
    return { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  }

  it("uses `docker compose` where Docker has the plugin, else docker-compose, and DOCKER_COMPOSE when set", () => {
    const folder = tempFolder();
    writeFileSync(join(folder, "Makefile"), fileAt(renderCase("fastapi-api"), "Makefile").content);
    const up = (env: NodeJS.ProcessEnv, extra: string[] = []) =>
      execFileSync("make", ["-n", "ps", ...extra], { cwd: folder, encoding: "utf8", env });
    const args = "--env-file .env.development -f docker-compose.yml -p task-tracker-api";
    expect(up(withDocker(true))).toBe(`docker compose ${args} ps\n`);
    expect(up(withDocker(false))).toBe(`docker-compose ${args} ps\n`);
    expect(up(withDocker(false), ["DOCKER_COMPOSE=podman compose"])).toBe(`podman compose ${args} ps\n`);
  });
});

describe(".gitignore", () => {
  function checkIgnore(gitignore: string, paths: string[]): Record<string, boolean> {
    const folder = tempFolder();
    execFileSync("git", ["init", "-q"], { cwd: folder });
    writeFileSync(join(folder, ".gitignore"), gitignore);
    const answer: Record<string, boolean> = {};
    for (const path of paths) {
      const run = spawnSync("git", ["check-ignore", "-q", path], { cwd: folder });
      expect(run.error, "git must be installed").toBeUndefined();
      expect([0, 1]).toContain(run.status);
      answer[path] = run.status === 0;
    }
    return answer;
  }

  const envPaths = [".env", ".env.development", ".env.staging", ".env.production", ".env.example"];
  const expected = {
    ".env": true,
    ".env.development": true,
    ".env.staging": true,
    ".env.production": true,
    ".env.example": false,
  };

  it.each(CASES)("%s: ignores the real env files and keeps .env.example (git check-ignore)", (name) => {
    const gitignore = fileAt(renderCase(name), ".gitignore").content;
    expect(checkIgnore(gitignore, envPaths)).toEqual(expected);
  });

  it.each([
    ["a fragment that forgets the example", ".env*\n"],
    ["a fragment that re-includes a real env file", ".env*\n!.env.example\n!.env.development\n"],
    ["a fragment that ignores the example again", ".env.*\n!.env.example\n.env.example\n"],
    ["a fragment with an anchored pattern", "/.env.*\n!/.env.example\n"],
  ])("still holds with %s", (_, fragment) => {
    const result = renderTemplates({ ...loadCase("chi-monitor"), gitignore: fragment });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(checkIgnore(fileAt(result.value, ".gitignore").content, envPaths)).toEqual(expected);
  });

  it("keeps the fragment's own lines, such as extra example files", () => {
    const result = renderTemplates({
      ...loadCase("chi-monitor"),
      envFiles: [".env.development", ".env.example", ".env.staging.example"],
      gitignore: ".env*\n!.env.example\n!.env.staging.example\n",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const answer = checkIgnore(fileAt(result.value, ".gitignore").content, [
      ".env.development",
      ".env.staging.example",
      "backend/node_modules/x.js",
    ]);
    expect(answer).toEqual({
      ".env.development": true,
      ".env.staging.example": false,
      "backend/node_modules/x.js": true,
    });
  });
});
