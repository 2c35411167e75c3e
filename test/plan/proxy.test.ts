import { describe, expect, it } from "vitest";
import { parseCompose } from "../../src/compose/index.js";
import { type PlanInput, planEnvironment } from "../../src/index.js";
import { renderTemplates } from "../../src/templates/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";
import { fakeProbe } from "../fakes/ports.js";

function input(tech: "caddy" | "traefik"): PlanInput {
  return {
    architecture: {
      project: { name: "Shop", slug: "shop" },
      infrastructure: [
        { type: "database", tech: "postgresql" },
        { type: "proxy", tech },
      ],
      apps: [
        { name: "api", framework: "express", port: 4000 },
        { name: "web", framework: "react", context: "./web", port: 3000 },
      ],
    },
    projectPath: "/home/ana/shop",
  };
}

function fileOf(plan: { files: { path: string; content: string }[] }, path: string): string {
  const file = plan.files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`${path} not planned: ${plan.files.map((f) => f.path).join(", ")}`);
  return file.content;
}

describe("a plan with a reverse proxy", () => {
  it("gives the proxy 80 and 443 when they are free, and writes them only on the proxy", async () => {
    const plan = await planEnvironment(input("caddy"), fakePlanDeps());
    expect(plan.ok).toBe(true);
    const ports = Object.fromEntries(plan.ports.map((p) => [p.service, p.port]));
    expect(ports).toMatchObject({ caddy: 80, "caddy-https": 443 });
    const compose = fileOf(plan, "docker-compose.yml");
    expect(compose).toContain("'127.0.0.1:80:80'");
    expect(compose).toContain("'127.0.0.1:443:443'");
    expect(fileOf(plan, ".env.development")).toMatch(/^CADDY_PORT=80$/m);
  });

  it("writes the Caddyfile next to the Compose file, one site per app, and the apps do not wait for the proxy", async () => {
    const plan = await planEnvironment(input("caddy"), fakePlanDeps());
    const caddyfile = fileOf(plan, "caddy/Caddyfile");
    expect(caddyfile).toContain(
      "http://api.localhost {\n\timport security_headers\n\treverse_proxy api:4000\n}",
    );
    expect(caddyfile).toContain("https://web.localhost {\n\ttls internal");
    expect(caddyfile).toContain("reverse_proxy web:3000");
    const compose = parseCompose(fileOf(plan, "docker-compose.yml"));
    if (!compose.ok) throw new Error(JSON.stringify(compose.diagnostics));
    expect(Object.keys(compose.value.services.api?.depends_on ?? {})).toEqual(["postgres"]);
  });

  it("scans above 80 when it is taken, like any other port", async () => {
    const deps = { ...fakePlanDeps(), probe: fakeProbe([80, 443]) };
    const plan = await planEnvironment(input("caddy"), deps);
    expect(plan.ok).toBe(true);
    const caddy = plan.ports.find((p) => p.service === "caddy");
    expect(caddy).toMatchObject({ port: 81, reason: "scanned" });
    expect(plan.ports.find((p) => p.service === "caddy-https")).toMatchObject({
      port: 444,
      reason: "scanned",
    });
  });

  it("falls back to a random high port when the system refuses every port below 1024", async () => {
    const low = Array.from({ length: 1023 }, (_, i) => i + 1);
    const deps = { ...fakePlanDeps(), probe: fakeProbe([], { forbidden: low }) };
    const plan = await planEnvironment(input("caddy"), deps);
    expect(plan.ok).toBe(true);
    for (const service of ["caddy", "caddy-https"]) {
      const port = plan.ports.find((p) => p.service === service);
      expect(port?.reason).toBe("fallback");
      expect(port?.port).toBeGreaterThanOrEqual(10000);
    }
  });

  it("writes every port of the proxy in .env.development, right after its own", async () => {
    const plan = await planEnvironment(input("traefik"), fakePlanDeps());
    expect(plan.ok).toBe(true);
    const env = fileOf(plan, ".env.development");
    expect(env).toMatch(/^TRAEFIK_PORT=80\nTRAEFIK_HTTPS_PORT=443\nTRAEFIK_DASHBOARD_PORT=8080\n/m);
    const caddy = await planEnvironment(input("caddy"), fakePlanDeps());
    expect(fileOf(caddy, ".env.development")).toMatch(/^CADDY_PORT=80\nCADDY_HTTPS_PORT=443\n/m);
    // Only development publishes them on the host; the other environments have no port section.
    expect(fileOf(plan, ".env.production")).not.toContain("TRAEFIK_HTTPS_PORT");
  });

  it("takes the user's ports from .env.development: <NAME>_PORT, <NAME>_HTTPS_PORT, <NAME>_DASHBOARD_PORT", async () => {
    const files = {
      ".env.development": "TRAEFIK_PORT=8000\nTRAEFIK_HTTPS_PORT=8443\nTRAEFIK_DASHBOARD_PORT=9090\n",
    };
    const plan = await planEnvironment(input("traefik"), fakePlanDeps({ files }));
    expect(plan.ok).toBe(true);
    const compose = fileOf(plan, "docker-compose.yml");
    expect(compose).toContain("'127.0.0.1:8000:80'");
    expect(compose).toContain("'127.0.0.1:8443:443'");
    expect(compose).toContain("'127.0.0.1:9090:8080'");
    expect(plan.ports.filter((p) => p.service.startsWith("traefik")).map((p) => p.reason)).toEqual([
      "override",
      "override",
      "override",
    ]);
  });

  it("draws no port/system error for the proxy; mounting the Docker socket is the warning it is", async () => {
    const plan = await planEnvironment(input("traefik"), fakePlanDeps());
    expect(plan.ok).toBe(true);
    expect(plan.diagnostics.filter((d) => d.code.startsWith("port/"))).toEqual([]);
    expect(plan.diagnostics.filter((d) => d.code === "volume/docker-socket")).toMatchObject([
      { severity: "warning", path: "services.traefik.volumes[0]" },
    ]);
    expect(plan.diagnostics.filter((d) => d.code === "map/type-mismatch")).toEqual([]);
  });
});

describe("the Caddyfile of a plan", () => {
  it("is written even when starter files are off, since the Compose file mounts it", async () => {
    const plan = await planEnvironment({ ...input("caddy"), templates: false }, fakePlanDeps());
    expect(plan.ok).toBe(true);
    expect(plan.files.filter((f) => f.path.endsWith("Caddyfile")).length).toBe(1);
    expect(plan.files.some((f) => f.path === "README.md" || f.path === "Makefile")).toBe(false);
  });

  it("follows a Compose file in a folder, in the templates module", () => {
    const r = renderTemplates({
      project: { name: "Shop", slug: "shop" },
      composeFile: "deploy/docker-compose.yml",
      composeProject: "shop-1",
      envFiles: [".env.development"],
      services: [{ name: "edge", kind: "caddy", hostPort: 80, containerPort: 80 }],
      apps: [{ name: "Api_1", kind: "backend", framework: "express", port: 4000 }],
      apiKeys: [],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const caddyfile = r.value.find((f) => f.path === "deploy/edge/Caddyfile");
    expect(caddyfile?.content).toContain("http://api-1.localhost {");
    expect(caddyfile?.content).toContain("reverse_proxy Api_1:4000");
  });
});
