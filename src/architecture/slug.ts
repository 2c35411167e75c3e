const TRANSLITERATIONS: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

const MAX_SLUG_LENGTH = 63;

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * A Compose-safe project slug from a project name: accents removed, lowercase, runs of other
 * characters turned into `-`, at most 63 characters, matching `^[a-z0-9][a-z0-9_-]*$`. A name with
 * no Latin letters or digits gets `project-<hash of the name>`, so it is never empty and two
 * such names rarely share a slug.
 *
 * @example
 * ```ts
 * projectSlug("Café Ōrder Système"); // "cafe-order-systeme"
 * projectSlug("Community Harm Index Monitor"); // "community-harm-index-monitor"
 * projectSlug("日本語"); // "project-" followed by 8 hex digits
 * ```
 */
export function projectSlug(name: string): string {
  const folded = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => TRANSLITERATIONS[c] ?? c);
  let slug = folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug.length > MAX_SLUG_LENGTH) slug = slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "");
  if (slug === "") return name.trim() === "" ? "project" : `project-${fnv1a(name)}`;
  return slug;
}

/**
 * The database name for a project: its slug with underscores (`my-project` → `my_project`).
 *
 * @example
 * ```ts
 * databaseName("chi-monitor"); // "chi_monitor"
 * ```
 */
export function databaseName(slug: string): string {
  return slug.replace(/-/g, "_");
}
