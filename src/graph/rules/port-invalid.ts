import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `port/invalid`: a `ports` entry Compose cannot read (bad syntax, out of 1–65535, mismatched ranges). */
export const portInvalid: Rule = {
  code: "port/invalid",
  severity: "error",
  description: "Every port entry is valid",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const port of service.ports) {
        if (port.problems.length === 0) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Port entry ${port.text} of service ${service.name} is invalid: ${port.problems.join("; ")}`,
            {
              path: context.path(service.name, "ports", port.index),
              hint: 'Use "HOST:CONTAINER", "IP:HOST:CONTAINER", "START-END:START-END" or the long form with target and published, ports 1-65535.',
            },
          ),
        );
      }
    }
    return out;
  },
};
