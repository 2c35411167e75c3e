import type { SecretRule } from "../types.js";

/** Google Cloud / Firebase / Maps API keys. */
export const googleApiKey: SecretRule = {
  id: "google-api-key",
  family: "google",
  title: "Google API key",
  provider: true,
  severity: "error",
  keywords: ["AIza"],
  shape: "`AIza` + 35 of `A–Z a–z 0–9 _ -`",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
};
