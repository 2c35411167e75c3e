import { describe, expect, it } from "vitest";
import type { ComposeFile } from "../../src/compose/model.js";
import {
  parseImageDigests,
  parseImageRef,
  pinImages,
  renderImageDigests,
  unpinnedRef,
  verifyDigests,
} from "../../src/operations/index.js";
import { fakeDocker } from "../fakes/docker-probe.js";

const hex = (c: string) => `sha256:${c.repeat(64)}`;
const compose: ComposeFile = {
  name: "shop",
  services: {
    postgres: { image: "postgres:17-alpine" },
    redis: { image: "redis:7-alpine" },
    cache2: { image: "redis:7-alpine" },
    app: { build: "." },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Compose variable, not a template
    custom: { image: "${APP_IMAGE}" },
  },
};

describe("image references", () => {
  it("splits repository, tag and digest, registries with ports included", () => {
    expect(parseImageRef("postgres:17-alpine")).toEqual({ repository: "postgres", tag: "17-alpine" });
    expect(parseImageRef("localhost:5000/app")).toEqual({ repository: "localhost:5000/app" });
    expect(parseImageRef(`localhost:5000/app:2@${hex("a")}`)).toEqual({
      repository: "localhost:5000/app",
      tag: "2",
      digest: hex("a"),
    });
    expect(unpinnedRef(`redis:7@${hex("b")}`)).toBe("redis:7");
  });
});

describe("pinImages", () => {
  it("pins every image to the engine's digest and renders IMAGE_DIGESTS sorted", async () => {
    const docker = fakeDocker({ digests: { "postgres:17-alpine": hex("a"), "redis:7-alpine": hex("b") } });
    const r = await pinImages(compose, { docker });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.compose.services.postgres?.image).toBe(`postgres:17-alpine@${hex("a")}`);
    expect(r.value.compose.services.cache2?.image).toBe(`redis:7-alpine@${hex("b")}`);
    expect(r.value.compose.services.app).toEqual({ build: "." });
    expect(r.value.digests).toEqual({ "postgres:17-alpine": hex("a"), "redis:7-alpine": hex("b") });
    expect(r.value.imageDigestsFile.split("\n").filter((l) => !l.startsWith("#"))).toEqual([
      `postgres:17-alpine ${hex("a")}`,
      `redis:7-alpine ${hex("b")}`,
      "",
    ]);
    expect(r.diagnostics).toMatchObject([{ code: "digest/variable-image", path: "services.custom.image" }]);
  });

  it("is deterministic: same answers, same bytes", async () => {
    const docker = fakeDocker({ digests: { "postgres:17-alpine": hex("a"), "redis:7-alpine": hex("b") } });
    const a = await pinImages(compose, { docker });
    const b = await pinImages(compose, { docker });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("reports every image without a digest, naming the service", async () => {
    const r = await pinImages(compose, { docker: fakeDocker({ digests: {} }) });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.code === "digest/unavailable").map((d) => d.path)).toEqual([
      "services.cache2.image",
      "services.postgres.image",
      "services.redis.image",
    ]);
  });

  it("fails with engine/required when no engine answers", async () => {
    const r = await pinImages(compose, { docker: fakeDocker({ available: false }) });
    expect(r).toMatchObject({ ok: false, diagnostics: [{ code: "engine/required", severity: "error" }] });
  });
});

describe("IMAGE_DIGESTS files", () => {
  it("round-trips", () => {
    const digests = { "redis:7-alpine": hex("b"), "postgres:17-alpine": hex("a") };
    const r = parseImageDigests(renderImageDigests(digests));
    expect(r).toMatchObject({ ok: true, value: digests });
  });

  it("accepts image@digest lines and reports malformed and conflicting lines with their numbers", () => {
    const text = [`redis:7@${hex("c")}`, "postgres:17 notadigest", "", `redis:7 ${hex("d")}`].join("\n");
    const r = parseImageDigests(text, "IMAGE_DIGESTS");
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      { code: "digest/file-invalid", line: 2, file: "IMAGE_DIGESTS" },
      { code: "digest/file-invalid", line: 4 },
    ]);
  });
});

describe("verifyDigests", () => {
  const file = renderImageDigests({
    "postgres:17-alpine": hex("a"),
    "redis:7-alpine": hex("b"),
    "old:1": hex("e"),
  });

  it("passes every image the engine holds under the pinned digest; a variable image is not checked", async () => {
    const docker = fakeDocker({ digests: { "postgres:17-alpine": hex("a"), "redis:7-alpine": hex("b") } });
    const r = await verifyDigests(compose, file, { docker });
    expect(r.diagnostics).toMatchObject([{ code: "digest/unused", severity: "info" }]);
    expect(r.images).toEqual([
      { service: "cache2", image: "redis:7-alpine", status: "passed", pinned: hex("b"), local: hex("b") },
      {
        service: "custom",
        image: compose.services.custom!.image!,
        status: "not-checked",
        reason: expect.stringContaining("variable"),
      },
      {
        service: "postgres",
        image: "postgres:17-alpine",
        status: "passed",
        pinned: hex("a"),
        local: hex("a"),
      },
      { service: "redis", image: "redis:7-alpine", status: "passed", pinned: hex("b"), local: hex("b") },
    ]);
    expect(r.skipped).toMatchObject([
      { check: expect.stringContaining("custom"), path: "services.custom.image" },
    ]);
    expect(r.status).toBe("not-checked");
  });

  it("passes when every image is pinned and matches", async () => {
    const plain: ComposeFile = {
      services: { postgres: { image: "postgres:17-alpine" }, app: { build: "." } },
    };
    const docker = fakeDocker({ digests: { "postgres:17-alpine": hex("a") } });
    const r = await verifyDigests(plain, file, { docker });
    expect(r).toMatchObject({ status: "passed", engineAvailable: true, skipped: [] });
    expect(r.images.map((i) => i.service)).toEqual(["postgres"]);
  });

  it("reports drift, a Compose pin that disagrees, an image not pulled and an image not pinned", async () => {
    const drifted: ComposeFile = {
      services: {
        postgres: { image: "postgres:17-alpine" },
        redis: { image: `redis:7-alpine@${hex("f")}` },
        search: { image: "getmeili/meilisearch:v1.10" },
      },
    };
    const docker = fakeDocker({ digests: { "postgres:17-alpine": hex("9") } });
    const r = await verifyDigests(drifted, file, { docker });
    expect(r.diagnostics).toMatchObject([
      { code: "digest/drift", severity: "error", path: "services.postgres.image" },
      { code: "digest/mismatch", severity: "error", path: "services.redis.image" },
      { code: "digest/image-absent", severity: "warning", path: "services.redis.image" },
      { code: "digest/not-pinned", severity: "warning", path: "services.search.image" },
      { code: "digest/unused", severity: "info" },
    ]);
    expect(r.images.map((i) => [i.service, i.status])).toEqual([
      ["postgres", "failed"],
      ["redis", "failed"],
      ["search", "not-checked"],
    ]);
    expect(r.status).toBe("failed");
  });

  it("lists an image not pulled as not verified, never as a match", async () => {
    const plain: ComposeFile = { services: { postgres: { image: "postgres:17-alpine" } } };
    const r = await verifyDigests(plain, file, { docker: fakeDocker({ digests: {} }) });
    expect(r).toMatchObject({
      status: "not-checked",
      images: [{ service: "postgres", status: "not-checked", reason: expect.stringContaining("not pulled") }],
      skipped: [{ path: "services.postgres.image" }],
    });
  });

  it("without an engine, compares only the file, says so, and verifies no image", async () => {
    const r = await verifyDigests(compose, file, { docker: fakeDocker({ available: false }) });
    expect(r.diagnostics[0]).toMatchObject({ code: "engine/unavailable", severity: "warning" });
    expect(r.diagnostics.some((d) => d.severity === "error")).toBe(false);
    expect(r.engineAvailable).toBe(false);
    expect(r.status).toBe("not-checked");
    expect(r.images.every((i) => i.status === "not-checked")).toBe(true);
    expect(r.skipped.map((s) => s.path)).toEqual([
      "services.cache2.image",
      "services.custom.image",
      "services.postgres.image",
      "services.redis.image",
    ]);
    expect(r.images.find((i) => i.service === "postgres")?.reason).toContain("no Docker engine");
  });

  it("a service with no line in the file, no pinned digest and no engine is not verified", async () => {
    const unpinned: ComposeFile = { services: { search: { image: "getmeili/meilisearch:v1.10" } } };
    const r = await verifyDigests(unpinned, renderImageDigests({}), {
      docker: fakeDocker({ available: false }),
    });
    expect(r).toMatchObject({
      status: "not-checked",
      images: [{ service: "search", status: "not-checked", reason: "no line in IMAGE_DIGESTS" }],
    });
  });

  it("still fails a Compose pin that disagrees with the file when no engine answers", async () => {
    const pinned: ComposeFile = { services: { redis: { image: `redis:7-alpine@${hex("f")}` } } };
    const r = await verifyDigests(pinned, file, { docker: fakeDocker({ available: false }) });
    expect(r).toMatchObject({ status: "failed", images: [{ service: "redis", status: "failed" }] });
  });

  it("returns the parse errors of a broken file as a failure", async () => {
    const r = await verifyDigests(compose, "garbage line here\n", { docker: fakeDocker() });
    expect(r).toMatchObject({ status: "failed", diagnostics: [{ code: "digest/file-invalid", line: 1 }] });
  });
});
