import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SYMFONY_WORKER_HEALTHCHECK } from "../../src/compose/index.js";
import { planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const example = readFileSync(
  resolve(import.meta.dirname, "../../examples/symfony-frankenphp/architecture.json"),
  "utf8",
);

async function plan(architecture: string) {
  const result = await planEnvironment({ architecture, projectPath: "/work/signalist" }, fakePlanDeps());
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const file = (path: string) => result.files.find((f) => f.path === path)?.content ?? "";
  return { result, file };
}

describe("a Symfony project", () => {
  it("gets APP_SECRET generated in .env.development only, a reference or placeholder elsewhere", async () => {
    const { file } = await plan(example);
    const dev = dotenv.parse(file(".env.development"));
    expect(dev.APP_SECRET).toMatch(/^[A-Za-z0-9]{32}$/);
    for (const env of ["staging", "production"]) {
      expect(dotenv.parse(file(`.env.${env}`)).APP_SECRET).toBe(`\${${env.toUpperCase()}_APP_SECRET}`);
      expect(file(`.env.${env}`)).not.toContain(dev.APP_SECRET);
    }
    expect(dotenv.parse(file(".env.example")).APP_SECRET).not.toBe(dev.APP_SECRET);
    expect(file("docker-compose.yml")).not.toContain(dev.APP_SECRET);
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.app.environment.APP_SECRET).toBe(`\${APP_SECRET}`);
  });

  it("keeps APP_SECRET across runs", async () => {
    const first = await plan(example);
    const again = await planEnvironment(
      { architecture: example, projectPath: "/work/signalist" },
      fakePlanDeps({ files: { ".env.development": first.file(".env.development") } }),
    );
    const value = (text: string | undefined) => dotenv.parse(text ?? "").APP_SECRET;
    expect(value(again.files.find((f) => f.path === ".env.development")?.content)).toBe(
      value(first.file(".env.development")),
    );
  });

  it("sends Messenger through Redis: by URL variable in the env files, by host name in Compose", async () => {
    const { file } = await plan(example);
    for (const env of ["development", "staging", "production", "example"])
      expect(dotenv.parse(file(`.env.${env}`)).MESSENGER_TRANSPORT_DSN).toBe(`\${REDIS_URL}/messages`);
    const compose = parseYaml(file("docker-compose.yml"));
    for (const service of ["app", "messenger"])
      expect(compose.services[service].environment.MESSENGER_TRANSPORT_DSN).toBe(
        `redis://:\${REDIS_PASSWORD}@redis:6379/messages`,
      );
  });

  it("falls back to the Doctrine transport without Redis or RabbitMQ", async () => {
    const map = JSON.parse(example);
    map.infrastructure = map.infrastructure.filter((s: { tech: string }) => s.tech !== "redis");
    const { file } = await plan(JSON.stringify(map));
    expect(dotenv.parse(file(".env.development")).MESSENGER_TRANSPORT_DSN).toBe(
      "doctrine://default?auto_setup=0",
    );
    expect(parseYaml(file("docker-compose.yml")).services.app.environment.MESSENGER_TRANSPORT_DSN).toBe(
      `\${MESSENGER_TRANSPORT_DSN}`,
    );
  });

  it("checks the worker by its messenger:consume process, not by the app's port", async () => {
    const { file } = await plan(example);
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.messenger.healthcheck).toEqual({
      ...SYMFONY_WORKER_HEALTHCHECK,
      test: [...SYMFONY_WORKER_HEALTHCHECK.test!],
    });
    const script = compose.services.messenger.healthcheck.test[3] as string;
    // A NUL before the argument: the check's own command line (backslash, zero) cannot match.
    expect(script).toContain('"\\0messenger:consume"');
    expect(script).not.toMatch(/(^|[^$])\$f/);
  });

  it("gets db-migrate, db-diff and worker in the Makefile; an Express project does not", async () => {
    const { file } = await plan(example);
    expect(file("Makefile")).toMatch(
      /^db-migrate: .*\n\t.*exec app php bin\/console doctrine:migrations:migrate/m,
    );
    expect(file("Makefile")).toMatch(/^db-diff: .*\n\t.*doctrine:migrations:diff/m);
    expect(file("Makefile")).toMatch(/^worker: .*\n\t.*messenger:consume async/m);
    const express = await plan(
      JSON.stringify({ project: { name: "Shop" }, apps: [{ name: "api", framework: "express" }] }),
    );
    expect(express.file("Makefile")).not.toMatch(/db-migrate|messenger/);
    expect(dotenv.parse(express.file(".env.development")).APP_SECRET).toBeUndefined();
  });

  it("sends FrankenPHP's responses with security headers", async () => {
    const { file } = await plan(example);
    const dockerfile = file("Dockerfile");
    for (const header of ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "-Server"])
      expect(dockerfile).toContain(header);
    expect(dockerfile).toContain(
      'CADDY_SERVER_EXTRA_DIRECTIVES="import /etc/caddy/slipway/security-headers.caddy"',
    );
  });
});

describe("a pgvector database", () => {
  it("runs CREATE EXTENSION for vector (and the map's other extensions) from an init script", async () => {
    const { file } = await plan(example);
    const sql = file("docker/postgres/initdb/10-extensions.sql");
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "vector";');
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";');
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.postgres.volumes).toContain(
      "./docker/postgres/initdb/10-extensions.sql:/docker-entrypoint-initdb.d/10-extensions.sql:ro",
    );
  });

  it("gets it for any framework and without starter files; other databases get none", async () => {
    const map = {
      project: { name: "Search" },
      infrastructure: [{ tech: "pgvector", name: "vectors" }, { tech: "postgresql" }],
      apps: [{ name: "api", framework: "fastapi" }],
    };
    const result = await planEnvironment(
      { architecture: JSON.stringify(map), projectPath: "/work/search", templates: false },
      fakePlanDeps(),
    );
    expect(result.ok).toBe(true);
    const paths = result.files.map((f) => f.path);
    expect(paths).toContain("docker/vectors/initdb/10-extensions.sql");
    expect(paths.filter((p) => p.includes("initdb"))).toHaveLength(1);
    const compose = parseYaml(result.files.find((f) => f.path === "docker-compose.yml")?.content ?? "");
    expect(compose.services.postgres.volumes).toHaveLength(1);
  });
});
