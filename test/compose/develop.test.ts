import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bindSource, developmentLoop, withoutDevelopmentLoop } from "../../src/compose/develop.js";
import {
  buildCompose,
  type ComposeFile,
  type ComposeService,
  renderCompose,
  type ServiceSpec,
} from "../../src/compose/index.js";
import type { Environment, ProjectType } from "../../src/core/index.js";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function built(environment: Environment, services: ServiceSpec[]): ComposeFile {
  const r = buildCompose({ projectName: "shop", projectPath: "/srv/shop", environment, services });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** The service of one app, alone in its project, in one environment. */
function app(environment: Environment, spec: Omit<ServiceSpec, "name">): ComposeService {
  const service = built(environment, [{ name: "app", ...spec }]).services.app;
  if (service === undefined) throw new Error("no service");
  return service;
}

const FRAMEWORKS: [ProjectType, "backend" | "frontend", number, string[], string[]][] = [
  ["express", "backend", 3000, ["npm", "run", "dev"], ["/app/node_modules"]],
  [
    "react",
    "frontend",
    3000,
    ["npm", "run", "dev", "--", "--host", "0.0.0.0", "--port", "3000"],
    ["/app/node_modules"],
  ],
  [
    "nextjs",
    "frontend",
    3000,
    ["npx", "next", "dev", "--hostname", "0.0.0.0", "--port", "3000"],
    ["/app/node_modules", "/app/.next"],
  ],
  [
    "fastapi",
    "backend",
    8000,
    ["uvicorn", "app.main:app", "--reload", "--host", "0.0.0.0", "--port", "8000"],
    [],
  ],
  [
    "symfony",
    "backend",
    8080,
    [
      "frankenphp",
      "php-server",
      "--listen",
      ":8080",
      "--root",
      "public/",
      "--worker",
      "public/index.php",
      "--watch=/app/**/*.{php,yaml,yml,twig,env}",
    ],
    ["/app/vendor", "/app/var"],
  ],
];

describe("app services: development against staging and production", () => {
  it.each(FRAMEWORKS)(
    "%s: development builds the development stage, mounts the source and runs the dev server",
    (framework, kind, port, command, installed) => {
      const dev = app("development", {
        kind,
        framework,
        context: "web",
        containerPort: port,
        hostPort: 4100,
      });
      expect(dev.build).toEqual({ context: "web", dockerfile: "Dockerfile", target: "development" });
      expect(dev.volumes).toEqual(["./web:/app", ...installed]);
      expect(dev.command).toEqual(command);
      // Reachable as in production: the dev server listens on the published container port.
      expect(dev.ports).toEqual([`127.0.0.1:4100:${port}`]);
    },
  );

  it.each(FRAMEWORKS.flatMap((f) => (["staging", "production"] as const).map((env) => [env, ...f] as const)))(
    "%s, %s: the production image as built, no mount, no dev command",
    (environment, framework, kind, port) => {
      const service = app(environment, { kind, framework, context: "web", containerPort: port });
      expect(service.build).toEqual({ context: "web", dockerfile: "Dockerfile" });
      expect(service.volumes).toBeUndefined();
      expect(service.command).toBeUndefined();
    },
  );

  it("workers get the mount and the development stage, and keep their image's command", () => {
    const worker = app("development", { kind: "worker", framework: "symfony" });
    expect(worker.build).toMatchObject({ target: "development" });
    expect(worker.volumes).toEqual([".:/app", "/app/vendor", "/app/var"]);
    expect(worker.command).toBeUndefined();
  });

  it("the map's own command wins over the dev server; the mount and stage stay", () => {
    const service = app("development", { kind: "backend", framework: "express", command: "npm run debug" });
    expect(service.command).toBe("npm run debug");
    expect(service.volumes).toEqual([".:/app", "/app/node_modules"]);
    expect(service.build).toMatchObject({ target: "development" });
  });

  it("an app built from the user's own Dockerfile gets no mount, no stage and no command", () => {
    // Its working directory and build output are unknown: a mount could hide the program the image built.
    const service = app("development", { kind: "backend", context: "api", healthcheck: false });
    expect(service.build).toEqual({ context: "api", dockerfile: "Dockerfile" });
    expect(service.volumes).toBeUndefined();
    expect(service.command).toBeUndefined();
  });

  it("an app run from an image gets no development loop", () => {
    const service = app("development", {
      kind: "backend",
      framework: "express",
      image: "ghcr.io/acme/api:1.4.2",
    });
    expect(service.build).toBeUndefined();
    expect(service.volumes).toBeUndefined();
    expect(service.command).toBeUndefined();
  });
});

describe("developmentLoop and bindSource", () => {
  it("writes a context as a path Compose reads as a bind mount, never as a volume name", () => {
    expect(bindSource(undefined)).toBe(".");
    expect(bindSource(".")).toBe(".");
    expect(bindSource("backend")).toBe("./backend");
    expect(bindSource("services/auth/")).toBe("./services/auth");
    expect(bindSource("./web")).toBe("./web");
    expect(bindSource("../shared")).toBe("../shared");
    expect(bindSource(".hidden")).toBe("./.hidden");
  });

  it("is absent without a known framework", () => {
    expect(developmentLoop({ kind: "backend", containerPort: 8080 })).toBeUndefined();
  });
});

describe("withoutDevelopmentLoop", () => {
  it.each(FRAMEWORKS)("%s: gives back the service as staging builds it", (framework, kind, port) => {
    const spec = { name: "app", kind, framework, context: "web", containerPort: port };
    const deployable = withoutDevelopmentLoop(built("development", [spec])).services.app;
    const staging = built("staging", [spec]).services.app;
    expect(deployable?.build).toEqual(staging?.build);
    expect(deployable?.volumes).toBeUndefined();
    expect(deployable?.command).toBeUndefined();
  });

  it("keeps a command of the user's own, other volumes, and services without the development stage", () => {
    const model = built("development", [
      { name: "api", kind: "backend", framework: "express", command: "npm run debug" },
      { name: "db", kind: "postgres", volume: "./data/pg" },
      { name: "go", kind: "backend", context: "go", healthcheck: false },
    ]);
    model.services.api?.volumes?.push("./fixtures:/fixtures");
    const deployable = withoutDevelopmentLoop(model);
    expect(deployable.services.api?.command).toBe("npm run debug");
    expect(deployable.services.api?.volumes).toEqual(["./fixtures:/fixtures"]);
    expect(deployable.services.db).toEqual(model.services.db);
    expect(deployable.services.go).toEqual(model.services.go);
    // The model given stays as it was.
    expect(model.services.api?.build).toMatchObject({ target: "development" });
  });
});

describe("the development file, read by docker-compose 1.29", () => {
  it.each(["compose-spec", "compose-v1"] as const)(
    "passes docker-compose config (target %s), with the mounts resolved to the project folder",
    (target) => {
      const folder = mkdtempSync(join(tmpdir(), "slipway-develop-"));
      folders.push(folder);
      for (const [framework] of FRAMEWORKS) mkdirSync(join(folder, framework));
      const model = built(
        "development",
        FRAMEWORKS.map(([framework, kind, port]) => ({
          name: framework,
          kind,
          framework,
          context: framework,
          containerPort: port,
        })),
      );
      delete model.name;
      writeFileSync(join(folder, "docker-compose.yml"), renderCompose(model, { target }));
      const run = spawnSync("docker-compose", ["-f", "docker-compose.yml", "-p", "shop", "config"], {
        cwd: folder,
        encoding: "utf8",
      });
      expect(run.error).toBeUndefined();
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`${join(folder, "express")}:/app:rw`);
      expect(run.stdout).toContain("target: development");
    },
  );

  it("rejects a `develop` section, which is why slipway writes none into the Compose file", () => {
    const folder = mkdtempSync(join(tmpdir(), "slipway-develop-"));
    folders.push(folder);
    writeFileSync(
      join(folder, "docker-compose.yml"),
      "services:\n  web:\n    build: .\n    develop:\n      watch:\n        - action: rebuild\n          path: package.json\n",
    );
    const run = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], {
      cwd: folder,
      encoding: "utf8",
    });
    expect(run.error).toBeUndefined();
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("'develop'");
  });
});
