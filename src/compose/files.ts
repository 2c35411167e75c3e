/**
 * The Compose file names slipway looks for in a folder, in the order Compose itself tries them
 * (https://docs.docker.com/compose/intro/compose-application-model/#the-compose-file): every command
 * that picks a file by itself picks the same one.
 */
export const DEFAULT_COMPOSE_FILES: readonly string[] = [
  "compose.yaml",
  "compose.yml",
  "docker-compose.yml",
  "docker-compose.yaml",
];

/**
 * The Compose file Compose would read in a folder: the first of {@link DEFAULT_COMPOSE_FILES} that
 * `exists` says is there, or `undefined`.
 *
 * @example
 * ```ts
 * findComposeFile((name) => ["docker-compose.yml", "compose.yaml"].includes(name)); // "compose.yaml"
 * ```
 */
export function findComposeFile(exists: (name: string) => boolean): string | undefined {
  return DEFAULT_COMPOSE_FILES.find((name) => exists(name));
}

/**
 * A path named inside a Compose file (`include:`, `env_file:`), relative to that file's folder, as a
 * `/`-separated path without `.` and `..` steps where they can be removed. Absolute paths stay.
 *
 * @example
 * ```ts
 * relativeTo("deploy/compose.yaml", "../common/db.yaml"); // "common/db.yaml"
 * relativeTo("compose.yaml", "./db.yaml"); // "db.yaml"
 * ```
 */
export function relativeTo(composeFile: string, path: string): string {
  const normal = path.replace(/\\/g, "/");
  if (normal.startsWith("/")) return normal;
  const folder = composeFile.replace(/\\/g, "/").split("/").slice(0, -1);
  const out: string[] = [];
  for (const step of [...folder, ...normal.split("/")]) {
    if (step === "" || step === ".") continue;
    if (step === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(step);
  }
  return out.join("/");
}
