import type { ComposeFile } from "./model.js";

/**
 * Puts services on networks another Compose project owns (a platform's shared `forge-network`):
 * each named service joins its networks after its own, and each network is declared
 * `external: true`, so Compose uses it as it is and never creates or removes it. Returns a new
 * model; services not in the model are skipped.
 *
 * @example
 * ```ts
 * joinSharedNetworks(model, { backend: ["forge-network"] }).networks?.["forge-network"]; // { external: true }
 * ```
 */
export function joinSharedNetworks(
  model: ComposeFile,
  joins: Readonly<Record<string, string[]>>,
): ComposeFile {
  const services = { ...model.services };
  const networks = { ...model.networks };
  for (const [name, wanted] of Object.entries(joins)) {
    const service = services[name];
    if (service === undefined || wanted.length === 0) continue;
    const current = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
    const added = wanted.filter((n) => !current.includes(n));
    if (Array.isArray(service.networks) || service.networks === undefined)
      services[name] = { ...service, networks: [...current, ...added] };
    else
      services[name] = {
        ...service,
        networks: { ...service.networks, ...Object.fromEntries(added.map((n) => [n, null])) },
      };
    // A network the file defines already is its own, not an external one.
    for (const network of wanted)
      if (model.networks?.[network] === undefined) networks[network] = { external: true };
  }
  return { ...model, services, ...(Object.keys(networks).length > 0 ? { networks } : {}) };
}
