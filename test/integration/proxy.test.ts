import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCompose, RECIPES } from "../../src/compose/index.js";
import { applyPlan, planEnvironment } from "../../src/index.js";
import {
  createClock,
  createComposeRunner,
  createCryptoRandom,
  createDockerProbe,
  createNodeFileSystem,
  createSocketProbe,
} from "../../src/node/index.js";
import { up } from "../../src/operations/index.js";
import { BUSYBOX, eventually, requireEngine } from "./engine.js";

const CADDY_IMAGE = `${RECIPES.caddy.image}:${RECIPES.caddy.tag}`;
const GREETING = "proxied-by-caddy";

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One GET to 127.0.0.1:port naming `host` (the Host header; the SNI name over HTTPS). */
function get(scheme: "http" | "https", port: number, host: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = {
      host: "127.0.0.1",
      port,
      path: "/",
      headers: { Host: host },
      timeout: 5000,
      // Caddy's own local authority signs the certificate (`tls internal`): no trust store knows it.
      ...(scheme === "https" ? { servername: host, rejectUnauthorized: false } : {}),
    };
    const req = (scheme === "http" ? httpRequest : httpsRequest)(options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${scheme}://${host}:${port}`)));
    req.on("error", reject);
    req.end();
  });
}

describe("a caddy proxy in front of an app, on the real engine", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-proxy-"));
  const docker = createDockerProbe({ timeoutMs: 5000 });
  const runner = createComposeRunner({ cwd: dir });
  const files = ["docker-compose.yml"];
  let project = "";
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    await requireEngine([BUSYBOX, CADDY_IMAGE]);
    const deps = {
      probe: createSocketProbe(),
      random: createCryptoRandom(),
      clock: createClock(),
      docker,
      fs: createNodeFileSystem(dir),
    };
    const plan = await planEnvironment(
      {
        architecture: {
          project: { name: "Proxy Check", slug: "proxycheck" },
          infrastructure: [{ type: "proxy", tech: "caddy" }],
          apps: [
            {
              name: "app",
              // No template for it: the stand-in runs from a local image, with no healthcheck.
              framework: "BusyBox httpd",
              port: 4000,
              command: `sh -c "mkdir -p /www && echo ${GREETING} > /www/index.html && exec httpd -f -p 4000 -h /www"`,
            },
          ],
          environments: { development: { services: { app: { image: BUSYBOX } } } },
        },
        projectPath: dir,
        composeTarget: "compose-v1",
      },
      deps,
    );
    if (!plan.ok) throw new Error(JSON.stringify(plan.diagnostics));
    const applied = await applyPlan(plan, deps);
    if (!applied.ok) throw new Error(JSON.stringify(applied.diagnostics));
    project = plan.project.composeProject;
    for (const p of plan.ports) ports[p.service] = p.port;
  });

  afterAll(async () => {
    // Torn down whatever happened above: containers, the network and the certificate volume.
    if (project !== "") await runner.down({ files, envFile: ".env.development", project, volumes: true });
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("writes the Caddyfile the Compose file mounts, routing app.localhost to the app", () => {
    const compose = readFileSync(join(dir, "docker-compose.yml"), "utf8");
    expect(compose).toContain("./caddy/Caddyfile:/etc/caddy/Caddyfile:ro");
    expect(existsSync(join(dir, "caddy", "Caddyfile"))).toBe(true);
    const caddyfile = readFileSync(join(dir, "caddy", "Caddyfile"), "utf8");
    expect(caddyfile).toContain("http://app.localhost {");
    expect(caddyfile).toContain("reverse_proxy app:4000");
    expect(ports.caddy).toBeGreaterThan(0);
    expect(ports["caddy-https"]).toBeGreaterThan(0);
  });

  it("comes up with the proxy healthy, its healthcheck answered by the image as the recipe says", async () => {
    const compose = parseCompose(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    if (!compose.ok) throw new Error(JSON.stringify(compose.diagnostics));
    const r = await up(
      { compose: compose.value, files, envFile: ".env.development", project },
      { runner, docker, clock: createClock(), timeoutMs: 120_000, pollMs: 500 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && r.value.services.map((s) => [s.service, s.status, s.health])).toEqual([
      ["app", "ready", undefined],
      ["caddy", "ready", "healthy"],
    ]);
  }, 180_000);

  it("answers http://app.localhost on the proxy's host port with the app's page and security headers", async () => {
    const reply = await eventually(async () => {
      const r = await get("http", ports.caddy!, "app.localhost").catch(() => undefined);
      return r?.status === 200 ? r : undefined;
    });
    expect(reply.body.trim()).toBe(GREETING);
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["x-frame-options"]).toBe("DENY");
    expect(reply.headers.server).toBeUndefined();
  });

  it("answers https://app.localhost with Caddy's internal certificate", async () => {
    const reply = await eventually(async () => {
      const r = await get("https", ports["caddy-https"]!, "app.localhost").catch(() => undefined);
      return r?.status === 200 ? r : undefined;
    });
    expect(reply.body.trim()).toBe(GREETING);
  });

  it("routes no other name to the app", async () => {
    const reply = await get("http", ports.caddy!, "other.localhost");
    expect(reply.body).not.toContain(GREETING);
  });
});
