import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeEnvValue, envValues, parseEnv, planEnvFiles, renderEnv } from "../../src/env/index.js";
import { SERVICE_KINDS, type ServiceKind, serviceVariables } from "../../src/index.js";
import { seededRandom } from "../fakes/random.js";
import { envValue } from "./arbitraries.js";
import { composeResolve } from "./compose-oracle.js";

describe("Docker Compose oracle (Debian docker-compose 1.29)", () => {
  it("reads back every value quoteEnvValue marks as safe for Compose, `$` included", () => {
    const handpicked = [
      "plain",
      "a$b",
      "$HOME",
      "pa$$word",
      "$",
      "cost: $5 # not a comment",
      " padded ",
      "it's",
      'say "hi"',
      "line1\nline2",
      "tab\there",
      "é ü 😀",
      "#hash",
      "a=b=c",
      "{braces}",
      "$(cmd)",
      "`backticks`",
    ];
    const sampled = fc.sample(envValue, {
      numRuns: 400,
      seed: 20240601,
    });
    const values = [...handpicked, ...sampled].filter((v) => encodeEnvValue(v).compose);
    expect(values.length).toBeGreaterThan(150);
    for (const v of handpicked) expect(encodeEnvValue(v).compose).toBe(true);
    const names = values.map((_, i) => `V${i}`);
    const text = values.map((v, i) => `V${i}=${encodeEnvValue(v).text}\n`).join("");
    const { values: resolved } = composeResolve(text, names);
    const expected = Object.fromEntries(values.map((v, i) => [`V${i}`, v]));
    expect(resolved).toEqual(expected);
  });

  it("resolves every variable of every service from the generated .env.development", () => {
    const infra = SERVICE_KINDS.filter(
      (k) => !["backend", "frontend", "worker"].includes(k),
    ) as ServiceKind[];
    const services = infra.map((kind, i) => ({
      name: i === 0 ? kind : `${kind}-${i}`,
      kind,
      hostPort: 20000 + i,
      containerPort: 5432,
    }));
    services.push({ name: "analytics-db", kind: "postgres", hostPort: 21000, containerPort: 5432 });
    const files = planEnvFiles(
      {
        projectSlug: "every-kind",
        services,
        apps: [
          { name: "backend", kind: "backend", framework: "express", port: 4000, hostPort: 4100 },
          { name: "frontend", kind: "frontend", framework: "react", port: 3000, hostPort: 3100 },
        ],
        apiKeys: ["OPENAI_API_KEY"],
        variables: { GREETING: "it's $5 # cheap" },
      },
      { random: seededRandom(3) },
    );
    const primaries = new Set<string>();
    const names = new Set<string>([
      "BACKEND_PORT",
      "FRONTEND_PORT",
      "JWT_SECRET",
      "GREETING",
      "DATABASE_URL",
    ]);
    for (const s of services) {
      const family = ["postgres", "postgis", "pgvector", "mysql", "mariadb"].includes(s.kind)
        ? "sql"
        : s.kind;
      const primary = !primaries.has(family);
      primaries.add(family);
      for (const name of Object.values(serviceVariables(s.kind, s.name, { primary }))) names.add(name);
    }
    const text = renderEnv(files.development);
    const { values, stderr } = composeResolve(text, [...names]);
    expect(stderr).not.toMatch(/not set/);
    const expected = envValues(parseEnv(text));
    for (const name of names) {
      expect(expected[name], name).toBeDefined();
      expect({ name, value: values[name] }).toEqual({ name, value: expected[name] });
    }
  });
});
