import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `network/undeclared`: a service joins a network the file does not declare at the top level. */
export const networkUndeclared: Rule = {
  code: "network/undeclared",
  severity: "error",
  description: "Every network a service joins is declared",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const key of service.networks) {
        // `default` exists without a declaration (https://github.com/compose-spec/compose-spec/blob/main/06-networks.md).
        if (key === "default" || context.networks.has(key)) continue;
        out.push(
          diagnostic(this.code, this.severity, `Service ${service.name} uses undeclared network ${key}`, {
            path: context.path(service.name, "networks", key),
            hint: `Declare it under the top-level networks: (add external: true if another project creates it).`,
          }),
        );
      }
    }
    return out;
  },
};
