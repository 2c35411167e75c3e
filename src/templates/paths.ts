/** The outcome of checking a relative path. */
export type RelativePathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Normalises a path that must stay inside a project folder: forward slashes only, no empty or `.`
 * segments, no trailing slash, `"."` for the folder itself. Refuses absolute paths (`/x`, `C:\x`,
 * `\\server`), any `..` segment, backslashes, control characters, a home prefix (`~`) and the
 * `.git` folder. Pure string work: it does not look at a disk, so symlinks are the writer's concern.
 *
 * @example
 * ```ts
 * normaliseRelativePath("./backend/"); // { ok: true, path: "backend" }
 * normaliseRelativePath("../elsewhere"); // { ok: false, reason: "…" }
 * ```
 */
export function normaliseRelativePath(input: string): RelativePathCheck {
  if (typeof input !== "string" || input.trim() === "") return { ok: false, reason: "it is empty" };
  if (/[\u0000-\u001f\u007f]/.test(input)) return { ok: false, reason: "it contains a control character" };
  if (input.includes("\\")) return { ok: false, reason: "it contains a backslash; use forward slashes" };
  if (input.startsWith("/")) return { ok: false, reason: "it is absolute" };
  const segments = input.split("/").filter((s) => s !== "" && s !== ".");
  // Checked on the first segment left, so "./C:" cannot become the drive-relative "C:".
  if (/^[A-Za-z]:/.test(segments[0] ?? "")) return { ok: false, reason: "it starts with a drive letter" };
  if ((segments[0] ?? "").startsWith("~"))
    return { ok: false, reason: "it starts with ~, which is not expanded" };
  if (segments.includes("..")) return { ok: false, reason: "it contains a .. segment" };
  if (segments.some((s) => s.toLowerCase() === ".git")) {
    return { ok: false, reason: "it points into the .git folder" };
  }
  return { ok: true, path: segments.length === 0 ? "." : segments.join("/") };
}

/**
 * Joins a normalised folder and a file name (`"."` + `"Dockerfile"` → `"Dockerfile"`).
 *
 * @example
 * ```ts
 * joinRelative("backend", "Dockerfile"); // "backend/Dockerfile"
 * ```
 */
export function joinRelative(folder: string, name: string): string {
  return folder === "." ? name : `${folder}/${name}`;
}
