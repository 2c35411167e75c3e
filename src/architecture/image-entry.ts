import { parseImageRef } from "../compose/image.js";
import { checkVolume } from "./infra.js";
import { defined, type RawInfra, stringifyVariables } from "./raw.js";
import type { ImageHealthcheck, ImageServiceSpec } from "./types.js";
import { report, type WalkContext } from "./walk.js";

/** The fields only an image entry takes; with `tech` they would be silently ignored. */
const IMAGE_ONLY_FIELDS = ["container_port", "healthcheck", "command", "depends_on"] as const;

/** Tags that name no fixed release. */
const FLOATING_TAGS = new Set(["latest", "stable", "edge", "nightly", "dev", "beta", "canary", "lts"]);

const HEALTHCHECK_FORMS = new Set(["CMD", "CMD-SHELL", "NONE"]);

/**
 * Reports the image-entry fields of an entry that also names a `tech`: a recipe writes its own
 * container port, healthcheck and command, and its dependencies are none.
 *
 * @example
 * ```ts
 * checkRecipeEntryFields({ tech: "redis", healthcheck: { test: "true" } }, "infrastructure[0]", ctx);
 * // ctx.diagnostics: [{ code: "map/image-field-with-tech", path: "infrastructure[0].healthcheck", … }]
 * ```
 */
export function checkRecipeEntryFields(entry: RawInfra, source: string, ctx: WalkContext): void {
  for (const field of IMAGE_ONLY_FIELDS) {
    if (entry[field] === undefined) continue;
    report(
      ctx,
      "map/image-field-with-tech",
      "error",
      `"${field}" belongs to an image entry, but this entry names tech "${entry.tech}"`,
      `${source}.${field}`,
      "Remove `tech` to run the image as written (then `name` is required), or remove the field to use the recipe's.",
    );
  }
}

/** True when the reference names no fixed release: no digest, and no tag or a floating one. */
function isUnpinned(image: string): boolean {
  const ref = parseImageRef(image);
  if (ref.digest !== undefined) return false;
  return ref.tag === undefined || FLOATING_TAGS.has(ref.tag.toLowerCase());
}

/** A volume of an image entry: `source:/container/path`, with an optional `:ro`/`:rw`. */
function checkImageVolume(raw: string, source: string, ctx: WalkContext): void {
  const m = /^(.+?):(\/[^:]*)(?::(ro|rw))?$/.exec(raw.trim());
  if (m === null) {
    report(
      ctx,
      "map/invalid-value",
      "error",
      `Volume ${JSON.stringify(raw)} of an image entry names no container path`,
      `${source}.volume`,
      "Write it as source:/path/in/container, e.g. mailpit-data:/data or ./config:/etc/app:ro.",
    );
    return;
  }
  checkVolume(m[1]!, source, ctx);
}

function checkHealthcheck(hc: ImageHealthcheck, source: string, ctx: WalkContext): void {
  if (!Array.isArray(hc.test)) return;
  const [form] = hc.test;
  if (form === undefined || !HEALTHCHECK_FORMS.has(form))
    report(
      ctx,
      "map/invalid-value",
      "error",
      `Healthcheck test starts with ${JSON.stringify(form ?? "")}, not CMD, CMD-SHELL or NONE`,
      `${source}.healthcheck.test`,
      'Write ["CMD", "program", "arg"], ["CMD-SHELL", "shell command"], or a string for the shell.',
    );
}

/**
 * Checks an `infrastructure` entry that names an `image` and no `tech`, and turns it into an image
 * service spec: `name` is required, an unpinned image and a missing healthcheck are warnings, and
 * what the user wrote is kept. `undefined` when the entry has no name (reported).
 *
 * @example
 * ```ts
 * buildImageEntry({ image: "axllent/mailpit:v1.21", name: "mail", container_port: 8025 }, "infrastructure[1]", ctx)?.containerPort; // 8025
 * ```
 */
export function buildImageEntry(
  entry: RawInfra & { image: string },
  source: string,
  ctx: WalkContext,
): ImageServiceSpec | undefined {
  if (isUnpinned(entry.image))
    report(
      ctx,
      "map/unpinned-image",
      "warning",
      `Image "${entry.image}" is not pinned to a version`,
      `${source}.image`,
      "Add a version tag (axllent/mailpit:v1.21) or a digest (@sha256:…) so every run gets the same image.",
    );
  if (entry.version !== undefined)
    report(
      ctx,
      "map/version-ignored",
      "warning",
      `Version "${entry.version}" is ignored because "image" is set`,
      `${source}.version`,
      "Put the tag in `image`.",
    );
  if (defined(entry.extensions).length > 0)
    report(
      ctx,
      "map/unsupported-extension",
      "warning",
      "An image entry takes no extensions; they are not applied",
      `${source}.extensions`,
      "Extensions apply to PostgreSQL recipes (tech postgresql).",
    );
  if (entry.volume !== undefined) checkImageVolume(entry.volume, source, ctx);
  if (entry.healthcheck?.test !== undefined)
    checkHealthcheck(entry.healthcheck as ImageHealthcheck, source, ctx);
  if (entry.name === undefined) {
    if (!ctx.diagnostics.some((d) => d.path === `${source}.name`))
      report(
        ctx,
        "map/required",
        "error",
        `Missing required field "name": an entry with an image and no tech needs a service name`,
        `${source}.name`,
        'Name the service, e.g. "name": "mailpit".',
      );
    return undefined;
  }
  if (entry.healthcheck === undefined)
    report(
      ctx,
      "map/image-without-healthcheck",
      "warning",
      `Service ${entry.name} runs image "${entry.image}" without a healthcheck; services waiting on it wait only until it has started`,
      source,
      `Add a healthcheck in Compose form that works in the image, e.g. "healthcheck": { "test": ["CMD", "wget", "-q", "--spider", "http://localhost:${entry.container_port ?? entry.port ?? 8080}/"] } where the image has wget.`,
    );
  const spec: ImageServiceSpec = {
    name: entry.name,
    image: entry.image,
    environment: stringifyVariables(entry.environment),
    dependsOn: defined(entry.depends_on),
    source,
  };
  if (entry.type !== undefined) spec.type = entry.type;
  if (entry.port !== undefined) spec.port = entry.port;
  const containerPort = entry.container_port ?? entry.port;
  if (containerPort !== undefined) spec.containerPort = containerPort;
  if (entry.volume !== undefined) spec.volume = entry.volume.trim();
  if (entry.healthcheck?.test !== undefined) spec.healthcheck = copyHealthcheck(entry.healthcheck);
  if (entry.command !== undefined)
    spec.command = Array.isArray(entry.command) ? defined(entry.command) : entry.command;
  return spec;
}

function copyHealthcheck(hc: NonNullable<RawInfra["healthcheck"]>): ImageHealthcheck {
  const test = Array.isArray(hc.test) ? defined(hc.test) : (hc.test as string);
  const out: ImageHealthcheck = { test };
  if (hc.interval !== undefined) out.interval = hc.interval;
  if (hc.timeout !== undefined) out.timeout = hc.timeout;
  if (hc.retries !== undefined) out.retries = hc.retries;
  if (hc.start_period !== undefined) out.start_period = hc.start_period;
  return out;
}
