/**
 * The one reader of image references (`registry/name:tag@sha256:…`) in slipway; the graph rules, the
 * service categories and the digest pinning all split references here.
 */

/** The parts of an image reference: `registry/name:tag@sha256:…`. */
export interface ImageRef {
  /** Repository with registry, without tag or digest: `postgis/postgis`, `ghcr.io/org/app`. */
  repository: string;
  tag?: string;
  /** The digest after `@` (`sha256:<64 hex>` in a pinned reference). */
  digest?: string;
}

/**
 * Splits an image reference into repository, tag and digest. A registry host with a port
 * (`localhost:5000/app`) is not mistaken for a tag; surrounding blanks are ignored.
 *
 * @example
 * ```ts
 * parseImageRef("ghcr.io/acme/api:1.4@sha256:abc"); // { repository: "ghcr.io/acme/api", tag: "1.4", digest: "sha256:abc" }
 * parseImageRef("localhost:5000/app"); // { repository: "localhost:5000/app" }
 * ```
 */
export function parseImageRef(reference: string): ImageRef {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  const ref: ImageRef = { repository: rest };
  if (colon > slash) {
    ref.repository = rest.slice(0, colon);
    ref.tag = rest.slice(colon + 1);
  }
  if (digest !== undefined) ref.digest = digest;
  return ref;
}
