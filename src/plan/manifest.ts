import { type Diagnostic, diagnostic } from "../core/index.js";

/** Where slipway keeps what it wrote, relative to the output folder. */
export const MANIFEST_PATH = ".slipway/manifest.json";

/** What slipway recorded about one file it wrote. */
export interface ManifestEntry {
  /** sha256 of the content written. */
  sha256: string;
  /** For the Compose file: the model slipway generated (the base of the next three-way merge). */
  model?: unknown;
  /**
   * For the Compose file: sha256 of the text slipway generated, before any merge with the user's
   * edits. A file on disk with this hash holds no edit of the user's, so it is simply updated.
   */
  generated?: string;
  /** For env files: sha256 of each value slipway generated, to tell its own values from the user's. */
  values?: Record<string, string>;
}

/** The manifest of the files slipway wrote into one output folder. */
export interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
}

/** An empty manifest. */
export function emptyManifest(): Manifest {
  return { version: 1, files: {} };
}

/**
 * Reads a manifest's text; an unreadable manifest is a warning and counts as empty, so slipway
 * treats every existing file as the user's (it never overwrites, it reports conflicts).
 */
export function parseManifest(text: string | undefined): { manifest: Manifest; diagnostics: Diagnostic[] } {
  if (text === undefined) return { manifest: emptyManifest(), diagnostics: [] };
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === "object" &&
      value !== null &&
      (value as { version?: unknown }).version === 1 &&
      typeof (value as { files?: unknown }).files === "object" &&
      (value as { files?: unknown }).files !== null
    ) {
      return { manifest: value as Manifest, diagnostics: [] };
    }
  } catch {
    // fall through to the warning
  }
  return {
    manifest: emptyManifest(),
    diagnostics: [
      diagnostic(
        "plan/manifest-unreadable",
        "warning",
        `Unreadable ${MANIFEST_PATH}; treating every existing file as yours`,
        {
          file: MANIFEST_PATH,
          hint: "Files you did not change may be reported as conflicts; use --force after checking them.",
        },
      ),
    ],
  };
}

/** Renders a manifest deterministically (sorted file keys). */
export function renderManifest(manifest: Manifest): string {
  const files: Record<string, ManifestEntry> = {};
  for (const key of Object.keys(manifest.files).sort()) files[key] = manifest.files[key]!;
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
}
