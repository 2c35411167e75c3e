import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createDockerProbe } from "../../src/node/index.js";

/** The local images scripts/docker-test-images.sh builds. */
export const BUSYBOX = "slipway-test/busybox:1";

/** Runs the docker CLI; rejects with its stderr when it fails. */
export function docker(args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "docker",
      args,
      { timeout: options.timeoutMs ?? 60_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`docker ${args.join(" ")} failed: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** A name unique to this test run, so parallel files and earlier runs never collide. */
export function uniqueName(prefix: string): string {
  return `slipway-it-${prefix}-${randomBytes(3).toString("hex")}`;
}

/**
 * Fails (never skips) when no Docker engine answers or the test images are missing: these tests
 * exist to run on a real engine. `.ci/run` starts dockerd and builds the images first.
 */
export async function requireEngine(images: string[] = [BUSYBOX]): Promise<void> {
  const probe = createDockerProbe({ timeoutMs: 5000 });
  if (!(await probe.available())) {
    throw new Error(
      "No Docker engine answers on /var/run/docker.sock. Start dockerd and run scripts/docker-test-images.sh (bash .ci/run does both).",
    );
  }
  for (const image of images) {
    try {
      await docker(["image", "inspect", image]);
    } catch {
      throw new Error(`Test image ${image} is missing: run scripts/docker-test-images.sh`);
    }
  }
}

/** Removes every container, network and volume carrying the label `org.slipway.it=<run>`. */
export async function cleanupLabel(run: string): Promise<void> {
  const filter = `label=org.slipway.it=${run}`;
  const ids = (await docker(["ps", "-aq", "--filter", filter])).split("\n").filter(Boolean);
  if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids]);
  const nets = (await docker(["network", "ls", "-q", "--filter", filter])).split("\n").filter(Boolean);
  if (nets.length > 0) await docker(["network", "rm", ...nets]);
}

/** Polls `check` until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
