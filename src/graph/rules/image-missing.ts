import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/**
 * `image/missing`: a service has neither `image` nor `build` (nor `extends`, nor a `provider:` that
 * runs something other than a container, Compose 2.36+), so Compose has nothing to run.
 */
export const imageMissing: Rule = {
  code: "image/missing",
  severity: "error",
  description: "Every service has an image or a build",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      const record = service.service as Record<string, unknown>;
      if (record.image !== undefined || record.build !== undefined || record.extends !== undefined) continue;
      if (record.provider !== undefined) continue;
      out.push(
        diagnostic(this.code, this.severity, `Service ${service.name} has neither an image nor a build`, {
          path: context.path(service.name),
          hint: "Add image: with a pinned tag, or build: with the folder of its Dockerfile.",
        }),
      );
    }
    return out;
  },
};
