import { type ImageRef, parseImageRef } from "../compose/image.js";
import type { ComposeFile } from "../compose/model.js";
import {
  type CheckStatus,
  combineChecks,
  type Diagnostic,
  type DockerProbe,
  diagnostic,
  type Result,
  resultOf,
  type SkippedCheck,
} from "../core/index.js";

export { type ImageRef, parseImageRef };

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The reference without its digest (`postgres:18-alpine@sha256:…` → `postgres:18-alpine`): the key
 * of an image in an IMAGE_DIGESTS file.
 *
 * @example
 * ```ts
 * unpinnedRef("redis:8.2-alpine@sha256:" + "0".repeat(64)); // "redis:8.2-alpine"
 * ```
 */
export function unpinnedRef(ref: string): string {
  const at = ref.indexOf("@");
  return at >= 0 ? ref.slice(0, at) : ref;
}

/**
 * Renders an IMAGE_DIGESTS file: a comment header, then one `<image> <digest>` line per image,
 * sorted by image, so the same pins always give the same bytes.
 *
 * @example
 * ```ts
 * renderImageDigests({ "redis:8.2-alpine": "sha256:" + "a".repeat(64) });
 * // "# IMAGE_DIGESTS …\nredis:8.2-alpine sha256:aaaa…\n"
 * ```
 */
export function renderImageDigests(digests: Record<string, string>): string {
  const lines = [
    "# IMAGE_DIGESTS: the image digests docker-compose.yml is pinned to.",
    "# Written by `slipway digests pin`; `slipway digests verify` reports drift.",
    "# <image> <digest>",
  ];
  for (const ref of Object.keys(digests).sort()) lines.push(`${ref} ${digests[ref]}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Parses an IMAGE_DIGESTS file. Blank lines and `#` comments are skipped; `<image> <digest>` and
 * `<image>@<digest>` lines are accepted. Malformed lines and duplicates are reported with their line.
 *
 * @example
 * ```ts
 * const r = parseImageDigests("postgres:18-alpine sha256:" + "b".repeat(64) + "\n");
 * if (r.ok) r.value["postgres:18-alpine"]; // "sha256:bbbb…"
 * ```
 */
export function parseImageDigests(text: string, file = "IMAGE_DIGESTS"): Result<Record<string, string>> {
  const digests: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    let ref: string | undefined;
    let digest: string | undefined;
    const parts = line.split(/\s+/);
    if (parts.length === 2) [ref, digest] = parts;
    else if (parts.length === 1 && line.includes("@")) {
      ref = unpinnedRef(line);
      digest = line.slice(line.indexOf("@") + 1);
    }
    if (ref === undefined || digest === undefined || !DIGEST.test(digest)) {
      diagnostics.push(
        diagnostic("digest/file-invalid", "error", `Unexpected line in ${file}: "${line}"`, {
          file,
          line: index + 1,
          column: 1,
          hint: "Each line is `<image> sha256:<64 hex digits>`; regenerate the file with `slipway digests pin`",
        }),
      );
      return;
    }
    if (digests[ref] !== undefined && digests[ref] !== digest) {
      diagnostics.push(
        diagnostic("digest/file-invalid", "error", `Image ${ref} is pinned twice with different digests`, {
          file,
          line: index + 1,
          column: 1,
          hint: "Keep one line per image",
        }),
      );
      return;
    }
    digests[ref] = digest;
  });
  return resultOf(digests, diagnostics);
}

/** What {@link pinImages} returns. */
export interface PinnedImages {
  /** The Compose model with every pinnable image as `image:tag@sha256:…`. */
  compose: ComposeFile;
  /** Image (without digest) → digest. */
  digests: Record<string, string>;
  /** The IMAGE_DIGESTS file text for `digests`. */
  imageDigestsFile: string;
}

function usesVariable(image: string): boolean {
  return image.includes("$");
}

/**
 * Pins every service image of a Compose model to the repository digest the engine holds for it,
 * and renders the IMAGE_DIGESTS file. Images must have been pulled (a digest comes from a
 * registry); an image the engine lacks, or a missing engine, is an error naming the service.
 * Services that only `build:` and images written as `${VAR}` are left as they are (info).
 *
 * @example
 * ```ts
 * const r = await pinImages(compose, { docker: createDockerProbe() });
 * if (r.ok) {
 *   writeFileSync("IMAGE_DIGESTS", r.value.imageDigestsFile);
 *   writeFileSync("docker-compose.yml", renderCompose(r.value.compose));
 * }
 * ```
 */
export async function pinImages(
  compose: ComposeFile,
  deps: { docker: DockerProbe },
): Promise<Result<PinnedImages>> {
  const diagnostics: Diagnostic[] = [];
  if (!(await deps.docker.available())) {
    return resultOf({ compose, digests: {}, imageDigestsFile: renderImageDigests({}) }, [
      diagnostic("engine/required", "error", "No Docker engine answers; image digests cannot be read", {
        hint: "Start Docker (or set DOCKER_HOST), pull the images, then pin again",
      }),
    ]);
  }
  const services: ComposeFile["services"] = {};
  const digests: Record<string, string> = {};
  for (const name of Object.keys(compose.services).sort()) {
    const service = compose.services[name]!;
    const image = service.image;
    const path = `services.${name}.image`;
    if (image === undefined || usesVariable(image)) {
      if (image !== undefined) {
        diagnostics.push(
          diagnostic(
            "digest/variable-image",
            "info",
            `Image of ${name} is a variable (${image}); not pinned`,
            {
              path,
            },
          ),
        );
      }
      services[name] = service;
      continue;
    }
    const ref = unpinnedRef(image);
    const digest = await deps.docker.imageDigest(ref);
    if (digest === undefined) {
      diagnostics.push(
        diagnostic("digest/unavailable", "error", `Missing repository digest for ${ref} (service ${name})`, {
          path,
          hint: `Pull the image from its registry first (\`docker pull ${ref}\`); images built or imported locally have no repository digest`,
        }),
      );
      services[name] = service;
      continue;
    }
    const pinned = parseImageRef(image).digest;
    if (pinned !== undefined && pinned !== digest) {
      diagnostics.push(
        diagnostic(
          "digest/repinned",
          "info",
          `Image of ${name} was pinned to ${pinned}; the engine holds ${digest} for ${ref}`,
          { path },
        ),
      );
    }
    digests[ref] = digest;
    services[name] = { ...service, image: `${ref}@${digest}` };
  }
  return resultOf(
    { compose: { ...compose, services }, digests, imageDigestsFile: renderImageDigests(digests) },
    diagnostics,
  );
}

/** What {@link verifyDigests} found for the image of one service. */
export interface ImageVerification {
  service: string;
  /** The image without its digest (`postgres:17-alpine`); a variable image as written. */
  image: string;
  /** `passed`: pinned, and the engine holds the pinned digest; `not-checked`: see `reason`. */
  status: CheckStatus;
  /** Why the image failed or could not be checked. */
  reason?: string;
  /** The digest IMAGE_DIGESTS pins, when it has a line for the image. */
  pinned?: string;
  /** The digest the engine holds for the image, when it was asked and has one. */
  local?: string;
}

/** What {@link verifyDigests} returns. */
export interface DigestVerification {
  /** `failed` when an image failed (or the file is broken), else `not-checked` when one was not verified, else `passed`. */
  status: CheckStatus;
  engineAvailable: boolean;
  /** One entry per service with an image, in service order. */
  images: ImageVerification[];
  /** The images that could not be verified, with the reason (the `not-checked` entries of `images`). */
  skipped: SkippedCheck[];
  diagnostics: Diagnostic[];
}

/**
 * Compares a Compose model and the engine's images with an IMAGE_DIGESTS file and reports drift:
 * an image the engine holds under another digest than the pinned one (error `digest/drift`), a
 * Compose image pinned to another digest than the file (error `digest/mismatch`), an image the file
 * does not pin (warning `digest/not-pinned`), an image not pulled yet (warning
 * `digest/image-absent`). Without an engine, only the file and the Compose model are compared and a
 * warning says so. Each service's image is `passed`, `failed` or `not-checked` with the reason: an
 * image with no line in the file, a variable image, an image not pulled, or no engine is never
 * counted as a match.
 *
 * @example
 * ```ts
 * const r = await verifyDigests(compose, readFileSync("IMAGE_DIGESTS", "utf8"), { docker });
 * for (const s of r.skipped) console.log(`not verified: ${s.check}: ${s.reason}`);
 * if (r.status === "failed") for (const p of r.diagnostics) console.error(formatDiagnostic(p));
 * ```
 */
export async function verifyDigests(
  compose: ComposeFile,
  imageDigestsFile: string,
  deps: { docker: DockerProbe },
  options: { file?: string } = {},
): Promise<DigestVerification> {
  const file = options.file ?? "IMAGE_DIGESTS";
  const parsed = parseImageDigests(imageDigestsFile, file);
  if (!parsed.ok) {
    return {
      status: "failed",
      engineAvailable: false,
      images: [],
      skipped: [],
      diagnostics: parsed.diagnostics,
    };
  }
  const pins = parsed.value;
  const diagnostics: Diagnostic[] = [];
  const engine = await deps.docker.available();
  if (!engine) {
    diagnostics.push(
      diagnostic(
        "engine/unavailable",
        "warning",
        "No Docker engine answers; local images were not compared",
        {
          hint: "Start Docker (or set DOCKER_HOST) and verify again",
        },
      ),
    );
  }
  const used = new Set<string>();
  const local = new Map<string, string | undefined>();
  const images: ImageVerification[] = [];
  for (const name of Object.keys(compose.services).sort()) {
    const image = compose.services[name]!.image;
    if (image === undefined) continue;
    if (usesVariable(image)) {
      images.push({
        service: name,
        image,
        status: "not-checked",
        reason: `the image is a variable (${image})`,
      });
      continue;
    }
    const ref = unpinnedRef(image);
    used.add(ref);
    if (engine && pins[ref] !== undefined && !local.has(ref))
      local.set(ref, await deps.docker.imageDigest(ref));
    images.push(
      verifyImage(
        { service: name, image, ref, file, engine, pinned: pins[ref], local: local.get(ref) },
        diagnostics,
      ),
    );
  }
  for (const ref of Object.keys(pins).sort()) {
    if (!used.has(ref)) {
      diagnostics.push(
        diagnostic("digest/unused", "info", `${file} pins ${ref}, which no service uses`, {
          file,
          hint: "Remove the line or pin again",
        }),
      );
    }
  }
  const skipped = images
    .filter((i) => i.status === "not-checked")
    .map((i) => ({
      check: `${i.service} (${i.image})`,
      reason: i.reason!,
      path: `services.${i.service}.image`,
    }));
  return {
    status: combineChecks(images.map((i) => i.status)),
    engineAvailable: engine,
    images,
    skipped,
    diagnostics,
  };
}

/** The verdict on one pinnable image, adding its diagnostics to `diagnostics`. */
function verifyImage(
  at: {
    service: string;
    image: string;
    ref: string;
    file: string;
    engine: boolean;
    pinned: string | undefined;
    local: string | undefined;
  },
  diagnostics: Diagnostic[],
): ImageVerification {
  const { service: name, image, ref, file, pinned, local } = at;
  const path = `services.${name}.image`;
  const result: ImageVerification = { service: name, image: ref, status: "passed" };
  if (pinned === undefined) {
    diagnostics.push(
      diagnostic("digest/not-pinned", "warning", `Image ${ref} (service ${name}) has no line in ${file}`, {
        path,
        hint: "Run `slipway digests pin` to record its digest",
      }),
    );
    return { ...result, status: "not-checked", reason: `no line in ${file}` };
  }
  result.pinned = pinned;
  const inCompose = parseImageRef(image).digest;
  if (inCompose !== undefined && inCompose !== pinned) {
    diagnostics.push(
      diagnostic(
        "digest/mismatch",
        "error",
        `Compose pins ${ref} to ${inCompose} but ${file} pins ${pinned} (service ${name})`,
        { path, hint: "Pin again with `slipway digests pin` so both agree" },
      ),
    );
    result.status = "failed";
    result.reason = `Compose pins ${inCompose}, ${file} pins ${pinned}`;
  }
  if (!at.engine) {
    if (result.status === "failed") return result;
    return {
      ...result,
      status: "not-checked",
      reason: "no Docker engine answers, so the local image was not compared",
    };
  }
  if (local === undefined) {
    diagnostics.push(
      diagnostic("digest/image-absent", "warning", `Image ${ref} (service ${name}) is not pulled`, {
        path,
        hint: `Pull it (\`docker pull ${ref}@${pinned}\`) and verify again`,
      }),
    );
    if (result.status === "failed") return result;
    return { ...result, status: "not-checked", reason: "the engine does not hold the image (not pulled)" };
  }
  result.local = local;
  if (local !== pinned) {
    diagnostics.push(
      diagnostic(
        "digest/drift",
        "error",
        `Image ${ref} drifted: the engine holds ${local}, pinned ${pinned}`,
        {
          path,
          hint: `The tag now names other content. Review the change, then either \`docker pull ${ref}@${pinned}\` or re-pin with \`slipway digests pin\``,
        },
      ),
    );
    return { ...result, status: "failed", reason: `the engine holds ${local}` };
  }
  return result;
}
