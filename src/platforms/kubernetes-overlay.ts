import { type Diagnostic, diagnostic, type Environment } from "../core/index.js";
import type { PlatformEnvironment, PlatformFile } from "./types.js";
import { PLATFORM_HEADER, yamlDocuments } from "./yaml.js";

/** Where the Kubernetes files go, relative to the project folder. */
export const KUBERNETES_DIR = "deploy/kubernetes";
/** The env file of secret values each overlay's secretGenerator reads; git ignores it. */
export const SECRETS_ENV_FILE = "secrets.env";
/** The placeholder the example secrets file shows. */
const PLACEHOLDER = "change-me";
/** The head of every kustomization file. */
export const KUSTOMIZATION = {
  apiVersion: "kustomize.config.k8s.io/v1beta1",
  kind: "Kustomization",
} as const;

/** What one overlay is made from. */
export interface OverlaySpec {
  environment: Environment;
  values: PlatformEnvironment;
  /** The project's Kubernetes name. */
  slug: string;
  sources: { configMap: string; secret: string };
  /** The ConfigMap keys and Secret keys the workloads read, sorted. */
  configKeys: readonly string[];
  secretKeys: readonly string[];
  /** The Deployments: Compose name, Kubernetes name, the registry image when the project builds it, base replicas. */
  apps: readonly { service: string; name: string; image?: string; replicas: number }[];
  tag: string;
}

/**
 * The files of one overlay: its kustomization (namespace, the environment's ConfigMap values, the
 * Secret generated from the git-ignored `secrets.env`, replicas, image tags), its Namespace and an
 * example secrets file of placeholders.
 *
 * @example
 * ```ts
 * overlayFiles({ environment: "staging", values, slug: "shop", sources, configKeys: ["LOG_LEVEL"], secretKeys: [], apps: [], tag: "0.1.0" })
 *   .files.map((f) => f.path);
 * // ["deploy/kubernetes/overlays/staging/kustomization.yaml", "deploy/kubernetes/overlays/staging/namespace.yaml"]
 * ```
 */
export function overlayFiles(spec: OverlaySpec): { files: PlatformFile[]; diagnostics: Diagnostic[] } {
  const { environment, values, slug } = spec;
  const diagnostics: Diagnostic[] = [];
  const dir = `${KUBERNETES_DIR}/overlays/${environment}`;
  const namespace = `${slug.slice(0, 50).replace(/-+$/, "")}-${environment}`;
  const literals: string[] = [];
  for (const key of spec.configKeys) {
    const value = values.variables[key];
    if (value === undefined) {
      diagnostics.push(
        diagnostic(
          "platform/variable-unset",
          "warning",
          `${environment} sets no value for ${key}; its ConfigMap holds an empty one`,
          {
            path: `environments.${environment}.variables.${key}`,
            hint: `Add ${key} to the ${environment} variables of the architecture map.`,
          },
        ),
      );
    }
    literals.push(`${key}=${value ?? ""}`);
  }
  const kustomization: Record<string, unknown> = {
    ...KUSTOMIZATION,
    namespace,
    resources: ["namespace.yaml", "../../base"],
    ...(literals.length > 0 ? { configMapGenerator: [{ name: spec.sources.configMap, literals }] } : {}),
    ...(spec.secretKeys.length > 0
      ? { secretGenerator: [{ name: spec.sources.secret, envs: [SECRETS_ENV_FILE] }] }
      : {}),
    ...(spec.apps.length > 0
      ? {
          replicas: spec.apps.map((a) => ({
            name: a.name,
            count: values.replicas?.[a.service] ?? a.replicas,
          })),
        }
      : {}),
  };
  const images = spec.apps.flatMap((a) =>
    a.image !== undefined ? [{ name: a.image, newTag: spec.tag }] : [],
  );
  if (images.length > 0) kustomization.images = images;
  const files: PlatformFile[] = [
    { path: `${dir}/kustomization.yaml`, content: yamlDocuments([kustomization]) },
    {
      path: `${dir}/namespace.yaml`,
      content: yamlDocuments([
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: {
            name: namespace,
            labels: {
              "app.kubernetes.io/part-of": slug,
              "app.kubernetes.io/managed-by": "slipway",
              "pod-security.kubernetes.io/enforce": "baseline",
            },
          },
        },
      ]),
    },
  ];
  if (spec.secretKeys.length > 0) {
    const lines = spec.secretKeys.map((k) => `${k}=${PLACEHOLDER}`);
    files.push({
      path: `${dir}/${SECRETS_ENV_FILE}.example`,
      content: `${PLATFORM_HEADER}\n# The ${environment} secrets: copy to ${SECRETS_ENV_FILE} (git ignores it), set real values, then\n# kubectl apply -k ${dir}\n${lines.join("\n")}\n`,
    });
  }
  return { files, diagnostics };
}
