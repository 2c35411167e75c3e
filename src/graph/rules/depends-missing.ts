import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `depends/missing`: a `depends_on` entry names a service the file does not define. */
export const dependsMissing: Rule = {
  code: "depends/missing",
  severity: "error",
  description: "Every dependency is defined",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const dependency of service.dependencies) {
        if (context.byName.has(dependency.service)) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Service ${service.name} depends on ${dependency.service} which is not defined`,
            {
              path: context.path(service.name, "depends_on", dependency.service),
              hint: `Define a service named ${dependency.service}, fix the name, or remove the dependency.`,
            },
          ),
        );
      }
    }
    return out;
  },
};
