import type { SecretRule } from "../types.js";

/** Decodes base64url text; `undefined` when it is not valid. */
function decodeBase64Url(segment: string): string | undefined {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  if (base64.length % 4 === 1) return undefined;
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    return undefined;
  }
}

/** True when a JWT's header decodes to a JSON object with an `alg` member.
 *
 * @example
 * ```ts
 * hasJwtHeader(`${btoa('{"alg":"HS256"}')}.e30.sig`); // true
 * ```
 */
export function hasJwtHeader(token: string): boolean {
  const dot = token.indexOf(".");
  if (dot <= 0 || dot > 2048) return false;
  const header = decodeBase64Url(token.slice(0, dot));
  // Cheap tests first: most look-alikes fail here, without the cost of a thrown parse error.
  if (header === undefined || !header.startsWith("{") || !header.includes('"alg"')) return false;
  try {
    const parsed: unknown = JSON.parse(header);
    return (
      typeof parsed === "object" && parsed !== null && typeof (parsed as { alg?: unknown }).alg === "string"
    );
  } catch {
    return false;
  }
}

/** JSON Web Tokens: three base64url parts whose header is JSON naming an `alg`. */
export const jwt: SecretRule = {
  id: "jwt",
  family: "jwt",
  title: "JSON Web Token",
  provider: false,
  severity: "error",
  keywords: ["eyJ"],
  shape: "`eyJ` + base64url `.` `ey` + base64url `.` base64url signature (header decodes to JSON with `alg`)",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.ey[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    validate: hasJwtHeader,
  },
};
