import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompose, composeProjectName, renderCompose } from "../../src/compose/index.js";
import { BUSYBOX, docker, eventually, requireEngine } from "./engine.js";

/** Runs docker-compose in `cwd`; rejects with its stderr when it fails. */
function compose(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("docker-compose", args, { cwd, timeout: 180_000, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker-compose ${args.join(" ")} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * A stand-in for an app on a bundled framework: the node and python base images cannot be pulled
 * here, so its Dockerfile has the same shape (a `development` stage, then the production stage)
 * on the local busybox image, and its command — the map's own, which wins over the dev server —
 * is busybox's httpd serving /app. What is under test is the development wiring slipway writes:
 * the stage Compose builds and the bind mount of the source.
 */
const DOCKERFILE = `FROM ${BUSYBOX} AS development
RUN echo development > /stage
WORKDIR /app
COPY . .

FROM ${BUSYBOX}
RUN echo production > /stage
WORKDIR /app
COPY . .
CMD ["httpd", "-f", "-p", "8080", "-h", "/app"]
`;

describe("development on the real engine: the app runs from the source on the host", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-develop-"));
  const slug = "devloop";
  const project = composeProjectName(slug, dir);
  const args = ["-f", "docker-compose.yml", "-p", project];
  let container = "";

  beforeAll(async () => {
    await requireEngine([BUSYBOX]);
    mkdirSync(join(dir, "web"));
    writeFileSync(join(dir, "web", "Dockerfile"), DOCKERFILE);
    writeFileSync(join(dir, "web", "index.html"), "first version\n");
    const built = buildCompose({
      projectName: slug,
      projectPath: dir,
      environment: "development",
      services: [
        {
          name: "web",
          kind: "frontend",
          framework: "react",
          context: "web",
          containerPort: 8080,
          command: "httpd -f -p 8080 -h /app",
          healthcheck: false,
        },
      ],
    });
    if (!built.ok) throw new Error(JSON.stringify(built.diagnostics));
    const model = { ...built.value };
    delete model.name;
    writeFileSync(join(dir, "docker-compose.yml"), renderCompose(model, { target: "compose-v1" }));
    await compose(dir, [...args, "up", "-d", "--build"]);
    container = (await compose(dir, [...args, "ps", "-q", "web"])).trim();
  }, 240_000);

  afterAll(async () => {
    try {
      await compose(dir, [...args, "down", "--volumes", "--rmi", "local"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  const served = () =>
    docker(["exec", container, "wget", "-qO-", "http://127.0.0.1:8080/index.html"]).catch(() => undefined);

  it("builds the development stage and mounts the app's context over /app", async () => {
    expect(container).not.toBe("");
    expect(await docker(["exec", container, "cat", "/stage"])).toBe("development\n");
    const mounts = JSON.parse(await docker(["inspect", "-f", "{{json .Mounts}}", container])) as {
      Type: string;
      Source: string;
      Destination: string;
    }[];
    expect(mounts).toContainEqual(
      expect.objectContaining({ Type: "bind", Source: join(dir, "web"), Destination: "/app" }),
    );
    // The installed dependencies stay the image's: an anonymous volume over node_modules.
    expect(mounts).toContainEqual(
      expect.objectContaining({ Type: "volume", Destination: "/app/node_modules" }),
    );
    expect(await eventually(served, 30_000)).toBe("first version\n");
  });

  it("serves an edit made on the host at once, with no rebuild and no new container", async () => {
    const image = (await docker(["inspect", "-f", "{{.Image}}", container])).trim();
    writeFileSync(join(dir, "web", "index.html"), "second version\n");
    expect(
      await eventually(async () => ((await served()) === "second version\n" ? true : undefined), 30_000),
    ).toBe(true);
    expect((await compose(dir, [...args, "ps", "-q", "web"])).trim()).toBe(container);
    expect((await docker(["inspect", "-f", "{{.Image}}", container])).trim()).toBe(image);
    // The image still holds the first version: the edit reached the container through the mount only.
    expect(await docker(["run", "--rm", image, "cat", "/app/index.html"])).toBe("first version\n");
  });
});
