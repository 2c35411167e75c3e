import type { FileKind } from "./types.js";

/** Program source files: an unquoted value there is an expression, not a literal. */
const SOURCE_EXTENSION =
  /\.(?:[cm]?[jt]sx?|py|rb|php|go|rs|java|kt|kts|scala|cs|fs|swift|c|cc|cpp|h|hpp|m|ex|exs|erl|clj|lua|pl|vue|svelte)$/;

/**
 * The kind of a file from its path (only the base name counts, `/` or `\` separated).
 *
 * | base name | kind |
 * |---|---|
 * | `docker-compose*.yml`, `compose*.yaml`, `*.compose.yml` | `compose` |
 * | `.env.development`, `.env.dev`, `.env.development.local` | `env-development` |
 * | `.env.staging`, `.env.stage` | `env-staging` |
 * | `.env.production`, `.env.prod` | `env-production` |
 * | `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `*.env.example` | `env-example` |
 * | `.env`, `.env.local`, `.env.test`, any other `.env.*` or `*.env` | `env` |
 * | `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile` | `dockerfile` |
 * | `README*` | `readme` |
 * | program source (`*.ts`, `*.js`, `*.py`, `*.go`, `*.sh` …) | `source` |
 *
 * @example
 * ```ts
 * fileKind("deploy/.env.production"); // "env-production"
 * fileKind("docker-compose.override.yml"); // "compose"
 * fileKind("src/app.ts"); // "source"
 * ```
 */
export function fileKind(path: string): FileKind {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const lower = base.toLowerCase();
  if (/^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$/.test(lower) || /\.compose\.ya?ml$/.test(lower))
    return "compose";
  if (
    /^dockerfile(?:\..+)?$/.test(lower) ||
    lower.endsWith(".dockerfile") ||
    /^containerfile(?:\..+)?$/.test(lower)
  ) {
    return "dockerfile";
  }
  if (lower.startsWith("readme")) return "readme";
  if (SOURCE_EXTENSION.test(lower)) return "source";
  const segments = lower.split(".");
  if (segments.includes("env")) {
    if (segments.some((p) => ["example", "sample", "template", "dist", "tpl", "defaults"].includes(p))) {
      return "env-example";
    }
    if (segments.includes("production") || segments.includes("prod")) return "env-production";
    if (segments.includes("staging") || segments.includes("stage")) return "env-staging";
    if (segments.includes("development") || segments.includes("dev")) return "env-development";
    return "env";
  }
  return "other";
}
