import type { SecretRule } from "../types.js";

/** Twilio API key SIDs (`SK…`), which are used together with their secret. */
export const twilioApiKey: SecretRule = {
  id: "twilio-api-key",
  family: "twilio",
  title: "Twilio API key",
  provider: true,
  severity: "error",
  keywords: ["SK"],
  shape: "`SK` + 32 hexadecimal digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])SK[0-9a-fA-F]{32}(?![A-Za-z0-9_])/g },
};

const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * Twilio auth tokens: 32 hexadecimal digits assigned to a key naming Twilio and an auth token or
 * secret (`TWILIO_AUTH_TOKEN`). Account SIDs (`AC…`) are identifiers, not secrets; an SID paired
 * with its token inside a URL is caught by the connection-URL rule.
 */
export const twilioAuthToken: SecretRule = {
  id: "twilio-auth-token",
  family: "twilio",
  title: "Twilio auth token",
  provider: true,
  severity: "error",
  keywords: [],
  shape: "32 hexadecimal digits, assigned to a key such as `TWILIO_AUTH_TOKEN`",
  matcher: {
    type: "assignment",
    key: (a) =>
      a.compactKey.includes("twilio") &&
      (a.compactKey.includes("auth") || a.compactKey.includes("token") || a.compactKey.includes("secret")),
    value: (value) => (HEX32.test(value) ? "secret" : "next"),
  },
};
