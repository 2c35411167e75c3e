// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation (${VAR}) is what these tests feed in and read back.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ComposeFile } from "../../src/compose/index.js";
import {
  kubernetesName,
  kubernetesNames,
  type PlatformInput,
  renderKubernetes,
  renderPlatforms,
  renderSwarm,
} from "../../src/platforms/index.js";
import { containerEnv } from "../../src/platforms/kubernetes-env.js";
import { containerProbes, probeHandler } from "../../src/platforms/probes.js";
import { imageUser, isStateful, kubernetesMemory } from "../../src/platforms/runtime.js";
import { scanFiles } from "../../src/secrets/index.js";
import { validateObject, yamlObjects } from "./oracles.js";

/** A realistic password, made at run time so none sits in the repository. */
const password = () => `Pw${Math.random().toString(36).slice(2)}${Date.now().toString(36)}Zq9`;

function fixture(): PlatformInput {
  const compose: ComposeFile = {
    services: {
      api: {
        build: { context: "." },
        environment: {
          DATABASE_URL: "postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db_main:5432/${POSTGRES_DB}",
          LOG_LEVEL: "${LOG_LEVEL}",
          PORT: "4000",
        },
        ports: ["127.0.0.1:8080:4000"],
        depends_on: { db_main: { condition: "service_healthy" } },
        healthcheck: {
          test: ["CMD", "curl", "-fsS", "http://localhost:4000/health"],
          interval: "30s",
          timeout: "10s",
          retries: 3,
          start_period: "30s",
        },
        networks: ["front", "back"],
      },
      db_main: {
        image: "postgres:17.6-alpine",
        environment: {
          POSTGRES_USER: "${POSTGRES_USER}",
          POSTGRES_PASSWORD: "${POSTGRES_PASSWORD}",
          POSTGRES_DB: "${POSTGRES_DB}",
        },
        ports: ["127.0.0.1:5434:5432"],
        volumes: ["pg-data:/var/lib/postgresql/data"],
        healthcheck: {
          test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"],
          interval: "10s",
          timeout: "5s",
          retries: 5,
        },
        networks: ["back"],
      },
    },
    networks: { front: { driver: "bridge" }, back: { driver: "bridge", internal: true } },
    volumes: { "pg-data": { driver: "local" } },
  };
  return {
    slug: "shop",
    compose,
    services: [
      { name: "api", kind: "backend", user: 1000 },
      { name: "db_main", kind: "postgres" },
    ],
    environments: {
      development: {
        variables: {
          POSTGRES_USER: "shop_user",
          POSTGRES_PASSWORD: password(),
          POSTGRES_DB: "shop_dev",
          LOG_LEVEL: "debug",
        },
      },
      production: {
        variables: {
          POSTGRES_USER: "prod_user",
          POSTGRES_PASSWORD: "${PRODUCTION_POSTGRES_PASSWORD}",
          POSTGRES_DB: "shop_prod",
          LOG_LEVEL: "warn",
        },
        replicas: { api: 3 },
      },
    },
    secrets: [],
  };
}

function file(files: { path: string; content: string }[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no ${path} in ${files.map((x) => x.path).join(", ")}`);
  return f.content;
}

describe("Kubernetes names", () => {
  it("turns Compose names into lower-case DNS labels", () => {
    expect(kubernetesName("Postgres_Main")).toBe("postgres-main");
    expect(kubernetesName("2fa.svc")).toBe("s-2fa-svc");
    expect(kubernetesName("a".repeat(80))).toHaveLength(63);
  });

  it("reports a renaming as a warning and a collision as an error", () => {
    const r = kubernetesNames(["api_v1", "api.v1", "web"]);
    expect(r.names.get("web")).toBe("web");
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "platform/name-changed",
        severity: "warning",
        path: "services.api_v1",
      }),
      expect.objectContaining({
        code: "platform/name-changed",
        severity: "warning",
        path: "services.api.v1",
      }),
      expect.objectContaining({
        code: "platform/name-collision",
        severity: "error",
        path: "services.api.v1",
      }),
    ]);
  });

  it("fails rendering, writing nothing, when two services collide", () => {
    const input = fixture();
    input.compose.services.DB_MAIN = { image: "redis:8.2-alpine" };
    input.services = [...input.services, { name: "DB_MAIN", kind: "redis" }];
    const r = renderKubernetes(input);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "platform/name-collision" }));
  });
});

describe("probes from Compose healthchecks", () => {
  it("maps HTTP checks of localhost to httpGet and the rest to exec", () => {
    expect(probeHandler({ test: ["CMD", "curl", "-fsS", "http://localhost:8000/health"] })).toEqual({
      httpGet: { path: "/health", port: 8000 },
    });
    expect(
      probeHandler({ test: ["CMD", "node", "-e", "fetch('http://localhost:3000/').then((r) => r.ok)"] }),
    ).toEqual({ httpGet: { path: "/", port: 3000 } });
    expect(probeHandler({ test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"] })).toEqual({
      exec: { command: ["sh", "-c", "pg_isready -U ${POSTGRES_USER}"] },
    });
    expect(probeHandler({ test: ["CMD", "curl", "http://api.example.com/health"] })).toEqual({
      exec: { command: ["curl", "http://api.example.com/health"] },
    });
    expect(probeHandler({ test: ["NONE"] })).toBeUndefined();
    expect(probeHandler({ test: ["CMD", "true"], disable: true })).toBeUndefined();
  });

  it("keeps the timing and covers start_period with a startup probe", () => {
    const probes = containerProbes(
      { test: ["CMD", "redis-cli", "ping"], interval: "10s", timeout: "5s", retries: 5, start_period: "1m" },
      [6379],
    );
    expect(probes.readinessProbe).toMatchObject({
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 5,
    });
    expect(probes.livenessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 5 });
    // 60 s of grace at 5 s, then the usual retries.
    expect(probes.startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 17 });
  });

  it("probes the port over TCP when there is no healthcheck, and nothing when there is no port", () => {
    expect(containerProbes(undefined, [8080])).toEqual({
      readinessProbe: {
        tcpSocket: { port: 8080 },
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
      },
    });
    expect(containerProbes(undefined, [])).toEqual({});
  });
});

describe("container variables", () => {
  const sources = {
    configMap: "shop-config",
    secret: "shop-secrets",
    isSecret: (v: string) => v.endsWith("PASSWORD"),
    renames: new Map([["db_main", "db-main"]]),
  };

  it("reads secrets by secretKeyRef, the rest from the ConfigMap, and composes URLs from them", () => {
    const env = containerEnv(fixture().compose.services.api!, sources);
    expect(env.env).toEqual([
      { name: "LOG_LEVEL", valueFrom: { configMapKeyRef: { name: "shop-config", key: "LOG_LEVEL" } } },
      {
        name: "POSTGRES_USER",
        valueFrom: { configMapKeyRef: { name: "shop-config", key: "POSTGRES_USER" } },
      },
      {
        name: "POSTGRES_PASSWORD",
        valueFrom: { secretKeyRef: { name: "shop-secrets", key: "POSTGRES_PASSWORD" } },
      },
      { name: "POSTGRES_DB", valueFrom: { configMapKeyRef: { name: "shop-config", key: "POSTGRES_DB" } } },
      // The host is the Kubernetes name of the renamed service.
      {
        name: "DATABASE_URL",
        value: "postgresql://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@db-main:5432/$(POSTGRES_DB)",
      },
      { name: "PORT", value: "4000" },
    ]);
    expect(env.secretKeys).toEqual(["POSTGRES_PASSWORD"]);
    expect(env.configKeys.sort()).toEqual(["LOG_LEVEL", "POSTGRES_DB", "POSTGRES_USER"]);
  });

  it("turns references in the command into Kubernetes expansions with the variable declared", () => {
    const env = containerEnv({ command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"] }, sources);
    expect(env.args).toEqual(["redis-server", "--requirepass", "$(REDIS_PASSWORD)"]);
    expect(env.env).toEqual([
      {
        name: "REDIS_PASSWORD",
        valueFrom: { secretKeyRef: { name: "shop-secrets", key: "REDIS_PASSWORD" } },
      },
    ]);
  });

  it("keeps a literal $( from Kubernetes expansion", () => {
    const env = containerEnv({ environment: { GREETING: "cost $$(1)" } }, sources);
    expect(env.env).toEqual([{ name: "GREETING", value: "cost $$(1)" }]);
  });
});

describe("renderKubernetes", () => {
  it("renders a base and one overlay per environment whose objects all validate", () => {
    const r = renderKubernetes(fixture());
    expect(r.ok).toBe(true);
    const files = r.ok ? r.value : [];
    expect(files.map((f) => f.path)).toEqual([
      "deploy/kubernetes/.gitignore",
      "deploy/kubernetes/base/api.yaml",
      "deploy/kubernetes/base/db-main.yaml",
      "deploy/kubernetes/base/kustomization.yaml",
      "deploy/kubernetes/base/network-policies.yaml",
      "deploy/kubernetes/overlays/development/kustomization.yaml",
      "deploy/kubernetes/overlays/development/namespace.yaml",
      "deploy/kubernetes/overlays/development/secrets.env.example",
      "deploy/kubernetes/overlays/production/kustomization.yaml",
      "deploy/kubernetes/overlays/production/namespace.yaml",
      "deploy/kubernetes/overlays/production/secrets.env.example",
    ]);
    for (const f of files.filter(
      (f) => f.path.includes("/base/") && !f.path.endsWith("kustomization.yaml"),
    )) {
      for (const object of yamlObjects(f.content)) expect(validateObject(object)).toBeUndefined();
    }
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "platform/name-changed", path: "services.db_main" }),
    );
  });

  it("puts the database in a StatefulSet with a claim, a headless Service and its image's non-root user", () => {
    const r = renderKubernetes(fixture());
    const [statefulSet, service] = yamlObjects(
      file(r.ok ? r.value : [], "deploy/kubernetes/base/db-main.yaml"),
    );
    expect(statefulSet?.kind).toBe("StatefulSet");
    expect(statefulSet?.spec.volumeClaimTemplates[0].metadata.name).toBe("pg-data");
    const pod = statefulSet?.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 70, fsGroup: 70 });
    expect(pod.containers[0].env).toContainEqual({
      name: "PGDATA",
      value: "/var/lib/postgresql/data/pgdata",
    });
    expect(pod.containers[0].readinessProbe.exec.command).toEqual([
      "sh",
      "-c",
      "pg_isready -U ${POSTGRES_USER}",
    ]);
    expect(service).toMatchObject({ kind: "Service", spec: { clusterIP: "None" } });
  });

  it("waits for dependencies in init containers and isolates internal networks", () => {
    const r = renderKubernetes(fixture());
    const files = r.ok ? r.value : [];
    const [deployment] = yamlObjects(file(files, "deploy/kubernetes/base/api.yaml"));
    expect(deployment?.spec.template.spec.initContainers[0]).toMatchObject({
      name: "wait-for-db-main",
      image: "busybox:1.37.0",
      command: ["sh", "-c", expect.stringContaining("nc -z -w 2 db-main 5432")],
    });
    const policies = yamlObjects(file(files, "deploy/kubernetes/base/network-policies.yaml"));
    expect(policies[0]).toMatchObject({
      metadata: { name: "default-deny-ingress" },
      spec: { podSelector: {} },
    });
    const db = policies.find((p) => p.metadata.name === "db-main");
    // Only the api shares the internal network; the database may reach it and DNS, nothing else.
    expect(db?.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["api"] }],
            },
          },
        ],
        ports: [{ protocol: "TCP", port: 5432 }],
      },
    ]);
    expect(db?.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(policies.find((p) => p.metadata.name === "api")?.spec.policyTypes).toEqual(["Ingress"]);
  });

  it("sets per-environment values, replicas and secrets by reference only", () => {
    const input = fixture();
    const r = renderKubernetes(input);
    const files = r.ok ? r.value : [];
    const production = yamlObjects(
      file(files, "deploy/kubernetes/overlays/production/kustomization.yaml"),
    )[0] as unknown as Record<string, unknown>;
    expect(production).toMatchObject({
      namespace: "shop-production",
      configMapGenerator: [
        {
          name: "shop-config",
          literals: ["LOG_LEVEL=warn", "POSTGRES_DB=shop_prod", "POSTGRES_USER=prod_user"],
        },
      ],
      secretGenerator: [{ name: "shop-secrets", envs: ["secrets.env"] }],
      replicas: [{ name: "api", count: 3 }],
      images: [{ name: "registry.example.com/shop/api", newTag: "0.1.0" }],
    });
    const development = file(files, "deploy/kubernetes/overlays/development/kustomization.yaml");
    expect(development).toContain("LOG_LEVEL=debug");
    // The development password is a secret: it appears nowhere.
    const devPassword = input.environments.development!.variables.POSTGRES_PASSWORD!;
    for (const f of files) expect(f.content).not.toContain(devPassword);
    expect(file(files, "deploy/kubernetes/overlays/production/secrets.env.example")).toContain(
      "POSTGRES_PASSWORD=change-me",
    );
    expect(file(files, "deploy/kubernetes/.gitignore").split("\n")).toContain("secrets.env");
    expect(scanFiles(files).diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("gives the same bytes for the same input", () => {
    expect(renderKubernetes(fixture())).toEqual(renderKubernetes(fixture()));
  });

  it("warns when an environment has no value for a ConfigMap key", () => {
    const input = fixture();
    delete (input.environments.production!.variables as Record<string, string>).LOG_LEVEL;
    const r = renderKubernetes(input);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "platform/variable-unset",
        path: "environments.production.variables.LOG_LEVEL",
      }),
    );
  });

  it("reports a service without a kind and an input without environments", () => {
    const input = fixture();
    input.services = input.services.filter((s) => s.name !== "api");
    input.environments = {};
    const r = renderKubernetes(input);
    expect(r.ok).toBe(false);
    expect(
      r.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => d.code)
        .sort(),
    ).toEqual(["platform/kind-missing", "platform/no-environment"]);
  });
});

describe("renderSwarm", () => {
  it("writes images instead of builds, deploy everywhere, overlay networks and file secrets", () => {
    const r = renderSwarm(fixture());
    expect(r.ok).toBe(true);
    const stack = yamlObjects(file(r.ok ? r.value : [], "docker-stack.yml"))[0] as unknown as {
      services: Record<string, Record<string, unknown>>;
      networks: Record<string, unknown>;
      secrets: Record<string, unknown>;
    };
    expect(stack.services.api).toMatchObject({
      image: "${REGISTRY}/api:${TAG}",
      ports: [{ target: 4000, published: 8080, protocol: "tcp", mode: "ingress" }],
      deploy: {
        replicas: 3,
        update_config: { order: "start-first" },
        resources: { limits: { memory: "512M" } },
      },
    });
    expect(stack.services.api?.build).toBeUndefined();
    expect(stack.services.api?.depends_on).toBeUndefined();
    expect(stack.services.db_main).toMatchObject({
      environment: {
        POSTGRES_PASSWORD_FILE: "/run/secrets/shop_postgres_password",
        POSTGRES_USER: "${POSTGRES_USER}",
      },
      secrets: ["shop_postgres_password"],
      deploy: { replicas: 1, update_config: { order: "stop-first" } },
    });
    // The database publishes no port on the cluster.
    expect(stack.services.db_main?.ports).toBeUndefined();
    expect(stack.networks).toEqual({
      front: { driver: "overlay" },
      back: { internal: true, driver: "overlay" },
    });
    expect(stack.secrets).toEqual({ shop_postgres_password: { external: true } });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "platform/secret-from-environment",
        message: expect.stringContaining("POSTGRES_PASSWORD"),
      }),
    );
  });
});

describe("renderPlatforms", () => {
  it("renders each platform asked for once, in order", () => {
    const r = renderPlatforms(["swarm", "kubernetes", "swarm"], fixture());
    const paths = r.ok ? r.value.map((f) => f.path) : [];
    expect(paths.filter((p) => p === "docker-stack.yml")).toHaveLength(1);
    expect(paths[0]).toBe("deploy/kubernetes/.gitignore");
    expect(paths.at(-1)).toBe("docker-stack.yml");
    expect(renderPlatforms([], fixture())).toEqual({ ok: true, value: [], diagnostics: [] });
  });
});

describe("runtime facts", () => {
  it("knows the users of the recipe images and no others", () => {
    expect(imageUser("postgres", "postgres:17.6-alpine")).toBe(70);
    expect(imageUser("postgres", "postgres:17.6")).toBe(999);
    expect(imageUser("redis", "redis:8.2-alpine")).toBe(999);
    expect(imageUser("postgres", "bitnami/postgresql:17")).toBeUndefined();
    expect(imageUser("backend", "shop/api:1.0")).toBeUndefined();
  });

  it("keeps an image entry's state only when it mounts a named volume", () => {
    expect(isStateful("custom", { volumes: ["search-data:/data"] })).toBe(true);
    expect(isStateful("custom", { volumes: ["./config/app.yaml:/etc/app.yaml:ro"] })).toBe(false);
    expect(isStateful("custom", {})).toBe(false);
    expect(imageUser("custom", "typesense/typesense:27.1")).toBeUndefined();
  });

  it("converts Docker memory sizes to Kubernetes quantities", () => {
    expect(kubernetesMemory("512M")).toBe("512Mi");
    expect(kubernetesMemory("1g")).toBe("1Gi");
    expect(kubernetesMemory("many")).toBeUndefined();
  });
});

describe("an image entry (kind custom) on the platforms", () => {
  function withImages(): PlatformInput {
    const input = fixture();
    input.compose.services.search = {
      image: "typesense/typesense:27.1",
      volumes: ["search-data:/data"],
      ports: ["127.0.0.1:9615:8108"],
    };
    input.compose.services.relay = { image: "vendor/relay:2.3.1", ports: ["127.0.0.1:9616:25"] };
    input.compose.volumes = { ...input.compose.volumes, "search-data": { driver: "local" } };
    input.services = [
      ...input.services,
      { name: "search", kind: "custom" },
      { name: "relay", kind: "custom" },
    ];
    return input;
  }

  it("is a StatefulSet with a claim when it mounts a named volume, a Deployment otherwise; every object validates", () => {
    const r = renderKubernetes(withImages());
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const file = (name: string) =>
      r.ok && r.value.find((f) => f.path === `deploy/kubernetes/base/${name}.yaml`);
    const search = yamlObjects((file("search") || { content: "" }).content);
    const relay = yamlObjects((file("relay") || { content: "" }).content);
    expect(search.map((o) => o.kind)).toEqual(["StatefulSet", "Service"]);
    expect(
      search[0]!.spec.volumeClaimTemplates.map((c: { metadata: { name: string } }) => c.metadata.name),
    ).toEqual(["search-data"]);
    expect(search[0]!.metadata.labels?.["app.kubernetes.io/component"]).toBe("custom");
    expect(search[0]!.spec.template.spec.securityContext.runAsNonRoot).toBeUndefined();
    expect(relay.map((o) => o.kind)).toEqual(["Deployment", "Service"]);
    for (const o of [...search, ...relay]) expect(validateObject(o)).toBeUndefined();
  });

  it("keeps one stop-first replica in Swarm when it holds data", () => {
    const r = renderSwarm(withImages());
    expect(r.ok).toBe(true);
    const stack = r.ok ? r.value[0]!.content : "";
    const parsed = parse(stack) as { services: Record<string, { deploy: Record<string, unknown> }> };
    expect(parsed.services.search!.deploy).toMatchObject({
      replicas: 1,
      update_config: { order: "stop-first" },
    });
    expect(parsed.services.relay!.deploy).toMatchObject({ update_config: { order: "start-first" } });
  });
});
