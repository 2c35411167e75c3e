import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import { formatPath } from "../../core/path.js";
import type { Rule } from "../context.js";

/** Service, network and volume keys (compose-spec schema: `^[a-zA-Z0-9._-]+$`). */
const RESOURCE_NAME = /^[a-zA-Z0-9._-]+$/;
/** Project names (compose-spec: lower case, digits, `-` and `_`, starting with a letter or digit). */
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** Container names as the Docker engine accepts them. */
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** `name/invalid`: a project, service, network, volume or container name Compose or Docker rejects. */
export const nameInvalid: Rule = {
  code: "name/invalid",
  severity: "error",
  description: "Every name is one Compose accepts",
  check(context) {
    const out: Diagnostic[] = [];
    const report = (what: string, name: string, path: string, allowed: string) =>
      out.push(
        diagnostic(this.code, this.severity, `Invalid ${what} name '${name}'`, {
          path,
          hint: `Use ${allowed}.`,
        }),
      );
    const projectName = context.compose.name;
    if (typeof projectName === "string" && !PROJECT_NAME.test(projectName) && !projectName.includes("$"))
      report(
        "project",
        projectName,
        "name",
        "lower-case letters, digits, '-' and '_', starting with a letter or digit",
      );
    const letters = "letters, digits, '.', '-' and '_'";
    for (const service of context.services) {
      if (!RESOURCE_NAME.test(service.name))
        report("service", service.name, context.path(service.name), letters);
      const containerName = (service.service as Record<string, unknown>).container_name;
      if (
        typeof containerName === "string" &&
        !containerName.includes("$") &&
        !CONTAINER_NAME.test(containerName)
      )
        report(
          "container",
          containerName,
          context.path(service.name, "container_name"),
          `at least two characters: ${letters}, starting with a letter or digit`,
        );
    }
    for (const key of context.networks.keys())
      if (!RESOURCE_NAME.test(key)) report("network", key, formatPath(["networks", key]), letters);
    for (const key of context.volumes.keys())
      if (!RESOURCE_NAME.test(key)) report("volume", key, formatPath(["volumes", key]), letters);
    return out;
  },
};
