import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { envValues, mergeEnv, parseEnv, planEnvFiles, renderEnv, setEnvValue } from "../../src/env/index.js";
import { SERVICE_KINDS, type ServiceKind, serviceVariables } from "../../src/index.js";
import { seededRandom } from "../fakes/random.js";
import { chiInput } from "./chi.js";

const values = (doc: Parameters<typeof renderEnv>[0]) => dotenv.parse(renderEnv(doc));

describe("planEnvFiles", () => {
  it("defines a service's own settings; a secret one keeps its value only in development", () => {
    const secret = ["s3", "cr3t", "V4lue9Xq"].join("");
    const input = {
      ...chiInput,
      services: chiInput.services.map((s, i) =>
        i === 0 ? { ...s, settings: { PGTZ: "UTC", REPLICA_PASSWORD: secret } } : s,
      ),
    };
    const files = planEnvFiles(input, { random: seededRandom(1) });
    const name = chiInput.services[0]!.name.toUpperCase();
    expect(values(files.development)).toMatchObject({
      [`${name}_PGTZ`]: "UTC",
      [`${name}_REPLICA_PASSWORD`]: secret,
    });
    expect(values(files.example)[`${name}_REPLICA_PASSWORD`]).toBe("change-me");
    for (const env of ["staging", "production"] as const) {
      expect(values(files[env])[`${name}_PGTZ`], env).toBe("UTC");
      expect(renderEnv(files[env]), env).not.toContain(secret);
      expect(renderEnv(files[env])).toContain(
        `${name}_REPLICA_PASSWORD=\${${env.toUpperCase()}_${name}_REPLICA_PASSWORD}`,
      );
    }
    expect(files.generatedSecrets).toContain(secret);
  });

  it("is deterministic for the same input and random answers", () => {
    const a = planEnvFiles(chiInput, { random: seededRandom(1) });
    const b = planEnvFiles(chiInput, { random: seededRandom(1) });
    const c = planEnvFiles(chiInput, { random: seededRandom(2) });
    for (const k of ["development", "staging", "production", "example"] as const)
      expect(renderEnv(a[k])).toBe(renderEnv(b[k]));
    expect(renderEnv(a.development)).not.toBe(renderEnv(c.development));
    expect(renderEnv(a.staging)).toBe(renderEnv(c.staging));
  });

  it("names the Compose project at the top of every file when given, and lets no variable replace it", () => {
    const input = {
      ...chiInput,
      composeProject: "chi-monitor-1a2b3c4d",
      variables: { COMPOSE_PROJECT_NAME: "other" },
    };
    const files = planEnvFiles(input, { random: seededRandom(1) });
    for (const k of ["development", "staging", "production", "example"] as const) {
      const entries = files[k].lines.filter((l) => l.kind === "entry");
      expect(entries[0], k).toMatchObject({ key: "COMPOSE_PROJECT_NAME" });
      expect(values(files[k]).COMPOSE_PROJECT_NAME, k).toBe("chi-monitor-1a2b3c4d");
    }
    expect(files.diagnostics).toMatchObject([
      { code: "env/variable-conflict", path: "variables.COMPOSE_PROJECT_NAME" },
    ]);
    const without = planEnvFiles(chiInput, { random: seededRandom(1) });
    expect(values(without.development).COMPOSE_PROJECT_NAME).toBeUndefined();
  });

  it("lets the map's variables stand over generated defaults without a warning", () => {
    const input = { ...chiInput, variables: { LOG_LEVEL: "trace", BCRYPT_ROUNDS: "12" } };
    const files = planEnvFiles(input, { random: seededRandom(1) });
    expect(files.diagnostics.filter((d) => d.code === "env/variable-conflict")).toEqual([]);
    for (const k of ["development", "staging", "production", "example"] as const) {
      expect(values(files[k]), k).toMatchObject({ LOG_LEVEL: "trace", BCRYPT_ROUNDS: "12" });
      const keys = files[k].lines.filter((l) => l.kind === "entry").map((l) => l.key);
      expect(
        keys.filter((key) => key === "LOG_LEVEL"),
        k,
      ).toHaveLength(1);
    }
  });

  it("writes development values that work as they are", () => {
    const files = planEnvFiles(chiInput, { random: seededRandom(1) });
    const dev = values(files.development);
    expect(dev).toMatchObject({
      POSTGRES_PORT: "5434",
      BACKEND_PORT: "4000",
      FRONTEND_PORT: "3000",
      POSTGRES_USER: "chi_monitor_user",
      POSTGRES_DB: "chi_monitor_dev",
      NODE_ENV: "development",
      PORT: "4000",
      REACT_APP_API_URL: "http://localhost:4000",
      OPENAI_API_KEY: "sk-your-openai-key-here",
      MAPBOX_TOKEN: "pk.your-mapbox-token-here",
      ENABLE_DEBUG_MODE: "true",
      ENABLE_HOT_RELOAD: "true",
      BCRYPT_ROUNDS: "10",
      LOG_LEVEL: "debug",
    });
    expect(dev.POSTGRES_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(dev.JWT_SECRET).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(dev.DATABASE_URL).toBe(
      `postgresql://chi_monitor_user:${dev.POSTGRES_PASSWORD}@localhost:5434/chi_monitor_dev`,
    );
    expect(files.generatedSecrets).toEqual([dev.POSTGRES_PASSWORD, dev.JWT_SECRET]);
    expect(files.diagnostics).toEqual([]);
    // Sections in the seed's order.
    const titles = files.development.lines.filter((l) => l.kind === "comment").map((l) => l.text);
    expect(titles.slice(2)).toEqual([
      "Port Configuration (auto-assigned, deterministic)",
      "Database Configuration",
      "Application Configuration",
      "Frontend Configuration",
      "API Keys (PLACEHOLDERS - Replace with real values)",
      "Feature Flags",
      "Security",
      "Logging",
    ]);
  });

  it("keeps secrets out of staging and production as references", () => {
    const files = planEnvFiles(chiInput, { random: seededRandom(1) });
    const staging = values(files.staging);
    const production = values(files.production);
    expect(staging).toMatchObject({
      POSTGRES_USER: "staging_user",
      POSTGRES_PASSWORD: `\${STAGING_POSTGRES_PASSWORD}`,
      POSTGRES_DB: "chi_monitor_staging",
      DATABASE_URL: `postgresql://\${POSTGRES_USER}:\${POSTGRES_PASSWORD}@staging-db.example.com:5432/\${POSTGRES_DB}`,
      NODE_ENV: "staging",
      REACT_APP_API_URL: "https://staging-api.example.com",
      OPENAI_API_KEY: `\${OPENAI_API_KEY}`,
      JWT_SECRET: `\${STAGING_JWT_SECRET}`,
      ENABLE_DEBUG_MODE: "true",
      ENABLE_HOT_RELOAD: "false",
      BCRYPT_ROUNDS: "12",
      LOG_LEVEL: "info",
    });
    expect(staging.NODE_OPTIONS).toBeUndefined();
    expect(production).toMatchObject({
      POSTGRES_USER: "prod_user",
      POSTGRES_PASSWORD: `\${PRODUCTION_POSTGRES_PASSWORD}`,
      POSTGRES_DB: "chi_monitor_prod",
      NODE_ENV: "production",
      REACT_APP_API_URL: "https://api.example.com",
      JWT_SECRET: `\${PRODUCTION_JWT_SECRET}`,
      ENABLE_DEBUG_MODE: "false",
      BCRYPT_ROUNDS: "12",
      LOG_LEVEL: "warn",
      NODE_OPTIONS: "--max-old-space-size=4096",
    });
    const text = renderEnv(files.staging) + renderEnv(files.production);
    for (const secret of files.generatedSecrets) expect(text).not.toContain(secret);
    expect(renderEnv(files.staging)).toContain(
      `POSTGRES_PASSWORD=\${STAGING_POSTGRES_PASSWORD}  # Set via CI/CD\n`,
    );
  });

  it("keeps a secret-named map variable in development only, unless the environment gives its own", () => {
    const secret = ["kj3h4", "kjh5k3", "j4h5kj34"].join("");
    const prodValue = `\${VAULT_SESSION_SECRET}`;
    const files = planEnvFiles(
      {
        ...chiInput,
        apiKeys: ["OPENAI_API_KEY"],
        variables: { SESSION_SECRET: secret, FEATURE_X: "on", OPENAI_API_KEY: "sk-local" },
        environments: { production: { variables: { SESSION_SECRET: prodValue } } },
      },
      { random: seededRandom(1) },
    );
    expect(values(files.development)).toMatchObject({ SESSION_SECRET: secret, FEATURE_X: "on" });
    // A value the user chose for development is a credential like the generated ones.
    expect(files.generatedSecrets).toContain(secret);
    expect(values(files.example).SESSION_SECRET).toBe("change-me");
    expect(renderEnv(files.staging)).toContain(
      `SESSION_SECRET=\${STAGING_SESSION_SECRET}  # Set via CI/CD\n`,
    );
    expect(renderEnv(files.production)).toContain(`SESSION_SECRET=${prodValue}\n`);
    for (const env of ["staging", "production"] as const) {
      expect(renderEnv(files[env])).not.toContain(secret);
      expect(values(files[env]).FEATURE_X).toBe("on");
      // The generated API key entry stays the reference it is.
      expect(renderEnv(files[env])).toContain(`OPENAI_API_KEY=\${OPENAI_API_KEY}`);
      expect(renderEnv(files[env])).not.toContain("sk-local");
    }
  });

  it("documents every development key in .env.example without a secret", () => {
    const files = planEnvFiles(
      { ...chiInput, variables: { SENTRY_DSN: "https://k@sentry.example.com/1", FEATURE_X: "on" } },
      { random: seededRandom(1) },
    );
    const dev = values(files.development);
    const example = values(files.example);
    expect(Object.keys(example)).toEqual(Object.keys(dev));
    const text = renderEnv(files.example);
    for (const secret of files.generatedSecrets) expect(text).not.toContain(secret);
    expect(example).toMatchObject({
      POSTGRES_PASSWORD: "change-me",
      JWT_SECRET: "change-me",
      SENTRY_DSN: "change-me",
      FEATURE_X: "on",
      DATABASE_URL: "postgresql://chi_monitor_user:change-me@localhost:5434/chi_monitor_dev",
    });
  });

  it("defines every variable the Compose files reference, for every kind", () => {
    const infra = SERVICE_KINDS.filter(
      (k) => !["backend", "frontend", "worker"].includes(k),
    ) as ServiceKind[];
    const services = infra.map((kind, i) => ({
      name: `${kind}-svc`,
      kind,
      hostPort: 30000 + i,
      containerPort: 1000 + i,
    }));
    const files = planEnvFiles(
      { projectSlug: "all", services, apps: [{ name: "worker", kind: "worker" }], apiKeys: [] },
      { random: seededRandom(9) },
    );
    const dev = values(files.development);
    const firstOfFamily = new Set<string>();
    for (const s of services) {
      const family = ["postgres", "postgis", "pgvector", "mysql", "mariadb"].includes(s.kind)
        ? "sql"
        : s.kind;
      const primary = !firstOfFamily.has(family);
      firstOfFamily.add(family);
      const vars = serviceVariables(s.kind, s.name, { primary });
      for (const name of Object.values(vars)) expect(dev[name], `${s.kind}: ${name}`).toBeDefined();
      expect(dev[vars.port]).toBe(String(s.hostPort));
      if (vars.url !== undefined) expect(dev[vars.url]).toContain(`localhost:${s.hostPort}`);
      if (vars.password !== undefined) expect(files.generatedSecrets).toContain(dev[vars.password]);
    }
    expect(dev.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(dev.MONGODB_URL).toMatch(/^mongodb:\/\/.*\?authSource=admin$/);
    expect(dev.REDIS_URL).toBe(`redis://:${dev.REDIS_SVC_PASSWORD}@localhost:${dev.REDIS_SVC_PORT}`);
    expect(dev.RABBITMQ_URL).toMatch(/^amqp:\/\//);
    expect(files.diagnostics).toEqual([]);
  });

  it("reuses credentials from the existing .env.development and URL-encodes them", () => {
    const existing = parseEnv(
      "# Explicit port assignments\nPOSTGRES_PORT=5434\n\n# Database credentials\nPOSTGRES_USER=myapp_user\nPOSTGRES_PASSWORD='p@ss:w/rd'\nPOSTGRES_DB=myapp_dev\nJWT_SECRET=kept-secret\n",
    );
    const files = planEnvFiles({ ...chiInput, existingDevelopment: existing }, { random: seededRandom(5) });
    const dev = values(files.development);
    expect(dev).toMatchObject({
      POSTGRES_USER: "myapp_user",
      POSTGRES_PASSWORD: "p@ss:w/rd",
      POSTGRES_DB: "myapp_dev",
    });
    expect(dev.JWT_SECRET).toBe("kept-secret");
    expect(dev.DATABASE_URL).toBe("postgresql://myapp_user:p%40ss%3Aw%2Frd@localhost:5434/myapp_dev");
    expect(files.generatedSecrets).toEqual(["p@ss:w/rd", "kept-secret"]);
    // Merging the regenerated file into the existing one keeps the user's lines and adds the rest.
    const merged = mergeEnv(existing, files.development);
    expect(merged.diagnostics).toEqual([]);
    expect(envValues(merged.document)).toMatchObject({
      POSTGRES_PASSWORD: "p@ss:w/rd",
      DATABASE_URL: dev.DATABASE_URL,
    });
  });

  it("names frontend and app variables after the frameworks", () => {
    const files = planEnvFiles(
      {
        projectSlug: "shop",
        services: [],
        apps: [
          { name: "api", kind: "backend", framework: "fastapi", port: 8000, hostPort: 8100 },
          { name: "web", kind: "frontend", framework: "nextjs", port: 3000 },
          { name: "admin", kind: "frontend", port: 5173 },
        ],
        apiKeys: ["STRIPE_SECRET_KEY", "WEATHER_TOKEN"],
        variables: { LOG_LEVEL: "trace", PORT: "9000" },
        environments: { production: { variables: { LOG_LEVEL: "error" } } },
      },
      { random: seededRandom(1) },
    );
    const dev = values(files.development);
    expect(dev).toMatchObject({
      APP_ENV: "development",
      NODE_ENV: "development",
      PORT: "9000",
      API_PORT: "8100",
      WEB_PORT: "3000",
      NEXT_PUBLIC_API_URL: "http://localhost:8100",
      VITE_API_URL: "http://localhost:8100",
      STRIPE_SECRET_KEY: "sk_test_your-stripe-key-here",
      WEATHER_TOKEN: "your-weather-token-here",
      LOG_LEVEL: "trace",
    });
    expect(values(files.production).LOG_LEVEL).toBe("error");
    expect(values(files.staging).LOG_LEVEL).toBe("trace");
  });

  it("reports variables that collide with generated ones and bad API key names", () => {
    const files = planEnvFiles(
      { ...chiInput, apiKeys: ["OPENAI_API_KEY", "bad key"], variables: { POSTGRES_PASSWORD: "mine" } },
      { random: seededRandom(1) },
    );
    expect(files.diagnostics).toEqual([
      expect.objectContaining({ code: "env/variable-conflict", path: "variables.POSTGRES_PASSWORD" }),
      expect.objectContaining({ code: "env/invalid-name", path: "bad key" }),
    ]);
    expect(values(files.development).POSTGRES_PASSWORD).not.toBe("mine");
    expect(renderEnv(files.development)).not.toContain("bad key");
  });

  it("builds a flat prefixed file of connection settings when asked", () => {
    const files = planEnvFiles(
      {
        projectSlug: "tilemud",
        services: [
          { name: "pg", kind: "postgres", hostPort: 5438, containerPort: 5432 },
          { name: "redis", kind: "redis", hostPort: 6380, containerPort: 6379 },
        ],
        apps: [],
        apiKeys: [],
        prefix: "tilemud",
      },
      { random: seededRandom(1) },
    );
    const dev = values(files.development);
    expect(files.prefixed).toBeDefined();
    expect(values(files.prefixed!)).toEqual({
      TILEMUD_PG_HOST: "localhost",
      TILEMUD_PG_PORT: "5438",
      TILEMUD_PG_USER: "tilemud_user",
      TILEMUD_PG_PASSWORD: dev.PG_PASSWORD,
      TILEMUD_PG_DB: "tilemud_dev",
      TILEMUD_DATABASE_URL: dev.DATABASE_URL,
      TILEMUD_REDIS_HOST: "localhost",
      TILEMUD_REDIS_PORT: "6380",
      TILEMUD_REDIS_PASSWORD: dev.REDIS_PASSWORD,
      TILEMUD_REDIS_URL: dev.REDIS_URL,
    });
    // No app: no app, security or logging sections.
    expect(dev.JWT_SECRET).toBeUndefined();
    expect(files.generatedSecrets).toEqual([dev.PG_PASSWORD, dev.REDIS_PASSWORD]);
  });

  it("writes values that need quotes so that dotenv reads them back", () => {
    const files = planEnvFiles(
      { ...chiInput, variables: { GREETING: "it's $5 # cheap", MULTI: "a\nb" } },
      { random: seededRandom(1) },
    );
    expect(values(files.development)).toMatchObject({ GREETING: "it's $5 # cheap", MULTI: "a\nb" });
    const doc = setEnvValue(files.development, "GREETING", "plain");
    expect(values(doc).GREETING).toBe("plain");
  });
});
