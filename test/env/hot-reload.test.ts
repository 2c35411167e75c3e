import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { buildCompose } from "../../src/compose/index.js";
import { type EnvPlanApp, planEnvFiles, renderEnv } from "../../src/env/index.js";
import { seededRandom } from "../fakes/random.js";
import { chiInput } from "./chi.js";

function hotReload(apps: EnvPlanApp[]): Record<string, string | undefined> {
  const files = planEnvFiles({ ...chiInput, apps }, { random: seededRandom(1) });
  const out: Record<string, string | undefined> = {};
  for (const k of ["development", "staging", "production", "example"] as const)
    out[k] = dotenv.parse(renderEnv(files[k])).ENABLE_HOT_RELOAD;
  return out;
}

describe("ENABLE_HOT_RELOAD", () => {
  it("is true in development (and its example) when an app runs a reloading dev server, false elsewhere", () => {
    expect(hotReload([{ name: "api", kind: "backend", framework: "fastapi", port: 8000 }])).toEqual({
      development: "true",
      example: "true",
      staging: "false",
      production: "false",
    });
  });

  it.each<[string, EnvPlanApp[]]>([
    ["only workers", [{ name: "jobs", kind: "worker", framework: "express" }]],
    ["only an app built from its own Dockerfile", [{ name: "api", kind: "backend", port: 8080 }]],
  ])("is false everywhere with %s: nothing reloads", (_, apps) => {
    expect(hotReload(apps)).toEqual({
      development: "false",
      example: "false",
      staging: "false",
      production: "false",
    });
  });

  it("agrees with the Compose file: a dev server where the env file says true, false in the others' containers", () => {
    const ref = `\${ENABLE_HOT_RELOAD}`;
    const r = buildCompose({
      projectName: "shop",
      projectPath: "/srv/shop",
      environment: "development",
      services: [
        { name: "api", kind: "backend", framework: "express", environment: { ENABLE_HOT_RELOAD: ref } },
        { name: "jobs", kind: "worker", framework: "express", environment: { ENABLE_HOT_RELOAD: ref } },
        { name: "go", kind: "backend", healthcheck: false, environment: { ENABLE_HOT_RELOAD: ref } },
        {
          name: "custom",
          kind: "backend",
          framework: "express",
          command: "node server.js",
          environment: { ENABLE_HOT_RELOAD: ref },
        },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const env = (name: string) =>
      (r.value.services[name]?.environment as Record<string, string> | undefined)?.ENABLE_HOT_RELOAD;
    expect(env("api")).toBe(ref);
    expect(r.value.services.api?.command).toEqual(["npm", "run", "dev"]);
    expect(env("jobs")).toBe("false");
    expect(env("go")).toBe("false");
    expect(env("custom")).toBe("false");
  });
});
