import { describe, expect, it } from "vitest";
import { buildCompose, type ComposeSpec } from "../../src/compose/index.js";

const base: Omit<ComposeSpec, "services" | "environment"> = {
  projectName: "mailroom",
  projectPath: "/srv/mailroom",
};

function build(spec: Partial<ComposeSpec>, environment: ComposeSpec["environment"] = "development") {
  return buildCompose({ ...base, environment, services: [], ...spec });
}

const mailpit = {
  name: "mailpit",
  image: "axllent/mailpit:v1.21.8",
  hostPort: 9612,
  containerPort: 8025,
  volume: "mailpit-data:/data",
  settings: { MP_UI_AUTH_PASSWORD: "x", MP_MAX_MESSAGES: "500" },
  command: ["--database", "/data/mailpit.db"],
  healthcheck: { test: ["CMD", "/mailpit", "readyz"], interval: "10s" },
};

describe("services run from an image without a recipe", () => {
  it("are written as given, with references for settings, the project network and a declared volume", () => {
    const r = build({ images: [mailpit] });
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) throw new Error("expected success");
    expect(r.value.services.mailpit).toEqual({
      image: "axllent/mailpit:v1.21.8",
      volumes: ["mailpit-data:/data"],
      environment: {
        MP_MAX_MESSAGES: `\${MAILPIT_MP_MAX_MESSAGES}`,
        MP_UI_AUTH_PASSWORD: `\${MAILPIT_MP_UI_AUTH_PASSWORD}`,
      },
      ports: ["127.0.0.1:9612:8025"],
      networks: ["mailroom_network"],
      command: ["--database", "/data/mailpit.db"],
      restart: "unless-stopped",
      healthcheck: { test: ["CMD", "/mailpit", "readyz"], interval: "10s" },
    });
    expect(r.value.volumes).toEqual({ "mailpit-data": { driver: "local" } });
  });

  it("sit on the internal network only, unpublished, in production", () => {
    const r = build({ images: [mailpit] }, "production");
    if (!r.ok) throw new Error("expected success");
    expect(r.value.services.mailpit?.networks).toEqual(["mailroom_network_internal"]);
    expect(r.value.services.mailpit?.ports).toBeUndefined();
  });

  it("keep a bind mount undeclared", () => {
    const r = build({ images: [{ ...mailpit, volume: "./mail:/data:ro" }] });
    if (!r.ok) throw new Error("expected success");
    expect(r.value.services.mailpit?.volumes).toEqual(["./mail:/data:ro"]);
    expect(r.value.volumes).toBeUndefined();
  });

  it("are waited for until healthy when they have a healthcheck, until started otherwise", () => {
    const { healthcheck: _none, ...unchecked } = mailpit;
    const r = build({
      services: [{ name: "api", kind: "backend", framework: "express", dependsOn: ["mailpit", "search"] }],
      images: [mailpit, { ...unchecked, name: "search", hostPort: 9700, dependsOn: ["mailpit"] }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.services.api?.depends_on).toEqual({
      mailpit: { condition: "service_healthy" },
      search: { condition: "service_started" },
    });
    expect(r.value.services.search?.depends_on).toEqual({ mailpit: { condition: "service_healthy" } });
  });

  it("report unknown dependencies, clashing names and a host port without a container port", () => {
    const r = build({
      services: [{ name: "mailpit", kind: "redis" }],
      images: [mailpit, { name: "other", image: "busybox:1.37", hostPort: 9701, dependsOn: ["ghost"] }],
    });
    expect(r.diagnostics.map((d) => ({ code: d.code, path: d.path }))).toEqual([
      { code: "compose/duplicate-service", path: "images[0].name" },
      { code: "compose/missing-container-port", path: "images[1].containerPort" },
      { code: "compose/unknown-dependency", path: "images[1].dependsOn[0]" },
    ]);
  });
});
