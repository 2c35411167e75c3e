import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `volume/undeclared`: a service mounts a named volume the file does not declare at the top level. */
export const volumeUndeclared: Rule = {
  code: "volume/undeclared",
  severity: "error",
  description: "Every named volume is declared",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const volume of service.volumes) {
        if (volume.type !== "volume" || volume.source === undefined || context.volumes.has(volume.source))
          continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Service ${service.name} uses undeclared volume ${volume.source}`,
            {
              path: context.path(service.name, "volumes", volume.index),
              hint: `Declare ${volume.source}: under the top-level volumes:, or use ./${volume.source} for a folder of the project.`,
            },
          ),
        );
      }
    }
    return out;
  },
};
