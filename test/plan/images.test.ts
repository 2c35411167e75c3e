import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const map = readFileSync(resolve(import.meta.dirname, "../../examples/any-image/architecture.json"), "utf8");

async function plan(architecture = map) {
  const result = await planEnvironment(
    { architecture, source: "architecture.json", projectPath: "/work/mailroom" },
    fakePlanDeps(),
  );
  const file = (path: string) => {
    const f = result.files.find((x) => x.path === path);
    if (f === undefined) throw new Error(`no ${path}`);
    return f.content;
  };
  return { result, file };
}

describe("a map with images slipway has no recipe for", () => {
  it("plans without errors and warns about the image without a healthcheck", async () => {
    const { result } = await plan();
    expect(result.ok).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity !== "info").map((d) => d.code)).toEqual([
      "map/image-without-healthcheck",
    ]);
  });

  it("keeps the pinned host port and gives the other one a port in the image range", async () => {
    const { file } = await plan();
    const dev = dotenv.parse(file(".env.development"));
    expect(dev.MAILPIT_PORT).toBe("8025");
    const typesense = Number(dev.TYPESENSE_PORT);
    expect(typesense).toBeGreaterThanOrEqual(9600);
    expect(typesense).toBeLessThanOrEqual(9855);
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.typesense.ports).toEqual([`127.0.0.1:${typesense}:8108`]);
  });

  it("writes secret-looking settings in .env.development only, references everywhere else", async () => {
    const { file } = await plan();
    const dev = dotenv.parse(file(".env.development"));
    expect(dev.MAILPIT_MP_UI_AUTH_PASSWORD).toBe("change-me-locally");
    expect(dev.MAILPIT_MP_MAX_MESSAGES).toBe("500");
    for (const env of ["staging", "production"]) {
      const values = dotenv.parse(file(`.env.${env}`));
      expect(values.MAILPIT_MP_UI_AUTH_PASSWORD).toBe(`\${${env.toUpperCase()}_MAILPIT_MP_UI_AUTH_PASSWORD}`);
      expect(values.TYPESENSE_API_KEY).toBe(`\${${env.toUpperCase()}_TYPESENSE_API_KEY}`);
      expect(values.MAILPIT_MP_MAX_MESSAGES).toBe("500");
    }
    expect(file("docker-compose.yml")).not.toContain("change-me-locally");
    expect(file(".env.example")).not.toContain("change-me-locally");
  });

  it("gives the image's settings to its own container, not to the apps", async () => {
    const { file } = await plan();
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.mailpit.environment.MP_UI_AUTH_PASSWORD).toBe(`\${MAILPIT_MP_UI_AUTH_PASSWORD}`);
    expect(
      Object.keys(compose.services.api.environment).filter((k) => /MAILPIT|TYPESENSE_API/.test(k)),
    ).toEqual([]);
  });

  it("lists the image services in the metadata file as custom", async () => {
    const { result, file } = await plan();
    const path = result.files.find((f) => f.path.startsWith("specs/") && f.path.endsWith(".json"))?.path;
    const metadata = JSON.parse(file(path ?? "specs/"));
    const mailpit = metadata.services.find((s: { name: string }) => s.name === "mailpit");
    expect(mailpit).toMatchObject({ kind: "custom", image: "axllent/mailpit:v1.21.8", port: 8025 });
  });

  it("writes a setting that references variables into the Compose file as it is, for Compose to fill in", async () => {
    const parsed = JSON.parse(map);
    const typesense = parsed.infrastructure.find((e: { name?: string }) => e.name === "typesense");
    typesense.environment = {
      // A secret slipway does not define: declared like an API key.
      TYPESENSE_API_KEY: `\${SEARCH_VENDOR_TOKEN}`,
      // The database's generated password, reused.
      TYPESENSE_DB: `postgresql://app:\${POSTGRES_PASSWORD}@postgres:5432/app`,
      TYPESENSE_BANNER: "plain",
    };
    const { result, file } = await plan(JSON.stringify(parsed));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.typesense.environment).toMatchObject({
      TYPESENSE_API_KEY: `\${SEARCH_VENDOR_TOKEN}`,
      TYPESENSE_DB: `postgresql://app:\${POSTGRES_PASSWORD}@postgres:5432/app`,
      // A plain value is still the env file's.
      TYPESENSE_BANNER: `\${TYPESENSE_BANNER}`,
    });
    // The apps do not get the service's secret.
    expect(Object.keys(compose.services.api.environment)).not.toContain("SEARCH_VENDOR_TOKEN");
    const dev = dotenv.parse(file(".env.development"));
    expect(dev.SEARCH_VENDOR_TOKEN).toBe("your-search-token-here");
    expect(dev.TYPESENSE_BANNER).toBe("plain");
    expect(Object.keys(dev)).not.toContain("TYPESENSE_TYPESENSE_API_KEY");
    expect(Object.keys(dev).filter((k) => k.startsWith("TYPESENSE_") && k !== "TYPESENSE_PORT")).toEqual([
      "TYPESENSE_BANNER",
    ]);
    for (const env of ["staging", "production"])
      expect(dotenv.parse(file(`.env.${env}`)).SEARCH_VENDOR_TOKEN).toBe(`\${SEARCH_VENDOR_TOKEN}`);
  });

  it("leaves the apps a generated secret that a service's setting also references", async () => {
    const parsed = JSON.parse(map);
    const typesense = parsed.infrastructure.find((e: { name?: string }) => e.name === "typesense");
    typesense.environment = { TYPESENSE_JWT: `\${JWT_SECRET}` };
    const { result, file } = await plan(JSON.stringify(parsed));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.typesense.environment.TYPESENSE_JWT).toBe(`\${JWT_SECRET}`);
    expect(compose.services.api.environment.JWT_SECRET).toBe(`\${JWT_SECRET}`);
  });

  it("asks for a referenced variable that is no secret to be defined in the map", async () => {
    const parsed = JSON.parse(map);
    const typesense = parsed.infrastructure.find((e: { name?: string }) => e.name === "typesense");
    typesense.environment = { TYPESENSE_LOG_FORMAT: `\${LOG_FORMAT}` };
    const { result } = await plan(JSON.stringify(parsed));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toMatchObject([
      { code: "plan/undefined-variable", message: expect.stringContaining(`\${LOG_FORMAT}`) },
    ]);
    parsed.variables = { LOG_FORMAT: "json" };
    const defined = await plan(JSON.stringify(parsed));
    expect(defined.result.ok).toBe(true);
  });
});
