/**
 * True for env files meant to be committed: `.env.example` and other `*.example` files.
 *
 * @example
 * ```ts
 * isExampleEnvFile(".env.example"); // true
 * isExampleEnvFile(".env.development"); // false
 * ```
 */
export function isExampleEnvFile(file: string): boolean {
  return /(^|[./])example$/.test(file) || /(^|[./])(sample|template|dist)$/.test(file);
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) {
      source += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else if (c === "*") {
      source += "[^/]*";
    } else if (c === "?") {
      source += "[^/]";
    } else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close === -1) source += "\\[";
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        source += `[${body}]`;
        i = close;
      }
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether gitignore `lines` ignore a file of the project root named `file` (the last matching
 * pattern wins, `!` re-includes). Covers the patterns env-file rules use — globs without a
 * folder part, a leading `/` or a leading `**` folder — and ignores directory-only patterns (`x/`).
 *
 * @example
 * ```ts
 * envFileIgnored([".env*", "!.env.example"], ".env.development"); // true
 * envFileIgnored([".env*", "!.env.example"], ".env.example"); // false
 * ```
 */
export function envFileIgnored(lines: readonly string[], file: string): boolean {
  let ignored = false;
  for (const raw of lines) {
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    if (negated) line = line.slice(1);
    if (line.startsWith("\\#") || line.startsWith("\\!")) line = line.slice(1);
    if (line.endsWith("/")) continue;
    if (line.startsWith("/")) line = line.slice(1);
    else if (line.startsWith("**/")) line = line.slice(3);
    if (line.includes("/")) continue;
    if (globToRegExp(line).test(file)) ignored = !negated;
  }
  return ignored;
}
