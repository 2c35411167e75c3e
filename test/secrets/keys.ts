/**
 * Builds realistic-format credentials at run time from a seeded generator, so that no
 * secret-looking literal is ever committed. Prefixes are assembled from pieces for the same reason.
 */
import { mulberry32 } from "../fakes/random.js";

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const B64URL = `${ALNUM}-_`;
export const HEX = "0123456789abcdef";
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A small deterministic generator (mulberry32). */
export const seeded = mulberry32;

export function pick(rand: () => number, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Joins pieces: `j("gh", "p_")` — keeps prefixes out of the source as whole tokens. */
export const j = (...parts: string[]) => parts.join("");

/** One realistic value per rule that matches values by shape. */
export function providerKeys(rand: () => number): { rule: string; value: string }[] {
  const p = (alphabet: string, n: number) => pick(rand, alphabet, n);
  const jwtHeader = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const jwtPayload = b64url(JSON.stringify({ sub: p(HEX, 8), iat: 1700000000 }));
  return [
    { rule: "aws-access-key-id", value: j("AK", "IA", p(BASE32, 16)) },
    { rule: "github-pat", value: j("gh", "p_", p(ALNUM, 36)) },
    { rule: "github-fine-grained-pat", value: j("github", "_pat_", p(ALNUM, 22), "_", p(ALNUM, 59)) },
    { rule: "github-oauth-token", value: j("gh", "o_", p(ALNUM, 36)) },
    { rule: "github-app-token", value: j("gh", "s_", p(ALNUM, 36)) },
    { rule: "github-refresh-token", value: j("gh", "r_", p(ALNUM, 76)) },
    { rule: "gitlab-token", value: j("gl", "pat-", p(B64URL, 20)) },
    { rule: "gitlab-runner-registration-token", value: j("GR", "1348941", p(B64URL, 20)) },
    {
      rule: "slack-token",
      value: j("xo", "xb-", p("0123456789", 12), "-", p("0123456789", 13), "-", p(ALNUM, 24)),
    },
    {
      rule: "slack-webhook-url",
      value: j(
        "https://hooks.",
        "slack.com/services/T",
        p(BASE32, 8),
        "/B",
        p(BASE32, 10),
        "/",
        p(ALNUM, 24),
      ),
    },
    { rule: "stripe-live-key", value: j("sk", "_live_", p(ALNUM, 24)) },
    { rule: "stripe-test-key", value: j("sk", "_test_", p(ALNUM, 24)) },
    { rule: "stripe-webhook-secret", value: j("wh", "sec_", p(ALNUM, 32)) },
    { rule: "openai-api-key", value: j("sk", "-", p(ALNUM, 20), "T3Blbk", "FJ", p(ALNUM, 20)) },
    { rule: "openai-project-key", value: j("sk", "-proj-", p(B64URL, 156)) },
    { rule: "anthropic-api-key", value: j("sk", "-ant-api03-", p(B64URL, 93), "AA") },
    { rule: "google-api-key", value: j("AI", "za", p(B64URL, 35)) },
    { rule: "sendgrid-api-key", value: j("S", "G.", p(B64URL, 22), ".", p(B64URL, 43)) },
    { rule: "twilio-api-key", value: j("S", "K", p(HEX, 32)) },
    { rule: "npm-token", value: j("np", "m_", p(ALNUM, 36)) },
    { rule: "jwt", value: `${jwtHeader}.${jwtPayload}.${p(B64URL, 43)}` },
  ];
}

/** A PEM private key block of `lines` body lines. */
export function pemBlock(rand: () => number, type = "RSA", lines = 12): string {
  const label = j(type === "" ? "" : `${type} `, "PRIVATE", " KEY");
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(pick(rand, `${ALNUM}+/`, 64));
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join("\n");
}

/** A random password mixing classes, like one a person or a generator would choose. */
export function password(rand: () => number, n = 16): string {
  return pick(rand, `${ALNUM}!#%^*-_.`, n);
}
