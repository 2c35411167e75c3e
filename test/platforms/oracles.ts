import { spawnSync } from "node:child_process";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";

/** A Kubernetes object as YAML gives it. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: objects are walked field by field in assertions
  spec?: any;
  data?: Record<string, string>;
};

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
};

/**
 * Validates an object against the Kubernetes OpenAPI schema through kubernetes-models; returns the
 * error text, or undefined when it is valid. An object of a kind the table lacks is an error.
 */
export function validateObject(object: K8sObject): string | undefined {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model === undefined) return `no model for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object as never).validate();
    return undefined;
  } catch (error) {
    return `${object.kind}/${object.metadata.name}: ${(error as Error).message}`;
  }
}

/** The documents of a multi-document YAML text, failing on any YAML error. */
export function yamlObjects(text: string): K8sObject[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join("; "));
    return d.toJS() as K8sObject;
  });
}

/** The minor version of the kubectl on PATH; throws when there is none. */
function kubectlMinor(): number {
  const run = spawnSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8" });
  if (run.error !== undefined) {
    throw new Error(
      `kubectl is needed to build the overlays (${run.error.message}); .ci/run installs Debian's kubernetes-client`,
    );
  }
  const minor = /"minor":\s*"(\d+)/.exec(run.stdout)?.[1];
  return minor === undefined ? Number.NaN : Number(minor);
}

let checkedMinor: number | undefined;

/**
 * `kubectl kustomize DIR`; throws with kubectl's message when the build fails, when kubectl is
 * missing, or when it is older than 1.21: those embed kustomize 2.0.3, which predates the fields the
 * overlays use (`replicas`, `envs`, a folder in `resources`).
 */
export function kustomize(dir: string): string {
  checkedMinor ??= kubectlMinor();
  if (!(checkedMinor >= 21)) {
    throw new Error(`kubectl 1.${checkedMinor} embeds kustomize 2; the overlays need kubectl 1.21 or later`);
  }
  const run = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr}`);
  return run.stdout;
}
