import { type Diagnostic, diagnostic } from "../core/index.js";

/** A Kubernetes Service name (RFC 1035 label): the strictest name rule among the objects slipway writes. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LENGTH = 63;

/**
 * A name Kubernetes accepts for every object slipway writes (an RFC 1035 label): lower case,
 * `_` and `.` turned into `-`, other characters dropped, a leading letter, at most 63 characters.
 *
 * @example
 * ```ts
 * kubernetesName("Postgres_Main"); // "postgres-main"
 * kubernetesName("2fa");           // "s-2fa"
 * ```
 */
export function kubernetesName(name: string): string {
  let out = name
    .toLowerCase()
    .replace(/[_.\s]+/g, "-")
    .replace(/[^a-z0-9-]/g, "")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (out === "") out = "service";
  if (!/^[a-z]/.test(out)) out = `s-${out}`;
  return out.slice(0, MAX_LENGTH).replace(/-+$/, "");
}

/**
 * The Kubernetes name of every Compose service: a warning for each one that had to change, an
 * error when two services end up with one name.
 *
 * @example
 * ```ts
 * const { names, diagnostics } = kubernetesNames(["api", "db_main"]);
 * names.get("db_main"); // "db-main"; diagnostics: one platform/name-changed warning
 * ```
 */
export function kubernetesNames(services: readonly string[]): {
  names: Map<string, string>;
  diagnostics: Diagnostic[];
} {
  const names = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, string>();
  for (const service of services) {
    const name = DNS_LABEL.test(service) && service.length <= MAX_LENGTH ? service : kubernetesName(service);
    names.set(service, name);
    if (name !== service) {
      diagnostics.push(
        diagnostic(
          "platform/name-changed",
          "warning",
          `Service \`${service}\` is named \`${name}\` on Kubernetes, whose names are lower-case DNS labels`,
          {
            path: `services.${service}`,
            hint: "Host names in the service's variables are rewritten to match; rename the service to keep one name everywhere.",
          },
        ),
      );
    }
    const owner = owners.get(name);
    if (owner !== undefined) {
      diagnostics.push(
        diagnostic(
          "platform/name-collision",
          "error",
          `Services \`${owner}\` and \`${service}\` both become \`${name}\` on Kubernetes`,
          { path: `services.${service}`, hint: "Rename one of them so their lower-case DNS names differ." },
        ),
      );
    } else owners.set(name, service);
  }
  return { names, diagnostics };
}
