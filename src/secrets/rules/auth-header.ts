import { looksRandom } from "../entropy.js";
import { isPlaceholder } from "../placeholder.js";
import type { RuleHit, SecretRule } from "../types.js";

/** Longest credential read after a scheme word. */
const MAX_CREDENTIAL = 4096;

/** Characters of an RFC 6750 token (`b64token`): letters, digits, `- . _ ~ + /`, trailing `=`. */
function isTokenChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 43 ||
    c === 47 ||
    c === 61
  );
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** The password of an HTTP Basic credential (base64 of `user:password`), else `undefined`. */
function basicPassword(credential: string): string | undefined {
  if (credential.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(credential)) return undefined;
  let decoded: string;
  try {
    decoded = atob(credential);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1 || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
  return decoded.slice(colon + 1);
}

/** The scheme words, in the three casings met in practice: one regex, one pass. */
const SCHEME = /[Bb]earer|BEARER|[Bb]asic|BASIC/g;

/**
 * Finds the credential after `Bearer ` or `Basic ` (one or more spaces) wherever it stands: an
 * `Authorization:` header in a config file, a `curl -H` line in a Dockerfile, an env value. A
 * bearer token counts when it looks random (a JWT is reported by its own rule first); a basic
 * credential when it decodes to `user:password`. `Bearer $TOKEN` is a reference, not a token.
 * Linear: one regex pass finds the scheme words; each credential is read once.
 *
 * @example
 * ```ts
 * findAuthCredentials('curl -H "Authorization: Bearer q8Jv2LmZ0pXr7TnBq8Jv2LmZ"'); // [{ start: 31, end: 55 }]
 * ```
 */
export function findAuthCredentials(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  const scheme = SCHEME;
  scheme.lastIndex = 0;
  for (let m = scheme.exec(text); m !== null; m = scheme.exec(text)) {
    const at = m.index;
    const basic = m[0].length === 5;
    if (at > 0 && isLetter(text.charCodeAt(at - 1))) continue;
    const after = at + m[0].length;
    let s = after;
    while (s < text.length && s - after < 8 && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    if (s === after) continue;
    let e = s;
    while (e < text.length && e - s <= MAX_CREDENTIAL && isTokenChar(text.charCodeAt(e))) e++;
    scheme.lastIndex = e;
    if (e - s < 8 || e - s > MAX_CREDENTIAL) continue;
    const credential = text.slice(s, e);
    if (basic) {
      const password = basicPassword(credential);
      if (password !== undefined) hits.push({ start: s, end: e, placeholder: isPlaceholder(password) });
    } else if (isPlaceholder(credential)) {
      hits.push({ start: s, end: e, placeholder: true });
    } else if (e - s >= 16 && looksRandom(credential)) {
      hits.push({ start: s, end: e, placeholder: false });
    }
  }
  return hits;
}

/** Credentials after `Authorization: Bearer` / `Basic` (headers, `curl -H`, env values). */
export const authHeaderCredential: SecretRule = {
  id: "auth-header-credential",
  family: "auth-header",
  title: "HTTP authorization credential",
  provider: false,
  severity: "error",
  keywords: ["Bearer", "bearer", "BEARER", "Basic", "basic", "BASIC"],
  shape:
    "`Bearer ` + a random-looking token of 16 or more characters, or `Basic ` + base64 of `user:password`",
  matcher: { type: "custom", find: findAuthCredentials },
};
