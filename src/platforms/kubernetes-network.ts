import type { ComposeFile } from "../compose/index.js";
import { containerPorts, isInternalNetwork, serviceNetworks } from "./compose-facts.js";
import { type KubernetesObject, selectorLabels, standardLabels } from "./kubernetes-workload.js";
import { platformCategory } from "./runtime.js";
import type { PlatformKind } from "./types.js";

/** What the network policies need to know of each service. */
export interface NetworkMember {
  /** The Compose service name. */
  service: string;
  /** Its Kubernetes name. */
  name: string;
  kind: PlatformKind;
}

const NAME_LABEL = "app.kubernetes.io/name";

/**
 * The `NetworkPolicy` objects that carry the Compose networks over: all ingress to the project's
 * pods is denied, then each service that listens admits the services that share a Compose network
 * with it (apps admit any client, as their published ports did); a service whose networks are all
 * `internal` may only reach those services and the cluster DNS.
 *
 * @example
 * ```ts
 * networkPolicies("shop", compose, members).map((p) => p.metadata.name);
 * // ["default-deny-ingress", "postgres", "redis"]
 * ```
 */
export function networkPolicies(
  slug: string,
  compose: ComposeFile,
  members: readonly NetworkMember[],
): KubernetesObject[] {
  const networksOf = new Map(
    members.map((m) => [m.service, serviceNetworks(compose.services[m.service] ?? {})]),
  );
  const peersOf = (member: NetworkMember): string[] => {
    const mine = networksOf.get(member.service) ?? [];
    return members
      .filter(
        (other) => other !== member && (networksOf.get(other.service) ?? []).some((n) => mine.includes(n)),
      )
      .map((other) => other.name)
      .sort();
  };
  const policies: KubernetesObject[] = [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: {
        name: "default-deny-ingress",
        labels: { "app.kubernetes.io/part-of": slug, "app.kubernetes.io/managed-by": "slipway" },
      },
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
  ];
  for (const member of members) {
    const service = compose.services[member.service] ?? {};
    const ports = containerPorts(service).map((port) => ({ protocol: "TCP", port }));
    const peers = peersOf(member);
    const fromPeers =
      peers.length > 0
        ? [{ podSelector: { matchExpressions: [{ key: NAME_LABEL, operator: "In", values: peers }] } }]
        : [];
    const isApp = platformCategory(member.kind) === "application";
    const ingress =
      ports.length === 0
        ? []
        : isApp
          ? [{ ports }]
          : fromPeers.length > 0
            ? [{ from: fromPeers, ports }]
            : [];
    const networks = networksOf.get(member.service) ?? [];
    const isolated = networks.length > 0 && networks.every((n) => isInternalNetwork(compose, n));
    if (ingress.length === 0 && !isolated) continue;
    const spec: Record<string, unknown> = {
      podSelector: { matchLabels: selectorLabels(slug, member.name) },
      policyTypes: isolated ? ["Ingress", "Egress"] : ["Ingress"],
      ingress,
    };
    if (isolated) {
      spec.egress = [
        ...(fromPeers.length > 0 ? [{ to: fromPeers }] : []),
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ];
    }
    policies.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: {
        name: member.name,
        labels: standardLabels(slug, member.name, platformCategory(member.kind)),
      },
      spec,
    });
  }
  return policies;
}
