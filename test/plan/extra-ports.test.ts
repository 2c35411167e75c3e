import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type PlanInput, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";
import { fakeProbe } from "../fakes/ports.js";

const input: PlanInput = {
  architecture: {
    project: { name: "Letters" },
    infrastructure: [
      { type: "database", tech: "postgresql" },
      { type: "mail", tech: "mailpit" },
    ],
    apps: [{ name: "api", framework: "express", port: 4000, depends_on: ["postgres", "mailpit"] }],
  },
  projectPath: "/home/ana/letters",
};

async function planned(extra: Partial<PlanInput> = {}, deps = fakePlanDeps()) {
  const plan = await planEnvironment({ ...input, ...extra }, deps);
  expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const file = (path: string) => plan.files.find((f) => f.path === path)?.content ?? "";
  return { plan, file };
}

describe("Mailpit's SMTP port", () => {
  it("is published beside the web UI, with the host's address in .env.development and the network's in the app", async () => {
    const { file } = await planned();
    const dev = dotenv.parse(file(".env.development"));
    expect(dev.MAILPIT_SMTP_PORT).toBe("1025");
    expect(dev.SMTP_URL).toBe("smtp://localhost:1025");
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services.mailpit.ports).toEqual([
      `127.0.0.1:${dev.MAILPIT_PORT}:8025`,
      "127.0.0.1:1025:1025",
    ]);
    expect(compose.services.api.environment.SMTP_URL).toBe("smtp://mailpit:1025");
    // Staging and production have no host address for it.
    expect(dotenv.parse(file(".env.production")).SMTP_URL).toBeUndefined();
  });

  it("moves on when 1025 is taken, and takes the user's MAILPIT_SMTP_PORT", async () => {
    const busy = await planned({}, { ...fakePlanDeps(), probe: fakeProbe([1025]) });
    expect(busy.plan.ports.find((p) => p.service === "mailpit-smtp")).toMatchObject({
      port: 1026,
      reason: "scanned",
    });
    expect(dotenv.parse(busy.file(".env.development")).SMTP_URL).toBe("smtp://localhost:1026");

    const files = { ".env.development": "MAILPIT_SMTP_PORT=2525\n" };
    const chosen = await planned({}, fakePlanDeps({ files }));
    expect(parseYaml(chosen.file("docker-compose.yml")).services.mailpit.ports).toContain(
      "127.0.0.1:2525:1025",
    );
    expect(dotenv.parse(chosen.file(".env.development")).SMTP_URL).toBe("smtp://localhost:2525");
  });

  it("is not published by the production Compose file, where backing services publish nothing", async () => {
    const { file } = await planned({ environment: "production" });
    expect(parseYaml(file("docker-compose.yml")).services.mailpit.ports).toBeUndefined();
  });
});
