import { describe, expect, it } from "vitest";
import type { ComposeFile } from "../../src/compose/model.js";
import { serviceUrl, stackStatus } from "../../src/operations/index.js";
import { container, fakeDocker } from "../fakes/docker-probe.js";

const compose: ComposeFile = {
  services: {
    postgres: {
      image: "postgres:17.6-alpine",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose interpolation, not a template
      ports: ["127.0.0.1:${POSTGRES_PORT}:5432"],
      healthcheck: { test: ["CMD", "pg_isready"] },
    },
    redis: { image: "redis:8.2-alpine", ports: ["127.0.0.1:6401:6379"] },
    api: { image: "ghcr.io/acme/api:2", ports: ["8080:8080"] },
    debug: { image: "busybox:1", profiles: ["debug"] },
  },
};
const env = { POSTGRES_PORT: "5591" };
const tcp = (hostPort: number, containerPort: number) => ({
  hostPort,
  containerPort,
  protocol: "tcp" as const,
});

describe("stackStatus", () => {
  it("passes when every started service runs healthy with the file's image and ports", async () => {
    const docker = fakeDocker({
      containers: [
        container("shop", "postgres", {
          image: "postgres:17.6-alpine",
          health: "healthy",
          ports: [tcp(5591, 5432)],
        }),
        container("shop", "redis", { image: "docker.io/library/redis:8.2-alpine", ports: [tcp(6401, 6379)] }),
        container("shop", "api", { image: "ghcr.io/acme/api:2", ports: [tcp(8080, 8080)] }),
        container("elsewhere", "postgres", { image: "postgres:9" }),
      ],
    });
    const report = await stackStatus({ compose, project: "shop", env }, { docker });
    expect(report.status).toBe("passed");
    expect(report.diagnostics).toEqual([]);
    expect(report.services.map((s) => [s.service, s.state, s.health, s.ready, s.ports, s.url])).toEqual([
      ["api", "running", undefined, true, [8080], "http://localhost:8080"],
      ["postgres", "running", "healthy", true, [5591], "postgresql://localhost:5591"],
      ["redis", "running", undefined, true, [6401], "redis://localhost:6401"],
    ]);
  });

  it("reports a missing service, another image, other ports, an unhealthy one and an orphan all at once", async () => {
    const docker = fakeDocker({
      containers: [
        container("shop", "postgres", {
          image: "postgres:16-alpine",
          health: "unhealthy",
          ports: [tcp(5591, 5432)],
        }),
        container("shop", "redis", { image: "redis:8.2-alpine", ports: [tcp(6402, 6379)] }),
        container("shop", "worker", { image: "app:1" }),
      ],
    });
    const report = await stackStatus(
      { compose, project: "shop", env, file: "docker-compose.yml" },
      { docker },
    );
    expect(report.status).toBe("failed");
    expect(report.orphans).toEqual(["worker"]);
    expect(report.diagnostics).toMatchObject([
      { code: "status/service-missing", path: "services.api", file: "docker-compose.yml", severity: "error" },
      { code: "status/service-not-ready", path: "services.postgres", severity: "error" },
      { code: "status/image-drift", path: "services.postgres", severity: "error" },
      { code: "status/port-drift", path: "services.redis", severity: "error" },
      { code: "status/orphan", severity: "warning" },
    ]);
    const drift = Object.fromEntries(report.services.map((s) => [s.service, s.drift]));
    expect(drift).toEqual({
      api: [{ kind: "missing", expected: "a container", actual: "none" }],
      postgres: [{ kind: "image", expected: "postgres:17.6-alpine", actual: "postgres:16-alpine" }],
      redis: [{ kind: "ports", expected: "6401", actual: "6402" }],
    });
  });

  it("does not expect services behind a profile", async () => {
    const report = await stackStatus({ compose, project: "shop", env }, { docker: fakeDocker() });
    expect(report.services.map((s) => s.service)).toEqual(["api", "postgres", "redis"]);
  });

  it("lists a service behind a profile once it was started by name", async () => {
    const docker = fakeDocker({ containers: [container("shop", "debug", { image: "busybox:1" })] });
    const report = await stackStatus({ compose, project: "shop", env }, { docker });
    expect(report.services.map((s) => s.service)).toEqual(["api", "debug", "postgres", "redis"]);
    expect(report.services.find((s) => s.service === "debug")).toMatchObject({ state: "running", drift: [] });
  });

  it("reports image digest drift against IMAGE_DIGESTS", async () => {
    const pinned = `sha256:${"a".repeat(64)}`;
    const local = `sha256:${"b".repeat(64)}`;
    const docker = fakeDocker({
      containers: [container("shop", "redis", { image: "redis:8.2-alpine", ports: [tcp(6401, 6379)] })],
      digests: { "redis:8.2-alpine": local },
    });
    const one: ComposeFile = { services: { redis: compose.services.redis! } };
    const report = await stackStatus(
      {
        compose: one,
        project: "shop",
        imageDigests: { text: `redis:8.2-alpine ${pinned}\n`, file: "IMAGE_DIGESTS" },
      },
      { docker },
    );
    expect(report.status).toBe("failed");
    expect(report.digests?.status).toBe("failed");
    expect(report.diagnostics.map((d) => d.code)).toContain("digest/drift");
  });

  it("says the state is unknown without an engine, and fails nothing", async () => {
    const report = await stackStatus(
      { compose, project: "shop", env },
      { docker: fakeDocker({ available: false }) },
    );
    expect(report).toMatchObject({ status: "not-checked", engineAvailable: false });
    expect(report.services.map((s) => [s.state, s.drift])).toEqual([
      ["unknown", []],
      ["unknown", []],
      ["unknown", []],
    ]);
    expect(report.diagnostics).toMatchObject([{ code: "engine/unavailable", severity: "warning" }]);
  });
});

describe("serviceUrl", () => {
  it("uses the scheme of the image's kind and no credentials", () => {
    expect(serviceUrl("postgres:17.6-alpine", 5433)).toBe("postgresql://localhost:5433");
    expect(serviceUrl("docker.io/library/mysql:8.4", 3306)).toBe("mysql://localhost:3306");
    expect(serviceUrl("ghcr.io/acme/web:1", 3000)).toBe("http://localhost:3000");
    expect(serviceUrl("redis:8.2-alpine", undefined)).toBeUndefined();
  });
});

describe("stackStatus on a stopped service", () => {
  it("reports it as not ready, not as port drift (a stopped container publishes nothing)", async () => {
    const docker = fakeDocker({
      containers: [container("shop", "redis", { image: "redis:8.2-alpine", state: "exited" })],
    });
    const one: ComposeFile = { services: { redis: compose.services.redis! } };
    const report = await stackStatus({ compose: one, project: "shop" }, { docker });
    expect(report.diagnostics).toMatchObject([{ code: "status/service-not-ready", path: "services.redis" }]);
    expect(report.services[0]).toMatchObject({ state: "exited", ready: false, ports: [], drift: [] });
  });
});
