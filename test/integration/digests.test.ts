import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createDockerProbe } from "../../src/node/index.js";
import { pinImages, verifyDigests } from "../../src/operations/index.js";
import { run } from "../cli/run.js";
import { BUSYBOX, docker, requireEngine, uniqueName } from "./engine.js";
import { startRegistry } from "./registry-server.js";

describe("digest pinning on the real engine, with images pushed to a local registry", () => {
  const probe = createDockerProbe({ timeoutMs: 5000 });
  const tagged: string[] = [];
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let ref = "";
  let pushedDigest = "";

  async function push(image: string, target: string): Promise<string> {
    await docker(["tag", image, target]);
    tagged.push(target);
    const out = await docker(["push", target]);
    return /digest: (sha256:[0-9a-f]{64})/.exec(out)?.[1] ?? "";
  }

  beforeAll(async () => {
    await requireEngine();
    registry = await startRegistry();
    ref = `${registry.host}/slipway/${uniqueName("app")}:1`;
    pushedDigest = await push(BUSYBOX, ref);
  });
  afterAll(async () => {
    await registry?.close();
    for (const t of tagged) await docker(["rmi", t]).catch(() => undefined);
  });

  it("reads the repository digest docker push recorded", async () => {
    expect(pushedDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await probe.imageDigest(ref)).toBe(pushedDigest);
  });

  it("pins, verifies clean, then reports drift when the tag moves to other content", async () => {
    const compose = { services: { app: { image: ref }, local: { image: BUSYBOX, command: ["true"] } } };
    const missing = await pinImages(compose, { docker: probe });
    expect(missing).toMatchObject({
      ok: false,
      diagnostics: [{ code: "digest/unavailable", path: "services.local.image" }],
    });

    const pinned = await pinImages({ services: { app: { image: ref } } }, { docker: probe });
    expect(pinned.ok).toBe(true);
    if (!pinned.ok) return;
    expect(pinned.value.compose.services.app?.image).toBe(`${ref}@${pushedDigest}`);
    expect(pinned.value.imageDigestsFile).toContain(`${ref} ${pushedDigest}`);
    expect(
      await verifyDigests(pinned.value.compose, pinned.value.imageDigestsFile, { docker: probe }),
    ).toMatchObject({
      status: "passed",
      engineAvailable: true,
      images: [{ service: "app", status: "passed", pinned: pushedDigest, local: pushedDigest }],
      skipped: [],
      diagnostics: [],
    });

    // Same tag, different content: build a changed image and push it under the same reference.
    const dir = mkdtempSync(join(tmpdir(), "slipway-drift-"));
    writeFileSync(join(dir, "Dockerfile"), `FROM ${BUSYBOX}\nRUN echo changed > /changed\n`);
    const changed = `${uniqueName("changed")}:1`;
    await docker(["build", "-q", "-t", changed, dir]);
    tagged.push(changed);
    const newDigest = await push(changed, ref);
    expect(newDigest).not.toBe(pushedDigest);
    const drift = await verifyDigests(pinned.value.compose, pinned.value.imageDigestsFile, { docker: probe });
    expect(drift).toMatchObject({
      status: "failed",
      images: [{ service: "app", status: "failed", local: newDigest }],
      diagnostics: [{ code: "digest/drift", severity: "error", path: "services.app.image" }],
    });
    expect(drift.diagnostics[0]!.message).toContain(newDigest);
  });

  it("slipway digests pin writes IMAGE_DIGESTS and the pinned image into the Compose file; verify checks it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-digests-cli-"));
    const current = await probe.imageDigest(ref);
    writeFileSync(
      join(dir, "docker-compose.yml"),
      `# my stack\nservices:\n  app:\n    image: ${ref} # pinned by slipway\n`,
    );
    const pin = await run(["digests", "pin"], { cwd: dir });
    expect(pin.code).toBe(0);
    const digests = readFileSync(join(dir, "IMAGE_DIGESTS"), "utf8");
    expect(digests).toContain(`${ref} ${current}`);
    const composeText = readFileSync(join(dir, "docker-compose.yml"), "utf8");
    expect(composeText.startsWith("# my stack")).toBe(true);
    expect(parse(composeText).services.app.image).toBe(`${ref}@${current}`);

    const verify = await run(["digests", "verify"], { cwd: dir });
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.out).toContain("Images match IMAGE_DIGESTS");
    writeFileSync(
      join(dir, "IMAGE_DIGESTS"),
      digests.replace(current ?? "", pushedDigest === current ? `sha256:${"0".repeat(64)}` : pushedDigest),
    );
    const drifted = await run(["digests", "verify", "--json"], { cwd: dir });
    expect(drifted.code).toBe(1);
    const codes = JSON.parse(drifted.out).diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toContain("digest/drift");
    expect(codes).toContain("digest/mismatch");
  });
});
