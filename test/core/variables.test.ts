import { describe, expect, it } from "vitest";
import { portVariable, SERVICE_KINDS, serviceVariables, variablePrefix } from "../../src/index.js";

describe("variable naming", () => {
  it("derives upper-snake prefixes that are valid variable names", () => {
    expect(variablePrefix("postgres")).toBe("POSTGRES");
    expect(variablePrefix("backend-auth")).toBe("BACKEND_AUTH");
    expect(variablePrefix("my.cache")).toBe("MY_CACHE");
    expect(variablePrefix("9db")).toBe("S_9DB");
    expect(variablePrefix("---")).toBe("SERVICE");
    expect(portVariable("redis")).toBe("REDIS_PORT");
  });

  it("follows the seed's names for the conventional services", () => {
    expect(serviceVariables("postgres", "postgres", { primary: true })).toEqual({
      port: "POSTGRES_PORT",
      user: "POSTGRES_USER",
      password: "POSTGRES_PASSWORD",
      database: "POSTGRES_DB",
      url: "DATABASE_URL",
    });
    expect(serviceVariables("mysql", "mysql")).toMatchObject({
      rootPassword: "MYSQL_ROOT_PASSWORD",
      database: "MYSQL_DATABASE",
      url: "MYSQL_URL",
    });
    expect(serviceVariables("redis", "redis", { primary: true }).url).toBe("REDIS_URL");
  });

  it("gives every kind a port variable and valid names", () => {
    for (const kind of SERVICE_KINDS) {
      const vars = serviceVariables(kind, `svc-${kind}`);
      for (const name of Object.values(vars)) expect(name).toMatch(/^[A-Z_][A-Z0-9_]*$/);
    }
  });
});
