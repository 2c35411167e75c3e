// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation (${VAR}) is what these tests feed in.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { ComposeFile } from "../../src/compose/model.js";
import type { DockerProbe } from "../../src/core/index.js";
import { RULES, type ValidateDeps, validateCompose } from "../../src/graph/index.js";
import { parseRegistry, type Registry } from "../../src/registry/index.js";

const root = resolve(import.meta.dirname, "../..");

function registryOf(text: string): Registry {
  const r = parseRegistry(text);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

const registry = registryOf(`
port_registry:
  ranges:
    forge: { start: 3000, end: 3999 }
    prism: { start: 6000, end: 6999 }
  allocated:
    80: { service: edge, app: forge, type: proxy }
    3432: { service: forge-postgres, app: forge, type: database }
    6000: { service: prism-backend, app: prism, type: api }
networks:
  forge-network: { shared: true }
services:
  forge:
    dev:
      - { name: forge-postgres, type: database, ports: [3432], networks: [forge-network] }
      - { name: edge, type: proxy, ports: [80], networks: [forge-network] }
  prism:
    dev:
      - name: prism-backend
        type: api
        ports: [6000]
        networks: [default, forge-network]
        dependencies: [forge-postgres]
        environment: [DATABASE_URL]
      - { name: prism-worker, type: worker }
startup_tiers:
  - { tier: 1, services: [forge-postgres] }
  - { tier: 5, types: [api] }
  - { tier: 6, services: [prism-worker] }
rules:
  required_networks:
    - { network: forge-network, applies_to: [prism], required_for: [forge-postgres] }
`);

const docker = (networks: string[]): DockerProbe => ({
  available: async () => true,
  containers: async () => [],
  networks: async () => networks,
  imageDigest: async () => undefined,
});

const hc = { test: ["CMD", "true"] };

/** Hand-written files may break the model's types (a number port, an empty depends_on entry); rules must cope. */
type LooseCompose = ComposeFile | { services: Record<string, Record<string, unknown>> };

interface Case {
  ok: LooseCompose;
  ng: LooseCompose;
  deps?: ValidateDeps;
  expect: { code?: string; path?: string }[];
}

/** One passing and one failing model per rule; `expect` lists what the failing one reports. */
const CASES: Record<string, Case> = {
  "port/invalid": {
    ok: {
      services: {
        a: { image: "a:1", ports: ["8080:80", 9000, "127.0.0.1:5432:5432/tcp", "[::1]:6000-6001:7000-7001"] },
      },
    },
    ng: {
      services: {
        a: { image: "a:1", ports: ["8080:80", "70000:80", "80:abc", "5000-5001:6000-6003", "53:53/icmp"] },
      },
    },
    expect: [
      { path: "services.a.ports[1]" },
      { path: "services.a.ports[2]" },
      { path: "services.a.ports[3]" },
      { path: "services.a.ports[4]" },
    ],
  },
  "port/duplicate": {
    ok: {
      services: {
        a: { image: "a:1", ports: ["8080:80", "53:53/udp"] },
        b: { image: "b:1", ports: ["8081:80", "53:53/tcp", "127.0.0.1:9000:9000"] },
        c: { image: "c:1", ports: ["127.0.0.2:9000:9000"] },
      },
    },
    ng: {
      services: {
        a: { image: "a:1", ports: ["8080:80", { target: 90, published: "9000" }] },
        b: { image: "b:1", ports: ["0.0.0.0:8080:80", "8995-9005:8995-9005"] },
      },
    },
    expect: [{ path: "services.b.ports[0]" }, { path: "services.b.ports[1]" }],
  },
  "port/out-of-range": {
    ok: {
      services: { "prism-backend": { image: "p:1", ports: ["6000:8000"], networks: ["forge-network"] } },
    },
    ng: { services: { "prism-backend": { image: "p:1", ports: ["6000:8000", "7001:8001"] } } },
    deps: { registry },
    expect: [{ path: "services.prism-backend.ports[1]" }],
  },
  "port/system": {
    ok: {
      services: {
        proxy: { image: "nginx:1.27", ports: ["80:80", "443:443"] },
        api: { image: "a:1", ports: ["8080:80"] },
      },
    },
    ng: { services: { api: { image: "a:1", ports: ["80:8080", "8080:80"] } } },
    deps: { registry },
    expect: [{ path: "services.api.ports[0]" }],
  },
  "port/allocated": {
    ok: { services: { "prism-backend": { image: "p:1", ports: ["6000:8000"] } } },
    ng: { services: { "prism-ui": { image: "p:1", ports: ["6000:80"] } } },
    deps: { registry },
    expect: [{ path: "services.prism-ui.ports[0]" }],
  },
  "port/unregistered": {
    ok: { services: { "prism-backend": { image: "p:1", ports: ["6000:8000"] } } },
    ng: { services: { "prism-backend": { image: "p:1", ports: ["6000:8000", "6001:9000"] } } },
    deps: { registry },
    expect: [{ path: "services.prism-backend.ports[1]" }],
  },
  "network/undeclared": {
    ok: { services: { a: { image: "a:1", networks: ["default", "back"] } }, networks: { back: null } },
    ng: {
      services: { a: { image: "a:1", networks: { back: null, front: { aliases: ["x"] } } } },
      networks: { back: null },
    },
    expect: [{ path: "services.a.networks.front" }],
  },
  "network/unreachable": {
    ok: {
      services: {
        api: { image: "a:1", networks: ["back"], depends_on: ["db"] },
        db: { image: "d:1", networks: ["back"] },
      },
      networks: { back: {} },
    },
    ng: {
      services: { api: { image: "a:1", networks: ["front"], depends_on: ["db"] }, db: { image: "d:1" } },
      networks: { front: {} },
    },
    expect: [{ path: "services.api.depends_on.db" }],
  },
  "network/required": {
    ok: {
      services: {
        "prism-backend": {
          image: "p:1",
          networks: ["default", "forge"],
          environment: { DATABASE_URL: "postgresql://u:${PW}@forge-postgres:5432/p" },
        },
      },
      networks: { forge: { name: "forge-network", external: true } },
    },
    ng: {
      services: {
        "prism-backend": {
          image: "p:1",
          environment: ["DATABASE_URL=postgresql://u:${PW}@forge-postgres:5432/p"],
        },
      },
    },
    deps: { registry },
    expect: [{ path: "services.prism-backend" }],
  },
  "network/exists": {
    ok: {
      services: { a: { image: "a:1" } },
      networks: { shared: { name: "fresh-net" }, ext: { external: true } },
    },
    ng: { services: { a: { image: "a:1" } }, networks: { shared: { name: "taken-net" } } },
    deps: { docker: docker(["bridge", "taken-net"]) },
    expect: [{ path: "networks.shared.name" }],
  },
  "network/external-missing": {
    ok: { services: { a: { image: "a:1" } }, networks: { ext: { external: true, name: "taken-net" } } },
    ng: { services: { a: { image: "a:1" } }, networks: { ext: { external: true } } },
    deps: { docker: docker(["bridge", "taken-net"]) },
    expect: [{ path: "networks.ext" }],
  },
  "network/internal-isolation": {
    ok: {
      services: {
        api: { image: "a:1", networks: ["edge", "inner"] },
        proxy: { image: "traefik:v3.1", networks: ["edge"] },
      },
      networks: { edge: {}, inner: { internal: true } },
    },
    ng: { services: { api: { image: "a:1" } } },
    deps: { environment: "production" },
    expect: [{ path: "services.api" }],
  },
  "depends/missing": {
    ok: { services: { a: { image: "a:1", depends_on: ["b"] }, b: { image: "b:1" } } },
    ng: {
      services: {
        a: { image: "a:1", depends_on: { b: { condition: "service_started" }, ghost: {} } },
        b: { image: "b:1" },
      },
    },
    expect: [{ path: "services.a.depends_on.ghost" }],
  },
  "depends/cycle": {
    ok: {
      services: {
        a: { image: "a:1", depends_on: ["b"] },
        b: { image: "b:1", depends_on: ["c"] },
        c: { image: "c:1" },
      },
    },
    ng: {
      services: {
        a: { image: "a:1", depends_on: ["b"] },
        b: { image: "b:1", depends_on: ["c"] },
        c: { image: "c:1", depends_on: ["a"] },
        d: { image: "d:1", depends_on: ["d"] },
      },
    },
    expect: [{ path: "services.a.depends_on.b" }, { path: "services.d.depends_on.d" }],
  },
  "depends/tier-order": {
    ok: {
      services: {
        api: { build: ".", depends_on: ["db"], healthcheck: hc },
        db: { image: "postgres:16", healthcheck: hc },
      },
    },
    ng: {
      services: {
        db: { image: "postgres:16", depends_on: ["api"], healthcheck: hc },
        api: { build: ".", healthcheck: hc },
      },
    },
    expect: [{ path: "services.db.depends_on.api" }],
  },
  "health/missing": {
    ok: {
      services: {
        db: { image: "postgres:16", healthcheck: hc },
        cache: { image: "valkey/valkey:8", healthcheck: { interval: "5s" } },
        web: { image: "nginx:1.27" },
      },
    },
    ng: {
      services: {
        db: { image: "bitnami/postgresql:16" },
        cache: { image: "redis:7", healthcheck: { test: ["NONE"] } },
        api: { build: "." },
        ok: { image: "mongo:7", healthcheck: hc },
      },
    },
    deps: { registry },
    expect: [{ path: "services.db" }, { path: "services.cache" }, { path: "services.api" }],
  },
  "health/condition-without-healthcheck": {
    ok: {
      services: {
        a: { image: "a:1", depends_on: { b: { condition: "service_healthy" } } },
        b: { image: "b:1", healthcheck: hc },
      },
    },
    ng: {
      services: {
        a: { image: "a:1", depends_on: { b: { condition: "service_healthy" } } },
        b: { image: "b:1" },
      },
    },
    expect: [{ path: "services.a.depends_on.b.condition" }],
  },
  "volume/unsafe-path": {
    ok: {
      services: {
        a: {
          image: "a:1",
          volumes: [
            "./data:/data",
            "/etc/localtime:/etc/localtime:ro",
            "/:/rootfs:ro",
            "/var/log:/var/log:ro",
            "data:/x",
            "/srv/app/uploads:/u",
          ],
        },
      },
      volumes: { data: null },
    },
    ng: {
      services: {
        a: {
          image: "a:1",
          volumes: [
            "/:/host",
            "/home:/home:ro",
            "~:/me",
            { type: "bind", source: "/etc/", target: "/etc2" },
            "/var/../usr:/u",
            "/home/alice:/alice:ro",
            "C:\\Users:/users",
            "${HOME}/:/h",
            "./ok:/ok",
          ],
        },
      },
    },
    expect: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ path: `services.a.volumes[${i}]` })),
  },
  "volume/docker-socket": {
    ok: { services: { a: { image: "a:1", volumes: ["./docker.sock:/var/run/docker.sock"] } } },
    ng: { services: { a: { image: "a:1", volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"] } } },
    expect: [{ path: "services.a.volumes[0]" }],
  },
  "volume/undeclared": {
    ok: {
      services: {
        a: {
          image: "a:1",
          volumes: ["data:/data", "/tmp/x:/x", "/anon", { type: "volume", source: "data", target: "/d" }],
        },
      },
      volumes: { data: {} },
    },
    ng: {
      services: {
        a: { image: "a:1", volumes: ["data:/data", { type: "volume", source: "logs", target: "/l" }] },
      },
    },
    expect: [{ path: "services.a.volumes[0]" }, { path: "services.a.volumes[1]" }],
  },
  "image/missing": {
    ok: { services: { a: { image: "a:1" }, b: { build: "." } } },
    ng: { services: { a: { restart: "always" } } },
    expect: [{ path: "services.a" }],
  },
  "image/unpinned": {
    ok: {
      services: {
        a: { image: "postgres:16" },
        b: { build: "." },
        c: { image: "localhost:5000/team/app:1.2" },
        d: { image: "redis@sha256:0123abcd" },
        e: { image: "app:${TAG}" },
      },
    },
    ng: {
      services: {
        a: { image: "postgres" },
        b: { image: "redis:latest" },
        c: { image: "localhost:5000/app" },
        d: { image: "x:${TAG:-latest}" },
      },
    },
    expect: ["a", "b", "c", "d"].map((s) => ({ path: `services.${s}.image` })),
  },
  "name/invalid": {
    ok: {
      name: "my-project_1",
      services: { "api.v2": { image: "a:1", container_name: "api-v2" } },
      networks: { "net.1": null },
    },
    ng: {
      name: "My Project",
      services: { "bad name": { image: "a:1", container_name: "-x" } },
      networks: { "bad/net": null },
      volumes: { "bad vol": null },
    },
    expect: [
      { path: "name" },
      { path: 'services["bad name"]' },
      { path: 'services["bad name"].container_name' },
      { path: 'networks["bad/net"]' },
      { path: 'volumes["bad vol"]' },
    ],
  },
  "environment/missing": {
    ok: { services: { "prism-backend": { image: "p:1", environment: ["DATABASE_URL=${DATABASE_URL}"] } } },
    ng: { services: { "prism-backend": { image: "p:1", environment: { OTHER: "1" } } } },
    deps: { registry },
    expect: [{ path: "services.prism-backend.environment" }],
  },
};

describe("graph rules", () => {
  it("every rule has a case, a docs page and a row in docs/diagnostics.md", () => {
    const table = readFileSync(resolve(root, "docs/diagnostics.md"), "utf8");
    for (const rule of RULES) {
      expect(CASES[rule.code], rule.code).toBeDefined();
      expect(existsSync(resolve(root, `docs/rules/${rule.code.replace("/", "-")}.md`)), rule.code).toBe(true);
      expect(existsSync(resolve(root, `src/graph/rules/${rule.code.replace("/", "-")}.ts`)), rule.code).toBe(
        true,
      );
      expect(table, rule.code).toContain(`| \`${rule.code}\` | ${rule.severity} |`);
    }
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.code).sort());
  });

  for (const [code, c] of Object.entries(CASES)) {
    describe(code, () => {
      it("passes a model that follows it", async () => {
        const found = await validateCompose(c.ok as ComposeFile, { ...c.deps, rules: [code] });
        expect(found).toEqual([]);
      });
      it("reports a model that breaks it, with code, severity and path", async () => {
        const found = await validateCompose(c.ng as ComposeFile, { ...c.deps, rules: [code] });
        const rule = RULES.find((r) => r.code === code)!;
        expect(found).toHaveLength(c.expect.length);
        expect(found).toMatchObject(c.expect.map((e) => ({ code, severity: rule.severity, ...e })));
        for (const d of found) expect(d.message.length).toBeGreaterThan(0);
      });
    });
  }
});

describe("rule details", () => {
  it("health/missing on a file slipway did not write is a warning", async () => {
    const found = await validateCompose(CASES["health/missing"]!.ng as ComposeFile, {
      rules: ["health/missing"],
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.severity === "warning")).toBe(true);
  });

  it("port/system on a file slipway did not write: a warning, and none for proxies, mail, DNS, LDAP", async () => {
    const compose = {
      services: {
        web: { build: ".", ports: ["80:8080"] },
        proxy: { build: "./nginx", ports: ["443:443"] },
        mail: { image: "mailserver/docker-mailserver:14", ports: ["25:25", "993:993"] },
        dns: { image: "coredns/coredns:1.11", ports: ["53:53/udp"] },
        ldap: { image: "osixia/openldap:1.5", ports: ["389:389"] },
      },
    } as ComposeFile;
    const found = await validateCompose(compose, { rules: ["port/system"] });
    expect(found).toMatchObject([
      { code: "port/system", severity: "warning", path: "services.web.ports[0]" },
    ]);
    const policy = await validateCompose(compose, { registry, rules: ["port/system"] });
    expect(policy.every((d) => d.severity === "error")).toBe(true);
    expect(policy.map((d) => d.path)).toContain("services.mail.ports[0]");
  });

  it("a service_healthy wait on a service without a healthcheck warns that the image may have one", async () => {
    const [d] = await validateCompose(CASES["health/condition-without-healthcheck"]!.ng as ComposeFile, {
      rules: ["health/condition-without-healthcheck"],
    });
    expect(d).toMatchObject({ severity: "warning" });
    expect(d?.message).toContain("its image declares a HEALTHCHECK");
  });

  it("a provider: service needs no image; an image: next to build: is a local tag, not unpinned", async () => {
    const compose = {
      services: {
        model: { provider: { type: "model", options: { model: "ai/smollm2" } } },
        app: { image: "myapp", build: "." },
      },
    } as unknown as ComposeFile;
    expect(await validateCompose(compose, { rules: ["image/missing", "image/unpinned"] })).toEqual([]);
  });

  it("names the whole cycle in the message", async () => {
    const [d] = await validateCompose(CASES["depends/cycle"]!.ng as ComposeFile, {
      rules: ["depends/cycle"],
    });
    expect(d?.message).toContain("a → b → c → a");
  });

  it("runs registry, Docker and production rules only with what they need", async () => {
    const codes = (await validateCompose({ services: { a: { image: "nginx:1.27", ports: ["80:80"] } } })).map(
      (d) => d.code,
    );
    expect(codes).toEqual([]);
    const isolated = await validateCompose(CASES["network/internal-isolation"]!.ng as ComposeFile);
    expect(isolated.map((d) => d.code)).not.toContain("network/internal-isolation");
  });

  it("skips the Docker rules when the engine is not reachable", async () => {
    const probe = { ...docker(["taken-net"]), available: async () => false };
    expect(await validateCompose(CASES["network/exists"]!.ng as ComposeFile, { docker: probe })).toEqual([]);
  });

  it("resolves ${VAR:-default} and given variables, and skips what it cannot know", async () => {
    const compose: ComposeFile = {
      services: {
        a: { image: "a:1", ports: ["${A_PORT:-8080}:80"] },
        b: { image: "b:1", ports: ["${B_PORT}:80"] },
      },
    };
    expect(await validateCompose(compose, { rules: ["port/duplicate", "port/invalid"] })).toEqual([]);
    const clash = await validateCompose(compose, {
      rules: ["port/duplicate"],
      variables: { B_PORT: "8080" },
    });
    expect(clash).toMatchObject([{ code: "port/duplicate", path: "services.b.ports[0]" }]);
  });

  it("takes the application from deps for services the registry does not list", async () => {
    const compose: ComposeFile = { services: { "new-svc": { image: "n:1", ports: ["3500:80"] } } };
    const found = await validateCompose(compose, {
      registry,
      application: "PRISM",
      rules: ["port/out-of-range"],
    });
    expect(found).toMatchObject([{ code: "port/out-of-range", path: "services.new-svc.ports[0]" }]);
  });

  it("uses registry tiers: same or earlier tier than a dependency is reported", async () => {
    const compose: ComposeFile = {
      services: {
        "prism-worker": { image: "w:1", depends_on: ["prism-backend"] },
        "prism-backend": { image: "p:1", depends_on: ["prism-worker"] },
      },
    };
    const found = await validateCompose(compose, { registry, rules: ["depends/tier-order"] });
    expect(found).toMatchObject([
      { code: "depends/tier-order", path: "services.prism-backend.depends_on.prism-worker" },
    ]);
  });

  it("takes declared types over the image and the name, and a registry's over declared ones", async () => {
    const compose: ComposeFile = {
      services: {
        "api-sync": { build: "." },
        store: { image: "postgres:16" },
        "forge-postgres": { image: "x:1" },
      },
    };
    const rules = ["health/missing"];
    expect(await validateCompose(compose, { rules })).toMatchObject([
      { path: "services.api-sync" },
      { path: "services.store" },
    ]);
    const types = { "api-sync": "worker", store: "storage", "forge-postgres": "worker" };
    expect(await validateCompose(compose, { rules, types })).toEqual([]);
    expect(await validateCompose(compose, { rules, types, registry })).toMatchObject([
      { path: "services.forge-postgres" },
    ]);
  });

  it("lets a registry proxy publish system ports outside its range", async () => {
    const compose: ComposeFile = { services: { edge: { image: "custom-edge:1", ports: ["80:80"] } } };
    expect(await validateCompose(compose, { registry, rules: ["port/system", "port/out-of-range"] })).toEqual(
      [],
    );
  });

  it("never throws on shapes outside the model", async () => {
    const odd = {
      services: {
        a: {
          image: 5,
          ports: [null, { published: 80 }, ["x"]],
          depends_on: "b",
          networks: 3,
          volumes: [7, null],
        },
        b: null,
      },
      networks: [],
    } as unknown as ComposeFile;
    const found = await validateCompose(odd);
    expect(found.filter((d) => d.code === "port/invalid")).toHaveLength(3);
  });
});
