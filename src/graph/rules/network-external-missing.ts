import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import { formatPath } from "../../core/path.js";
import type { Rule } from "../context.js";

/** `network/external-missing` (needs a DockerProbe): an external network does not exist on the engine. */
export const networkExternalMissing: Rule = {
  code: "network/external-missing",
  severity: "warning",
  description: "External networks exist",
  requires: "docker",
  async check(context) {
    const existing = await context.dockerNetworks();
    if (existing === undefined) return [];
    const names = new Set(existing);
    const out: Diagnostic[] = [];
    for (const network of context.networks.values()) {
      if (!network.external) continue;
      const name = network.name ?? network.key;
      if (names.has(name)) continue;
      out.push(
        diagnostic(this.code, this.severity, `External network '${name}' does not exist`, {
          path: formatPath(["networks", network.key]),
          hint: `Create it first (docker network create ${name}) or start the project that owns it.`,
        }),
      );
    }
    return out;
  },
};
