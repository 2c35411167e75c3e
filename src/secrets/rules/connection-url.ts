import type { RuleHit, SecretRule } from "../types.js";

/** Longest `user:password@host` part considered. */
const MAX_AUTHORITY = 512;

function isSchemeChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46
  );
}

/** Ends the authority of a URL: `/ ? #`, whitespace, quotes, `< > \`. */
function isAuthorityStop(c: number): boolean {
  return (
    c === 47 ||
    c === 63 ||
    c === 35 ||
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 34 ||
    c === 39 ||
    c === 96 ||
    c === 60 ||
    c === 62 ||
    c === 92
  );
}

/**
 * Finds the password of every `scheme://user:password@host` URL. The value runs from the first `:`
 * of the user-info to the last `@` before the host. Linear: each scan stops at the next `/`, so
 * scans never overlap.
 *
 * @example
 * ```ts
 * findUrlPasswords("postgres://app:pw123@db/app"); // [{ start: 15, end: 20 }]
 * ```
 */
export function findUrlPasswords(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  let from = 0;
  for (;;) {
    const sep = text.indexOf("://", from);
    if (sep < 0) break;
    from = sep + 3;
    // A scheme of at least two characters starting with a letter.
    let s = sep;
    while (s > 0 && sep - s < 32 && isSchemeChar(text.charCodeAt(s - 1))) s--;
    const first = text.charCodeAt(s);
    if (sep - s < 2 || !((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) continue;
    let at = -1;
    let colon = -1;
    let i = sep + 3;
    const limit = Math.min(text.length, i + MAX_AUTHORITY);
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (isAuthorityStop(c)) break;
      if (c === 64 /* @ */) at = i;
      else if (c === 58 /* : */ && colon < 0 && at < 0) colon = i;
    }
    if (at < 0 || colon < 0 || colon > at) continue;
    if (at - colon - 1 <= 0) continue;
    hits.push({ start: colon + 1, end: at });
  }
  return hits;
}

/** Passwords inside connection URLs (`postgresql://user:password@host/db`, `redis://:password@host`). */
export const connectionUrlPassword: SecretRule = {
  id: "connection-url-password",
  family: "connection-url",
  title: "Password in a connection URL",
  provider: false,
  severity: "error",
  keywords: ["://"],
  shape: "`scheme://user:` + password + `@host`",
  matcher: { type: "custom", find: findUrlPasswords },
};
