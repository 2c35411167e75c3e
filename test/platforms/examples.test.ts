import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { KIND_INFO, type ServiceKind } from "../../src/core/index.js";
import { type Plan, type PlanInput, planEnvironment } from "../../src/index.js";
import { scanFiles } from "../../src/secrets/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";
import { kustomize, validateObject, yamlObjects } from "./oracles.js";

const root = resolve(import.meta.dirname, "../..");
const examplesDir = join(root, "examples");
const work = mkdtempSync(join(tmpdir(), "slipway platforms #"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every example folder with a map or requirements text slipway generates from. */
const allExamples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) =>
    readdirSync(join(examplesDir, name)).some((f) => f === "architecture.json" || f === "requirements.txt"),
  )
  .sort();

const examples = allExamples;

function inputOf(name: string): Omit<PlanInput, "projectPath"> {
  const dir = join(examplesDir, name);
  if (readdirSync(dir).includes("architecture.json")) {
    return {
      architecture: readFileSync(join(dir, "architecture.json"), "utf8"),
      source: "architecture.json",
    };
  }
  return { requirements: readFileSync(join(dir, "requirements.txt"), "utf8") };
}

const plans = new Map<string, Promise<Plan>>();
function planOf(name: string): Promise<Plan> {
  let plan = plans.get(name);
  if (plan === undefined) {
    plan = planEnvironment(
      { ...inputOf(name), projectPath: `/srv/${name}`, platforms: ["kubernetes", "swarm"] },
      fakePlanDeps(),
    );
    plans.set(name, plan);
  }
  return plan;
}

/** The plan's Kubernetes files on disk, with each overlay's secrets.env made from its example, as a user does. */
function writeKubernetes(name: string, plan: Plan): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  for (const f of plan.files.filter((f) => f.kind === "platform")) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const overlays = join(dir, "deploy/kubernetes/overlays");
  for (const overlay of readdirSync(overlays)) {
    const example = join(overlays, overlay, "secrets.env.example");
    if (readdirSync(join(overlays, overlay)).includes("secrets.env.example"))
      copyFileSync(example, join(overlays, overlay, "secrets.env"));
  }
  return dir;
}

/**
 * Whether a service keeps state on the platforms: by its kind's category, or, for an image entry
 * (kind `custom`), by whether its Compose service mounts a named volume.
 */
function keepsState(plan: Plan, service: string): boolean {
  const kind = plan.metadata.services.find((s) => s.name === service)?.kind;
  if (kind === undefined) throw new Error(`no kind for ${service}`);
  if (kind === "custom") {
    const compose = parseYaml(plan.files.find((f) => f.kind === "compose")!.content);
    const volumes: string[] = compose.services[service].volumes ?? [];
    return volumes.some((v) => !/^[./~]/.test(v));
  }
  return !["application", "proxy"].includes(KIND_INFO[kind as ServiceKind].category);
}

describe.each(examples)("example %s on Kubernetes and Swarm", (name) => {
  it("plans without errors and adds the platform files beside an unchanged Compose file", async () => {
    const plan = await planOf(name);
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const without = await planEnvironment({ ...inputOf(name), projectPath: `/srv/${name}` }, fakePlanDeps());
    const compose = (p: Plan) => p.files.find((f) => f.kind === "compose")?.content;
    expect(compose(plan)).toBe(compose(without));
    const paths = plan.files.filter((f) => f.kind === "platform").map((f) => f.path);
    expect(paths).toContain("docker-stack.yml");
    for (const env of ["development", "staging", "production"]) {
      expect(paths).toContain(`deploy/kubernetes/overlays/${env}/kustomization.yaml`);
    }
    expect(paths).toContain("deploy/kubernetes/base/kustomization.yaml");
  });

  it("builds every overlay with kubectl kustomize, and every object validates", async () => {
    const plan = await planOf(name);
    const dir = writeKubernetes(name, plan);
    for (const f of plan.files.filter(
      (f) => f.path.startsWith("deploy/kubernetes/base/") && f.path.endsWith(".yaml"),
    )) {
      for (const object of yamlObjects(f.content)) {
        if (object.kind === "Kustomization") continue;
        expect(validateObject(object)).toBeUndefined();
      }
    }
    for (const overlay of ["development", "staging", "production"]) {
      const objects = yamlObjects(kustomize(join(dir, "deploy/kubernetes/overlays", overlay)));
      expect(objects.length).toBeGreaterThan(3);
      expect(objects.map(validateObject).filter((e) => e !== undefined)).toEqual([]);
      // Every workload reads the overlay's generated ConfigMap and Secret under their hashed names.
      const configMaps = objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata.name);
      const secrets = objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name);
      const text = JSON.stringify(objects.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet"));
      for (const m of text.matchAll(/"configMapKeyRef":\{"name":"([^"]+)"/g))
        expect(configMaps).toContain(m[1]);
      for (const m of text.matchAll(/"secretKeyRef":\{"name":"([^"]+)"/g)) expect(secrets).toContain(m[1]);
      // Everything lands in the overlay's own namespace, which the overlay creates.
      const namespace = objects.find((o) => o.kind === "Namespace")?.metadata.name;
      expect(namespace).toMatch(new RegExp(`-${overlay}$`));
      for (const o of objects.filter((o) => o.kind !== "Namespace")) {
        expect((o.metadata as { namespace?: string }).namespace).toBe(namespace);
      }
    }
  });

  it("runs data services as StatefulSets with claims, and gives every listening workload a readiness probe", async () => {
    const plan = await planOf(name);
    const objects = plan.files
      .filter(
        (f) =>
          f.path.startsWith("deploy/kubernetes/base/") &&
          f.path !== "deploy/kubernetes/base/kustomization.yaml",
      )
      .flatMap((f) => yamlObjects(f.content));
    const workloads = objects.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet");
    expect(workloads.length).toBe(plan.metadata.services.length);
    for (const service of plan.metadata.services) {
      const workload = workloads.find(
        (w) => w.metadata.name === service.name.toLowerCase().replace(/[_.]/g, "-"),
      );
      expect(workload, service.name).toBeDefined();
      // Reverse proxies keep no state that matters: Deployments, like the apps.
      const data = keepsState(plan, service.name);
      expect(workload!.kind).toBe(data ? "StatefulSet" : "Deployment");
      const container = workload!.spec.template.spec.containers[0];
      if (data) {
        expect(workload!.spec.volumeClaimTemplates.length).toBeGreaterThan(0);
        expect(
          objects.find((o) => o.kind === "Service" && o.metadata.name === workload!.metadata.name)?.spec
            .clusterIP,
        ).toBe("None");
      }
      if (container.ports !== undefined || service.healthcheck !== undefined)
        expect(container.readinessProbe).toBeDefined();
      expect(container.resources.limits.memory).toMatch(/^\d+[MG]i$/);
      expect(container.image).not.toMatch(/:latest$|^[^:]+$/);
      expect(workload!.metadata.labels?.["app.kubernetes.io/part-of"]).toBe(plan.project.slug);
    }
  });

  it("writes no literal secret: the scanner finds nothing in any platform file", async () => {
    const plan = await planOf(name);
    const files = plan.files
      .filter((f) => f.kind === "platform")
      .map((f) => ({ path: f.path, content: f.content }));
    const scan = scanFiles(files);
    expect(scan.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    // Secrets are references only: the Secret comes from the git-ignored secrets.env.
    const ignore = files.find((f) => f.path === "deploy/kubernetes/.gitignore")?.content ?? "";
    if (files.some((f) => f.path.endsWith("secrets.env.example")))
      expect(ignore.split("\n")).toContain("secrets.env");
    expect(files.some((f) => /\/secrets\.env$/.test(f.path))).toBe(false);
  });

  it("writes a Swarm stack docker-compose accepts, with deploy on every service and no build", async () => {
    const plan = await planOf(name);
    const stack = plan.files.find((f) => f.path === "docker-stack.yml")!.content;
    const model = parseYaml(stack) as {
      services: Record<string, Record<string, unknown>>;
      networks?: Record<string, { driver?: string }>;
    };
    for (const [service, definition] of Object.entries(model.services)) {
      expect(definition.build, service).toBeUndefined();
      expect(definition.depends_on, service).toBeUndefined();
      expect(definition.deploy, service).toMatchObject({
        replicas: expect.any(Number),
        restart_policy: expect.any(Object),
      });
      expect(String(definition.image)).toMatch(/:/);
    }
    for (const network of Object.values(model.networks ?? {})) expect(network.driver).toBe("overlay");
    const dir = mkdtempSync(join(work, `${name}-stack-`));
    writeFileSync(join(dir, "docker-stack.yml"), stack);
    const run = spawnSync("docker-compose", ["-f", "docker-stack.yml", "config", "-q"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, REGISTRY: "registry.example.com/app", TAG: "1.0.0" },
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr.split("\n").filter((l) => /error|invalid/i.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  });
});
