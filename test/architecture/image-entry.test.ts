import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parseArchitecture } from "../../src/architecture/index.js";

const project = { name: "Mailroom" };

function parse(infrastructure: unknown[], apps?: unknown[]) {
  return parseArchitecture({ project, infrastructure, ...(apps ? { apps } : {}) });
}

function found(infrastructure: unknown[], apps?: unknown[]) {
  return parse(infrastructure, apps).diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    path: d.path,
  }));
}

const mailpit = {
  name: "mailpit",
  image: "axllent/mailpit:v1.21.8",
  port: 8025,
  container_port: 8025,
  environment: { MP_MAX_MESSAGES: 500 },
  volume: "mailpit-data:/data",
  command: ["--database", "/data/mailpit.db"],
  healthcheck: { test: ["CMD", "/mailpit", "readyz"], interval: "10s", retries: 5 },
};

describe("infrastructure entries that name an image instead of a tech", () => {
  it("keep exactly what the user wrote, apart from the recipe services", () => {
    const r = parse([{ tech: "redis" }, mailpit]);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) throw new Error("expected success");
    expect(r.value.infrastructure.map((s) => s.name)).toEqual(["redis"]);
    expect(r.value.images).toEqual([
      {
        name: "mailpit",
        image: "axllent/mailpit:v1.21.8",
        port: 8025,
        containerPort: 8025,
        environment: { MP_MAX_MESSAGES: "500" },
        volume: "mailpit-data:/data",
        command: ["--database", "/data/mailpit.db"],
        healthcheck: { test: ["CMD", "/mailpit", "readyz"], interval: "10s", retries: 5 },
        dependsOn: [],
        source: "infrastructure[1]",
      },
    ]);
  });

  it("leave `images` out of a map that has none", () => {
    const r = parse([{ tech: "redis" }]);
    expect(r.ok && "images" in r.value).toBe(false);
  });

  it("take the host port as the container port when only `port` is given", () => {
    const r = parse([{ name: "web", image: "nginx:1.27", port: 8080, healthcheck: { test: "true" } }]);
    expect(r.ok && r.value.images?.[0]?.containerPort).toBe(8080);
  });

  it("require a name, reported at the entry's name path", () => {
    expect(found([{ image: "nginx:1.27" }])).toEqual([
      { code: "map/required", severity: "error", path: "infrastructure[0].name" },
    ]);
  });

  it("report an entry with neither tech nor image at its tech path", () => {
    expect(found([{ name: "x" }])).toEqual([
      { code: "map/required", severity: "error", path: "infrastructure[0].tech" },
    ]);
  });

  it("report an image the reference pattern refuses once, not also as a missing tech", () => {
    expect(found([{ name: "x", image: "Not An Image" }])).toEqual([
      { code: "map/invalid-value", severity: "error", path: "infrastructure[0].image" },
    ]);
  });

  it.each([
    ["no tag", "nginx"],
    ["latest", "nginx:latest"],
    ["a floating tag", "registry.example.com:5000/team/app:stable"],
  ])("warn that an image with %s is unpinned", (_case, image) => {
    expect(found([{ ...mailpit, image }])).toEqual([
      { code: "map/unpinned-image", severity: "warning", path: "infrastructure[0].image" },
    ]);
  });

  it("accept a digest as a pin, and a registry port that is no tag", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(found([{ ...mailpit, image: `localhost:5000/mailpit@${digest}` }])).toEqual([]);
  });

  it("warn about a missing healthcheck, naming the service", () => {
    const { healthcheck: _none, ...unchecked } = mailpit;
    const r = parse([unchecked]);
    expect(r.diagnostics).toMatchObject([
      { code: "map/image-without-healthcheck", severity: "warning", path: "infrastructure[0]" },
    ]);
    expect(r.diagnostics[0]?.message).toContain("mailpit");
  });

  it("refuse a healthcheck test in no Compose form, and a malformed duration", () => {
    expect(
      found([{ ...mailpit, healthcheck: { test: ["curl", "-f", "http://localhost"], interval: "ten" } }]),
    ).toEqual([
      { code: "map/invalid-value", severity: "error", path: "infrastructure[0].healthcheck.interval" },
      { code: "map/invalid-value", severity: "error", path: "infrastructure[0].healthcheck.test" },
    ]);
  });

  it("report depends_on targets the map does not define, for image entries and apps", () => {
    expect(
      found(
        [{ ...mailpit, depends_on: ["postgres", "nowhere"] }, { tech: "postgresql" }],
        [{ name: "api", kind: "backend", depends_on: ["mailpit", "ghost"] }],
      ),
    ).toEqual([
      { code: "depends/missing", severity: "error", path: "infrastructure[0].depends_on[1]" },
      { code: "depends/missing", severity: "error", path: "apps[0].depends_on[1]" },
    ]);
  });

  it("refuse image-only fields on an entry that names a tech (its image stays an override)", () => {
    expect(
      found([{ tech: "redis", image: "redis:7.4-alpine", healthcheck: { test: "true" }, command: "x" }]),
    ).toEqual([
      { code: "map/image-field-with-tech", severity: "error", path: "infrastructure[0].healthcheck" },
      { code: "map/image-field-with-tech", severity: "error", path: "infrastructure[0].command" },
    ]);
  });

  it("refuse a volume without a container path and an unsafe volume source", () => {
    expect(found([{ ...mailpit, volume: "mailpit-data" }])).toEqual([
      { code: "map/invalid-value", severity: "error", path: "infrastructure[0].volume" },
    ]);
    expect(found([{ ...mailpit, volume: "../../etc:/data" }])).toEqual([
      { code: "map/unsafe-volume", severity: "error", path: "infrastructure[0].volume" },
    ]);
  });

  it("share the service names with recipes and apps", () => {
    expect(found([{ tech: "redis" }, { ...mailpit, name: "redis" }])).toEqual([
      { code: "map/duplicate-service", severity: "error", path: "infrastructure[1].name" },
    ]);
  });
});

describe("the published JSON Schema", () => {
  const schema = JSON.parse(
    readFileSync(resolve(import.meta.dirname, "../../schemas/architecture.schema.json"), "utf8"),
  );
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

  it("accepts the any-image example and an entry with an image and no tech", () => {
    const example = JSON.parse(
      readFileSync(resolve(import.meta.dirname, "../../examples/any-image/architecture.json"), "utf8"),
    );
    expect(validate(example)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate({ project, infrastructure: [mailpit] })).toBe(true);
  });

  it("rejects a healthcheck without a test and a malformed duration, as the parser does", () => {
    expect(validate({ project, infrastructure: [{ ...mailpit, healthcheck: { interval: "10s" } }] })).toBe(
      false,
    );
    expect(
      validate({ project, infrastructure: [{ ...mailpit, healthcheck: { test: "true", timeout: "5 s" } }] }),
    ).toBe(false);
  });
});
