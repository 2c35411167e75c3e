import { describe, expect, it } from "vitest";
import { portOverridesFromEnv } from "../../src/allocator/index.js";

describe("portOverridesFromEnv", () => {
  it("reads the port variables of the given services, with their lines", () => {
    const text = [
      "# ports",
      "POSTGRES_PORT=5434",
      'export REDIS_PORT="6380"',
      "ANALYTICS_DB_PORT=5500 # analytics",
      "MINIO_PORT=",
      "OTHER_PORT=1234",
      "POSTGRES_PORT=5435",
    ].join("\n");
    const r = portOverridesFromEnv(text, ["postgres", "redis", "analytics-db", "minio"], {
      file: ".env.development",
    });
    expect(r).toEqual({
      ok: true,
      diagnostics: [],
      value: {
        postgres: { port: 5435, file: ".env.development", line: 7, variable: "POSTGRES_PORT" },
        redis: { port: 6380, file: ".env.development", line: 3, variable: "REDIS_PORT" },
        "analytics-db": { port: 5500, file: ".env.development", line: 4, variable: "ANALYTICS_DB_PORT" },
      },
    });
  });

  it("reports every value that is not a port", () => {
    const r = portOverridesFromEnv("POSTGRES_PORT=abc\nREDIS_PORT=70000\n", ["postgres", "redis"]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      { code: "port/override-invalid", line: 1 },
      { code: "port/override-invalid", line: 2 },
    ]);
  });
});
