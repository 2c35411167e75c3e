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

/** True when `word` (lower case) stands at `at` in `text`, in any case. */
function wordAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++)
    if ((text.charCodeAt(at + i) | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * The credential of an HTTP `Bearer` or `Basic` scheme word starting at `at` (any case, then one or
 * more spaces), read no further than `end`: a bearer token that looks random (a JWT is reported by
 * its own rule first), or a basic credential that decodes to `user:password`. Returns the hit, or
 * `undefined` when no scheme word or no credential stands there. `Bearer $TOKEN` is a reference.
 *
 * @example
 * ```ts
 * const line = 'curl -H "Authorization: Bearer q8Jv2LmZ0pXr7TnBq8Jv2LmZ"';
 * authCredentialAt(line, 24, line.length); // { start: 31, end: 55, placeholder: false }
 * ```
 */
export function authCredentialAt(text: string, at: number, end: number): RuleHit | undefined {
  // b, then e-a (bearer) or a-s (basic): three character tests reject almost every position.
  if ((text.charCodeAt(at) | 32) !== 98 /* b */) return undefined;
  const c1 = text.charCodeAt(at + 1) | 32;
  const c2 = text.charCodeAt(at + 2) | 32;
  if (!((c1 === 101 && c2 === 97) || (c1 === 97 && c2 === 115))) return undefined;
  if (at > 0 && isLetter(text.charCodeAt(at - 1))) return undefined;
  const basic = c1 === 97;
  if (!wordAt(text, at, basic ? "basic" : "bearer")) return undefined;
  const after = at + (basic ? 5 : 6);
  let s = after;
  while (s < end && s - after < 8 && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  if (s === after) return undefined;
  let e = s;
  while (e < end && e - s <= MAX_CREDENTIAL && isTokenChar(text.charCodeAt(e))) e++;
  if (e - s < 8 || e - s > MAX_CREDENTIAL) return undefined;
  const credential = text.slice(s, e);
  if (basic) {
    const password = basicPassword(credential);
    return password === undefined ? undefined : { start: s, end: e, placeholder: isPlaceholder(password) };
  }
  if (isPlaceholder(credential)) return { start: s, end: e, placeholder: true };
  return e - s >= 16 && looksRandom(credential) ? { start: s, end: e, placeholder: false } : undefined;
}

/**
 * Every credential after `Bearer ` or `Basic ` in `text`, or in `[start, end)` (see
 * {@link authCredentialAt}): an `Authorization:` header in a config file, a `curl -H` line in a
 * Dockerfile, an env value. Linear: one pass, each credential read once. The scanner runs it on
 * the lines it finds by the key words `auth` and `token` (`Authorization:`, `*_AUTH_HEADER=`,
 * `API_TOKEN_HEADER=`), not over the whole text.
 *
 * @example
 * ```ts
 * findAuthCredentials('curl -H "Authorization: Bearer q8Jv2LmZ0pXr7TnBq8Jv2LmZ"'); // [{ start: 31, end: 55, … }]
 * ```
 */
export function findAuthCredentials(text: string, start = 0, end = text.length): RuleHit[] {
  const hits: RuleHit[] = [];
  for (let at = start; at < end; at++) {
    const hit = authCredentialAt(text, at, end);
    if (hit === undefined) continue;
    hits.push(hit);
    at = hit.end - 1;
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
  // Read by the scanner on the lines it finds by `auth` and `token` (see `perLine`).
  keywords: [],
  shape:
    "`Bearer ` + a random-looking token of 16 or more characters, or `Basic ` + base64 of `user:password`",
  matcher: { type: "custom", find: findAuthCredentials, perLine: true },
};
