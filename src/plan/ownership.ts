import { createTwoFilesPatch } from "diff";
import { sha256 } from "./hash.js";
import type { Manifest } from "./manifest.js";
import type { FileAction } from "./types.js";

const URL_PASSWORD = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/@:\s]*:)(.*)(@[^@]*)$/;

/**
 * The manifest's fingerprint of an env value: its sha256 with every credential and every URL
 * password blanked out first, so the manifest holds no trace of a password (not even a hash of a URL
 * that contains one) and a URL slipway wrote is still recognised after its password changed.
 *
 * @example
 * ```ts
 * valueDigest("postgresql://app:pw@db:5432/app", []) === valueDigest("postgresql://app:other@db:5432/app", []); // true
 * ```
 */
export function valueDigest(value: string, credentials: readonly string[]): string {
  let masked = value;
  for (const credential of credentials) masked = masked.split(credential).join("\u0000");
  // The password of a connection URL, whatever it is now or was when slipway wrote the URL.
  masked = masked.replace(URL_PASSWORD, "$1\u0000$3");
  return sha256(masked);
}

/**
 * True when the value of `key` in an existing env file is one slipway wrote, not the user.
 *
 * @example
 * ```ts
 * isOwnValue(manifest, ".env.development", "POSTGRES_PORT", "5434"); // true when slipway wrote 5434
 * ```
 */
export function isOwnValue(
  manifest: Manifest,
  file: string,
  key: string,
  value: string,
  credentials: readonly string[] = [],
): boolean {
  const recorded = manifest.files[file]?.values?.[key];
  return recorded !== undefined && recorded === valueDigest(value, credentials);
}

/**
 * What to do with a generated file given what is on disk and what slipway recorded writing.
 *
 * @example
 * ```ts
 * fileAction({ path: "README.md", content, onDisk: undefined, manifest, starter: true }); // "create"
 * ```
 */
export function fileAction(options: {
  path: string;
  content: string;
  onDisk: string | undefined;
  manifest: Manifest;
  starter: boolean;
}): FileAction {
  const { path, content, onDisk, manifest } = options;
  if (onDisk === undefined) return "create";
  if (onDisk === content) return "unchanged";
  const recorded = manifest.files[path]?.sha256;
  if (recorded !== undefined && recorded === sha256(onDisk)) return "update";
  return options.starter ? "keep" : "conflict";
}

/**
 * Merges line-based ignore files: the user's lines first, then the generated lines they lack.
 *
 * @example
 * ```ts
 * mergeIgnoreFile("dist/\n", ".env*\n"); // "dist/\n\n# Added by slipway\n.env*\n"
 * ```
 */
export function mergeIgnoreFile(onDisk: string, generated: string): string {
  const have = new Set(onDisk.split(/\r?\n/).map((l) => l.trim()));
  const missing = generated
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.startsWith("#") && !have.has(l.trim()));
  if (missing.length === 0) return onDisk;
  const base = onDisk.endsWith("\n") || onDisk === "" ? onDisk : `${onDisk}\n`;
  return `${base}\n# Added by slipway\n${missing.join("\n")}\n`;
}

/**
 * A unified diff from the file on disk to the planned content.
 *
 * @example
 * ```ts
 * unifiedDiff("README.md", "old\n", "new\n"); // "===…--- a/README.md\n+++ b/README.md\n…"
 * ```
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, "", "", { context: 3 });
}
