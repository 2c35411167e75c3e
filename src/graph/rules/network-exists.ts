import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import { formatPath } from "../../core/path.js";
import type { Rule } from "../context.js";

/**
 * `network/exists` (needs a DockerProbe): a network this file creates under a fixed `name:`
 * already exists on the engine, so two projects would share it by accident.
 */
export const networkExists: Rule = {
  code: "network/exists",
  severity: "warning",
  description: "Networks this file creates do not exist yet",
  requires: "docker",
  async check(context) {
    const existing = await context.dockerNetworks();
    if (existing === undefined) return [];
    const names = new Set(existing);
    const out: Diagnostic[] = [];
    for (const network of context.networks.values()) {
      if (network.external || network.name === undefined || !names.has(network.name)) continue;
      out.push(
        diagnostic(this.code, this.severity, `Network '${network.name}' already exists`, {
          path: formatPath(["networks", network.key, "name"]),
          hint: `Rename it (for example ${network.name}-2), or declare it external: true if it is meant to be shared.`,
        }),
      );
    }
    return out;
  },
};
