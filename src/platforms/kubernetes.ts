import { type Diagnostic, diagnostic, ENVIRONMENTS, type Result, resultOf } from "../core/index.js";
import { containerPorts, countOf, missingKinds } from "./compose-facts.js";
import { networkPolicies } from "./kubernetes-network.js";
import { KUBERNETES_DIR, KUSTOMIZATION, overlayFiles, SECRETS_ENV_FILE } from "./kubernetes-overlay.js";
import { type KubernetesObject, type WorkloadSpec, workloadObjects } from "./kubernetes-workload.js";
import { kubernetesName, kubernetesNames } from "./names.js";
import { imageUser, platformCategory } from "./runtime.js";
import { secretPredicate } from "./secrets.js";
import type { PlatformFile, PlatformInput } from "./types.js";
import { PLATFORM_HEADER, yamlDocuments } from "./yaml.js";

export { KUBERNETES_DIR, SECRETS_ENV_FILE };

/**
 * The project's model as a kustomize tree under `deploy/kubernetes/`: a `base/` with a workload,
 * Service and NetworkPolicy per service, and one overlay per environment that sets the namespace,
 * the replicas, the image tags, a ConfigMap of the environment's non-secret values and a Secret
 * generated from a git-ignored `secrets.env` (an example file lists its keys). Pure: returns text.
 *
 * @example
 * ```ts
 * const r = renderKubernetes({ slug: "shop", compose, services, environments, secrets: ["POSTGRES_PASSWORD"] });
 * if (r.ok) r.value.map((f) => f.path);
 * // ["deploy/kubernetes/.gitignore", "deploy/kubernetes/base/kustomization.yaml", …]
 * ```
 */
export function renderKubernetes(input: PlatformInput): Result<PlatformFile[]> {
  const diagnostics: Diagnostic[] = [];
  const serviceNames = Object.keys(input.compose.services).sort();
  const kinds = new Map(input.services.map((s) => [s.name, s]));
  diagnostics.push(...missingKinds(input, "workload"));
  const named = kubernetesNames(serviceNames);
  diagnostics.push(...named.diagnostics);
  const environments = ENVIRONMENTS.filter((e) => input.environments[e] !== undefined);
  if (environments.length === 0) {
    diagnostics.push(
      diagnostic("platform/no-environment", "error", "No environment to render an overlay for", {
        hint: "Pass the variables of at least one environment.",
      }),
    );
  }
  if (diagnostics.some((d) => d.severity === "error")) return resultOf([], diagnostics);

  const slug = kubernetesName(input.slug);
  const nameOf = (service: string) => named.names.get(service) ?? kubernetesName(service);
  const sources = {
    configMap: `${slug}-config`,
    secret: `${slug}-secrets`,
    isSecret: secretPredicate(input),
    renames: named.names,
  };
  const listeners = new Map<string, { name: string; port: number }>();
  for (const service of serviceNames) {
    const port = containerPorts(input.compose.services[service] ?? {})[0];
    if (port !== undefined) listeners.set(service, { name: nameOf(service), port });
  }
  const registry = input.images?.registry ?? `registry.example.com/${slug}`;
  const tag = input.images?.tag ?? "0.1.0";

  const files: PlatformFile[] = [];
  const baseResources: string[] = [];
  const configKeys = new Set<string>();
  const secretKeys = new Set<string>();
  const apps: { service: string; name: string; image?: string; replicas: number }[] = [];
  for (const service of serviceNames) {
    const compose = input.compose.services[service] ?? {};
    const info = kinds.get(service)!;
    const name = nameOf(service);
    const own = compose.image === undefined;
    const image = compose.image ?? `${registry}/${name}:${tag}`;
    const user = info.user ?? imageUser(info.kind, compose.image);
    const spec: WorkloadSpec = {
      slug,
      service,
      name,
      kind: info.kind,
      compose,
      image,
      ...(user !== undefined ? { user } : {}),
      sources,
      listeners,
    };
    const workload = workloadObjects(spec);
    diagnostics.push(...workload.diagnostics);
    for (const k of workload.configKeys) configKeys.add(k);
    for (const k of workload.secretKeys) secretKeys.add(k);
    if (platformCategory(info.kind) === "application") {
      apps.push({
        service,
        name,
        ...(own ? { image: `${registry}/${name}` } : {}),
        replicas: countOf(compose.deploy?.replicas) ?? 1,
      });
    }
    baseResources.push(`${name}.yaml`);
    files.push({ path: `${KUBERNETES_DIR}/base/${name}.yaml`, content: yamlDocuments(workload.objects) });
  }
  const policies: KubernetesObject[] = networkPolicies(
    slug,
    input.compose,
    serviceNames.map((service) => ({ service, name: nameOf(service), kind: kinds.get(service)!.kind })),
  );
  baseResources.push("network-policies.yaml");
  files.push({ path: `${KUBERNETES_DIR}/base/network-policies.yaml`, content: yamlDocuments(policies) });
  files.push({
    path: `${KUBERNETES_DIR}/base/kustomization.yaml`,
    content: yamlDocuments([{ ...KUSTOMIZATION, resources: baseResources.sort() }]),
  });

  for (const environment of environments) {
    const overlay = overlayFiles({
      environment,
      values: input.environments[environment]!,
      slug,
      sources,
      configKeys: [...configKeys].sort(),
      secretKeys: [...secretKeys].sort(),
      apps,
      tag,
    });
    files.push(...overlay.files);
    diagnostics.push(...overlay.diagnostics);
  }
  files.push({
    path: `${KUBERNETES_DIR}/.gitignore`,
    content: `${PLATFORM_HEADER}\n# Secret values for kustomize's secretGenerator stay on this machine.\n${SECRETS_ENV_FILE}\n`,
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return resultOf(files, diagnostics);
}
