import { parseImageRef } from "../../compose/image.js";
import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";
import { interpolate } from "../interpolate.js";

/**
 * `image/unpinned`: an image without a tag, or tagged `latest`, changes under the project's feet.
 * An `image:` next to `build:` names the image the build produces (`image: myapp`, `build: .`): it is
 * not pulled, so it is not checked.
 */
export const imageUnpinned: Rule = {
  code: "image/unpinned",
  severity: "warning",
  description: "Every image is pinned to a tag or digest",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.image === undefined || (service.service as Record<string, unknown>).build !== undefined)
        continue;
      const image = interpolate(service.image, context.deps.variables);
      if (image === undefined) continue; // a variable decides; cannot tell
      const ref = parseImageRef(image);
      if (ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== "latest")) continue;
      out.push(
        diagnostic(
          this.code,
          this.severity,
          ref.tag === undefined
            ? `Image ${image} of service ${service.name} has no tag`
            : `Image ${image} of service ${service.name} uses the latest tag`,
          {
            path: context.path(service.name, "image"),
            hint: `Pin a version, e.g. ${ref.repository}:<version>, or a digest (@sha256:…).`,
          },
        ),
      );
    }
    return out;
  },
};
