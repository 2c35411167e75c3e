import type { RuleHit, SecretRule } from "../types.js";

const HEADER = /^-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/;
/** A key body has at least this many base64 characters; fewer is an elided example. */
const MIN_BODY = 64;
/** How far to look for the body when the END line is missing. */
const MAX_BLOCK = 16_384;

function countBase64(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47) n++;
  }
  return n;
}

/**
 * Finds PEM private key blocks, `-----BEGIN … PRIVATE KEY-----` through `-----END … PRIVATE KEY-----`,
 * across lines or with escaped `\n` inside a JSON string. A block whose body is elided (`...`) or too
 * short is a placeholder. Linear: each search for an END line starts after the previous one.
 *
 * @example
 * ```ts
 * findPrivateKeys(pemText); // [{ start: 0, end: 1704, placeholder: false }]
 * ```
 */
export function findPrivateKeys(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  let from = 0;
  // The first END marker at or after `endFrom` (-1: none); reused while it lies ahead.
  let nextEnd = -2;
  let endFrom = 0;
  for (;;) {
    const begin = text.indexOf("-----BEGIN ", from);
    if (begin < 0) break;
    const header = HEADER.exec(text.slice(begin, begin + 80));
    if (header === null) {
      from = begin + 11;
      continue;
    }
    const bodyStart = begin + header[0].length;
    if (nextEnd === -2 || (nextEnd >= 0 && nextEnd < bodyStart) || endFrom > bodyStart) {
      nextEnd = text.indexOf("-----END ", bodyStart);
      endFrom = bodyStart;
    }
    let bodyEnd: number;
    let blockEnd: number;
    if (nextEnd >= 0 && nextEnd - bodyStart <= MAX_BLOCK) {
      const close = text.indexOf("-----", nextEnd + 9);
      blockEnd = close >= 0 && close - nextEnd < 80 ? close + 5 : nextEnd + 9;
      bodyEnd = nextEnd;
    } else {
      // No END line: the body runs to the next "-----" (often the next BEGIN), within MAX_BLOCK.
      const dashes = text.indexOf("-----", bodyStart);
      bodyEnd = Math.min(dashes < 0 ? text.length : dashes, bodyStart + MAX_BLOCK);
      blockEnd = bodyStart;
    }
    const body = countBase64(text, bodyStart, bodyEnd);
    const head = text.slice(bodyStart, Math.min(bodyEnd, bodyStart + 256));
    const elided =
      head.includes("...") ||
      head.includes("\u2026") ||
      /your[ _-]|[ _-]here|[ _-]example|example[ _-]/i.test(head);
    hits.push({ start: begin, end: blockEnd, placeholder: elided || body < MIN_BODY });
    from = Math.max(blockEnd, bodyStart);
  }
  return hits;
}

/** PEM private keys of every type (RSA, EC, DSA, OpenSSH, encrypted PKCS#8, PGP). */
export const privateKey: SecretRule = {
  id: "private-key",
  family: "private-key",
  title: "Private key",
  provider: false,
  severity: "error",
  keywords: ["PRIVATE KEY"],
  shape: "`-----BEGIN RSA PRIVATE KEY-----`, base64 lines, `-----END RSA PRIVATE KEY-----` (any key type)",
  matcher: { type: "custom", find: findPrivateKeys },
};
