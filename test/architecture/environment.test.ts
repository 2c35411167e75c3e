import { parse as parseDotenv } from "dotenv";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseArchitecture } from "../../src/architecture/index.js";
import { planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const projectPath = "/home/dev/projects/shop";

/** A Compose interpolation reference, `${NAME}`. */
const ref = (name: string) => `\${${name}}`;

function fileOf(plan: { files: { path: string; content: string }[] }, path: string): string {
  const f = plan.files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no ${path} in plan`);
  return f.content;
}

/** A value shaped like a real credential, built at run time. */
const token = ["bk", "Zq8", "Lm2Vw9Xr4Ty7Ub1Nc6"].join("");

function map() {
  return {
    project: { name: "shop" },
    infrastructure: [
      { type: "database", tech: "postgresql", environment: { PGTZ: "UTC", BACKUP_TOKEN: token } },
      { type: "cache", tech: "redis", environment: { TZ: "Europe/Paris" } },
    ],
    apps: [{ name: "backend", framework: "express", depends_on: ["postgres", "redis"] }],
  };
}

describe("infrastructure[].environment reaches the service", () => {
  it.each(["development", "staging", "production"] as const)(
    "as references in the %s Compose file, never as values",
    async (environment) => {
      const plan = await planEnvironment({ architecture: map(), projectPath, environment }, fakePlanDeps());
      expect(plan.ok).toBe(true);
      const compose = fileOf(plan, "docker-compose.yml");
      const services = parseYaml(compose).services;
      expect(services.postgres.environment).toMatchObject({
        PGTZ: ref("POSTGRES_PGTZ"),
        BACKUP_TOKEN: ref("POSTGRES_BACKUP_TOKEN"),
      });
      expect(services.redis.environment).toMatchObject({ TZ: ref("REDIS_TZ") });
      expect(compose).not.toContain(token);
      // The app does not receive the database's own settings.
      expect(Object.keys(services.backend.environment ?? {})).not.toContain("POSTGRES_BACKUP_TOKEN");
    },
  );

  it("with values in the env files, the secret one only in .env.development", async () => {
    const plan = await planEnvironment({ architecture: map(), projectPath }, fakePlanDeps());
    expect(plan.ok).toBe(true);
    const env = (name: string) => parseDotenv(fileOf(plan, name));
    expect(env(".env.development")).toMatchObject({
      POSTGRES_PGTZ: "UTC",
      POSTGRES_BACKUP_TOKEN: token,
      REDIS_TZ: "Europe/Paris",
    });
    expect(env(".env.example")).toMatchObject({ POSTGRES_PGTZ: "UTC", POSTGRES_BACKUP_TOKEN: "change-me" });
    expect(env(".env.staging")).toMatchObject({
      POSTGRES_PGTZ: "UTC",
      POSTGRES_BACKUP_TOKEN: ref("STAGING_POSTGRES_BACKUP_TOKEN"),
      REDIS_TZ: "Europe/Paris",
    });
    expect(env(".env.production")).toMatchObject({
      POSTGRES_BACKUP_TOKEN: ref("PRODUCTION_POSTGRES_BACKUP_TOKEN"),
    });
    for (const file of plan.files.filter((f) => f.path !== ".env.development"))
      expect(file.content, file.path).not.toContain(token);
  });

  it("ignores a variable the recipe fills from generated credentials, with a warning at its place", () => {
    const text =
      '{\n  "project": { "name": "shop" },\n  "infrastructure": [\n' +
      '    { "tech": "postgresql", "environment": { "POSTGRES_PASSWORD": "x", "PGTZ": "UTC" } }\n  ]\n}\n';
    const r = parseArchitecture(text, { file: "architecture.json" });
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([
      {
        code: "map/environment-reserved",
        severity: "warning",
        path: "infrastructure[0].environment.POSTGRES_PASSWORD",
        line: 4,
      },
    ]);
    if (r.ok) expect(r.value.infrastructure[0]!.environment).toEqual({ PGTZ: "UTC" });
  });
});
