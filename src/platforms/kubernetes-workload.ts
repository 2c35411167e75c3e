import type { ComposeService } from "../compose/index.js";
import { type Diagnostic, diagnostic } from "../core/index.js";
import { containerPorts, dependencies, serviceMounts } from "./compose-facts.js";
import { containerEnv, type EnvSources } from "./kubernetes-env.js";
import { containerProbes } from "./probes.js";
import { isStateful, platformCategory, serviceResources } from "./runtime.js";
import type { PlatformKind } from "./types.js";

/** The image of the init containers that wait for a dependency: pinned, with `nc`. */
export const WAIT_IMAGE = "busybox:1.37.0";
/** The size each data volume claims; overlays patch it for real data. */
export const DEFAULT_STORAGE = "1Gi";
/** The user the wait containers run as (`nobody`). */
const NOBODY = 65534;

/** A Kubernetes object as plain data. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Record<string, unknown>;

/** One service to render as Kubernetes objects. */
export interface WorkloadSpec {
  slug: string;
  /** The Compose service name. */
  service: string;
  /** Its Kubernetes name. */
  name: string;
  kind: PlatformKind;
  compose: ComposeService;
  /** The image; for the project's own apps, the registry image. */
  image: string;
  /** The numeric non-root user the image runs as, when known. */
  user?: number;
  sources: EnvSources;
  /** Kubernetes name and first port of every service that listens, by Compose name. */
  listeners: ReadonlyMap<string, { name: string; port: number }>;
}

/** The objects of one service and what they read from the ConfigMap and the Secret. */
export interface Workload {
  objects: KubernetesObject[];
  configKeys: string[];
  secretKeys: string[];
  diagnostics: Diagnostic[];
}

/**
 * The `app.kubernetes.io/*` labels of a service's objects.
 *
 * @example
 * ```ts
 * standardLabels("shop", "postgres", "database")["app.kubernetes.io/name"]; // "postgres"
 * ```
 */
export function standardLabels(slug: string, name: string, component: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": slug,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": slug,
    "app.kubernetes.io/managed-by": "slipway",
  };
}

/**
 * The labels that select a service's pods.
 *
 * @example
 * ```ts
 * selectorLabels("shop", "api"); // { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "shop" }
 * ```
 */
export function selectorLabels(slug: string, name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": slug };
}

/** A port name: at most 15 characters, lower case, with a letter. */
function portName(port: number): string {
  return `tcp-${port}`;
}

function waitContainers(spec: WorkloadSpec, diagnostics: Diagnostic[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const dependency of dependencies(spec.compose)) {
    const listener = spec.listeners.get(dependency.name);
    if (dependency.condition === "service_completed_successfully" || listener === undefined) {
      diagnostics.push(
        diagnostic(
          "platform/dependency-not-awaited",
          "info",
          `On Kubernetes, \`${spec.service}\` does not wait for \`${dependency.name}\`: ${
            listener === undefined ? "it listens on no port" : "a pod cannot wait for another to finish"
          }`,
          {
            path: `services.${spec.service}.depends_on.${dependency.name}`,
            hint: "Make the service retry until its dependency is there, or run the dependency as a Job before deploying.",
          },
        ),
      );
      continue;
    }
    // A Service only routes to ready pods, so the port answers once the dependency is ready.
    out.push({
      name: `wait-for-${listener.name}`.slice(0, 63).replace(/-+$/, ""),
      image: WAIT_IMAGE,
      command: [
        "sh",
        "-c",
        `until nc -z -w 2 ${listener.name} ${listener.port}; do echo "waiting for ${listener.name}"; sleep 2; done`,
      ],
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "32Mi" } },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: NOBODY,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    });
  }
  return out;
}

/** The volume mounts, claim templates (StatefulSets) and emptyDirs (Deployments) of a service. */
function volumeParts(
  spec: WorkloadSpec,
  stateful: boolean,
  labels: Record<string, string>,
  diagnostics: Diagnostic[],
): {
  mounts: { name: string; mountPath: string; readOnly?: boolean }[];
  claims: Record<string, unknown>[];
  scratch: Record<string, unknown>[];
} {
  const mounts: { name: string; mountPath: string; readOnly?: boolean }[] = [];
  const claims: Record<string, unknown>[] = [];
  const scratch: Record<string, unknown>[] = [];
  for (const mount of serviceMounts(spec.compose)) {
    if (!mount.named) {
      diagnostics.push(
        diagnostic(
          "platform/bind-mount-dropped",
          "warning",
          `Bind mount \`${mount.source}\` of \`${spec.service}\` has no Kubernetes equivalent and is left out`,
          {
            path: `services.${spec.service}.volumes`,
            hint: "Use a named volume, or bake the files into the image (a ConfigMap for configuration).",
          },
        ),
      );
      continue;
    }
    const volume = mount.source
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63);
    mounts.push({ name: volume, mountPath: mount.target, ...(mount.readOnly ? { readOnly: true } : {}) });
    if (stateful) {
      claims.push({
        metadata: { name: volume, labels },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: DEFAULT_STORAGE } } },
      });
      continue;
    }
    scratch.push({ name: volume, emptyDir: {} });
    diagnostics.push(
      diagnostic(
        "platform/volume-ephemeral",
        "warning",
        `Volume \`${mount.source}\` of \`${spec.service}\` is an emptyDir on Kubernetes: its data lives as long as the pod`,
        {
          path: `services.${spec.service}.volumes`,
          hint: "Keep state in a data service, or give the app a PersistentVolumeClaim of your own.",
        },
      ),
    );
  }
  return { mounts, claims, scratch };
}

/**
 * The Kubernetes objects of one Compose service. Apps and workers become a `Deployment` and, when
 * they listen, a `Service`; data services a `StatefulSet` with a claim per named volume and a
 * headless `Service`. Each pod waits for its dependencies in init containers, is probed with the
 * service's healthcheck, runs as its image's non-root user when known, and has resource requests
 * and limits.
 *
 * @example
 * ```ts
 * const { objects } = workloadObjects(spec);
 * objects.map((o) => o.kind); // ["StatefulSet", "Service"]
 * ```
 */
export function workloadObjects(spec: WorkloadSpec): Workload {
  const diagnostics: Diagnostic[] = [];
  const category = platformCategory(spec.kind);
  const stateful = isStateful(spec.kind, spec.compose);
  const labels = standardLabels(spec.slug, spec.name, category);
  const selector = selectorLabels(spec.slug, spec.name);
  const ports = containerPorts(spec.compose);
  const env = containerEnv(spec.compose, spec.sources);

  const { mounts, claims, scratch } = volumeParts(spec, stateful, labels, diagnostics);
  // A new volume's root may hold lost+found; PostgreSQL wants an empty folder for its cluster.
  const pgMount = mounts.find((m) => m.mountPath === "/var/lib/postgresql/data");
  if (
    ["postgres", "postgis", "pgvector"].includes(spec.kind) &&
    pgMount !== undefined &&
    !env.env.some((e) => e.name === "PGDATA")
  ) {
    env.env.push({ name: "PGDATA", value: `${pgMount.mountPath}/pgdata` });
  }

  const nonRoot = spec.user !== undefined;
  if (!nonRoot) {
    diagnostics.push(
      diagnostic(
        "platform/user-unknown",
        "info",
        `\`${spec.service}\` runs as its image's user on Kubernetes: slipway does not know it, so runAsNonRoot is not set`,
        {
          path: `services.${spec.service}`,
          hint: "Add a numeric USER to the image, then set runAsNonRoot and runAsUser in a kustomize patch.",
        },
      ),
    );
  }
  const container: Record<string, unknown> = {
    name: spec.name,
    image: spec.image,
    ...(env.command !== undefined ? { command: env.command } : {}),
    ...(env.args !== undefined ? { args: env.args } : {}),
    ...(ports.length > 0 ? { ports: ports.map((p) => ({ name: portName(p), containerPort: p })) } : {}),
    ...(env.env.length > 0 ? { env: env.env } : {}),
    ...containerProbes(spec.compose.healthcheck, ports),
    resources: serviceResources(spec.kind, spec.compose.deploy?.resources?.limits),
    securityContext: nonRoot
      ? { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }
      : { allowPrivilegeEscalation: false },
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
  const initContainers = waitContainers(spec, diagnostics);
  const podSpec: Record<string, unknown> = {
    automountServiceAccountToken: false,
    securityContext: nonRoot
      ? {
          runAsNonRoot: true,
          runAsUser: spec.user,
          runAsGroup: spec.user,
          fsGroup: spec.user,
          seccompProfile: { type: "RuntimeDefault" },
        }
      : { seccompProfile: { type: "RuntimeDefault" } },
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: [container],
    ...(scratch.length > 0 ? { volumes: scratch } : {}),
  };
  const template = { metadata: { labels }, spec: podSpec };
  const objects: Record<string, unknown>[] = [];
  if (stateful) {
    objects.push({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: spec.name, labels },
      spec: {
        serviceName: spec.name,
        replicas: 1,
        selector: { matchLabels: selector },
        template,
        ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
      },
    });
  } else {
    objects.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: spec.name, labels },
      spec: { replicas: spec.compose.deploy?.replicas ?? 1, selector: { matchLabels: selector }, template },
    });
  }
  if (ports.length > 0) {
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: spec.name, labels },
      spec: {
        // Headless for data services: the name resolves to the ready pod itself.
        ...(stateful ? { clusterIP: "None" } : {}),
        selector,
        ports: ports.map((p) => ({ name: portName(p), port: p, targetPort: portName(p), protocol: "TCP" })),
      },
    });
  }
  return {
    objects: objects as KubernetesObject[],
    configKeys: env.configKeys,
    secretKeys: env.secretKeys,
    diagnostics,
  };
}
