import { credentialKeys } from "../compose/recipes.js";
import { KIND_INFO } from "../core/index.js";
import { joinPath } from "./json.js";
import { defined, type RawInfra, stringifyVariables } from "./raw.js";
import { COMPOSE_NAME_PATTERN } from "./schema.js";
import {
  extensionKind,
  familyName,
  isPostgresFamily,
  KNOWN_TECHS,
  resolveInfraTech,
  typeFits,
} from "./techs.js";
import type { InfraKind, InfraServiceSpec } from "./types.js";
import { volumePathProblem } from "./volume-path.js";
import { report, type WalkContext } from "./walk.js";

const TECH_HINT = `Known techs: ${KNOWN_TECHS.join(", ")}.`;

/** Tech-stack keys that name infrastructure, used only when the map has no `infrastructure`. */
const INFRA_STACK_KEYS = [
  "database",
  "databases",
  "db",
  "cache",
  "queue",
  "message_queue",
  "search",
  "storage",
];

/** A volume written as a host path rather than a named volume. */
function isVolumePath(volume: string): boolean {
  if (/[\u0000-\u001f\u007f]/.test(volume) || volume.includes("$")) return true;
  return /^(?:[./~]|[A-Za-z]:[\\/])/.test(volume) || volume.includes("/") || volume.includes("\\");
}

function isUnpinnedImage(image: string): boolean {
  if (image.includes("@sha256:")) return false;
  const last = image.slice(image.lastIndexOf("/") + 1);
  const colon = last.indexOf(":");
  return colon === -1 || last.slice(colon + 1) === "latest";
}

/** The kind an entry's tech names, with its extensions applied (`postgresql` + `postgis` → `postgis`). */
function resolveKind(
  entry: RawInfra,
  source: string,
  ctx: WalkContext,
): { kind: InfraKind; extensions: string[] } | undefined {
  if (entry.tech === undefined) return undefined;
  const resolved = resolveInfraTech(entry.tech);
  if (resolved === undefined) {
    report(ctx, "map/unknown-tech", "error", `Unknown tech "${entry.tech}"`, `${source}.tech`, TECH_HINT);
    return undefined;
  }
  if (resolved === "ambiguous") {
    report(
      ctx,
      "map/unknown-tech",
      "error",
      `Tech "${entry.tech}" names more than one service`,
      `${source}.tech`,
      "Write one infrastructure entry per service.",
    );
    return undefined;
  }
  let kind: InfraKind = resolved;
  const extensions = defined(entry.extensions);
  if (isPostgresFamily(kind)) {
    const wanted = new Set<InfraKind>(kind === "postgres" ? [] : [kind]);
    for (const e of extensions) {
      const k = extensionKind(e);
      if (k !== undefined) wanted.add(k);
    }
    const [first] = wanted;
    if (first !== undefined) kind = first;
    if (wanted.size > 1 && entry.image === undefined)
      report(
        ctx,
        "map/extension-conflict",
        "error",
        "PostGIS and pgvector are asked for together, but no default image has both",
        `${source}.extensions`,
        "Set `image` to an image that bundles both extensions, or use two databases.",
      );
  } else if (extensions.length > 0) {
    report(
      ctx,
      "map/unsupported-extension",
      "warning",
      `${KIND_INFO[kind].label} takes no extensions; ${extensions.map((e) => `"${e}"`).join(", ")} kept but not applied`,
      `${source}.extensions`,
      "Extensions apply to PostgreSQL (postgis, vector, and any CREATE EXTENSION name).",
    );
  }
  return { kind, extensions };
}

/** Warnings about `type`, `version` and `image`: a type that does not fit, an unpinned or ignored tag. */
function checkImage(entry: RawInfra, kind: InfraKind, source: string, ctx: WalkContext): void {
  if (entry.type !== undefined && !typeFits(entry.type, kind))
    report(
      ctx,
      "map/type-mismatch",
      "warning",
      `Type "${entry.type}" does not match tech "${entry.tech}", which is a ${KIND_INFO[kind].category}`,
      `${source}.type`,
      `Write "type": "${KIND_INFO[kind].category}" or leave the type out.`,
    );
  if (entry.version === "latest")
    report(
      ctx,
      "map/unpinned-image",
      "warning",
      'Version "latest" does not pin the image',
      `${source}.version`,
      "Name a version tag such as 16 so every run gets the same image.",
    );
  if (entry.image !== undefined && isUnpinnedImage(entry.image))
    report(
      ctx,
      "map/unpinned-image",
      "warning",
      `Image "${entry.image}" is not pinned to a version`,
      `${source}.image`,
      "Add a version tag (postgres:16-alpine) or a digest (@sha256:…).",
    );
  if (entry.image !== undefined && entry.version !== undefined)
    report(
      ctx,
      "map/version-ignored",
      "warning",
      `Version "${entry.version}" is ignored because "image" is set`,
      `${source}.version`,
      "Put the tag in `image`, or remove `image` to use the default image with this version.",
    );
}

/**
 * The data volume: a safe host path (see `volumePathProblem`) or a name Compose accepts.
 *
 * @example
 * ```ts
 * checkVolume("../outside", "infrastructure[0]", ctx); // reports map/unsafe-volume
 * ```
 */
export function checkVolume(raw: string, source: string, ctx: WalkContext): void {
  const volume = raw.trim();
  const problem = isVolumePath(raw) || isVolumePath(volume) ? volumePathProblem(raw) : undefined;
  if (problem !== undefined)
    report(
      ctx,
      "map/unsafe-volume",
      "error",
      `Volume path ${JSON.stringify(raw)} is refused: ${problem}`,
      `${source}.volume`,
      "Use a folder inside the output folder (./postgres-data) or a named volume (postgres-data).",
    );
  else if (volume === "")
    report(
      ctx,
      "map/invalid-value",
      "error",
      "Volume is empty",
      `${source}.volume`,
      "Name a volume or a path.",
    );
  else if (!isVolumePath(volume) && !COMPOSE_NAME_PATTERN.test(volume))
    report(
      ctx,
      "name/invalid",
      "error",
      `Volume name "${volume}" is not accepted by Compose`,
      `${source}.volume`,
      "Volume names may contain only letters, digits, '.', '_' and '-'; paths start with './' or '/'.",
    );
}

/** The entry's container variables, without those the recipe fills from generated credentials. */
function infraEnvironment(
  entry: RawInfra,
  kind: InfraKind,
  source: string,
  ctx: WalkContext,
): Record<string, string> {
  const environment = stringifyVariables(entry.environment);
  const reserved = credentialKeys(kind);
  for (const key of Object.keys(environment).filter((k) => reserved.includes(k))) {
    report(
      ctx,
      "map/environment-reserved",
      "warning",
      `${key} is set from the credentials slipway generates; the value in the map is ignored`,
      joinPath(joinPath(source, "environment"), key),
      "Remove it; change the credential in .env.development, which the Compose file and the connection URLs both read.",
    );
    delete environment[key];
  }
  return environment;
}

/**
 * Checks one `infrastructure` entry and turns it into a service spec; `undefined` when its tech is
 * missing, unknown or names two services (reported).
 *
 * @example
 * ```ts
 * buildInfra({ tech: "postgresql", extensions: ["postgis"] }, "infrastructure[0]", ctx)?.kind; // "postgis"
 * ```
 */
export function buildInfra(entry: RawInfra, source: string, ctx: WalkContext): InfraServiceSpec | undefined {
  const resolved = resolveKind(entry, source, ctx);
  if (resolved === undefined) return undefined;
  const { kind, extensions } = resolved;
  checkImage(entry, kind, source, ctx);
  if (entry.volume !== undefined) checkVolume(entry.volume, source, ctx);
  const environment = infraEnvironment(entry, kind, source, ctx);
  const spec: InfraServiceSpec = {
    name: entry.name ?? familyName(kind),
    kind,
    tech: entry.tech!,
    extensions,
    environment,
    source,
  };
  if (entry.version !== undefined) spec.version = entry.version;
  if (entry.image !== undefined) spec.image = entry.image;
  if (entry.port !== undefined) spec.port = entry.port;
  if (entry.volume !== undefined) spec.volume = entry.volume;
  if (entry.network !== undefined) spec.network = entry.network;
  return spec;
}

/**
 * The infrastructure a map without `infrastructure` gets from its tech stack (`database: "PostgreSQL"`).
 *
 * @example
 * ```ts
 * infraFromTechStack({ database: "PostgreSQL 16" }, ctx)[0]?.kind; // "postgres"
 * ```
 */
export function infraFromTechStack(techStack: Record<string, string>, ctx: WalkContext): InfraServiceSpec[] {
  const specs: InfraServiceSpec[] = [];
  for (const [key, value] of Object.entries(techStack)) {
    if (!INFRA_STACK_KEYS.includes(key.toLowerCase())) continue;
    const kind = resolveInfraTech(value);
    const path = joinPath("tech_stack", key);
    if (kind === undefined || kind === "ambiguous") {
      report(
        ctx,
        "map/unknown-tech",
        "warning",
        `Tech "${value}" in tech_stack is not a service slipway runs; no service is generated for it`,
        path,
        `${TECH_HINT} List services under \`infrastructure\` to be explicit.`,
      );
      continue;
    }
    specs.push({ name: familyName(kind), kind, tech: value, extensions: [], environment: {}, source: path });
  }
  return specs;
}
