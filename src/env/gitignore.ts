/**
 * The `.gitignore` lines that keep env files out of git: every `.env*` file is ignored except
 * `.env.example`, which documents the variables without secrets.
 *
 * @example
 * ```ts
 * gitignoreFragment();
 * // "# Environment files hold credentials: keep them out of git\n.env*\n!.env.example\n"
 * ```
 */
export function gitignoreFragment(): string {
  return "# Environment files hold credentials: keep them out of git\n.env*\n!.env.example\n";
}
