import type { SecretRule } from "../types.js";

/** npm access tokens (granular and classic, since 2021). */
export const npmToken: SecretRule = {
  id: "npm-token",
  family: "npm",
  title: "npm access token",
  provider: true,
  severity: "error",
  keywords: ["npm_"],
  shape: "`npm_` + 36 letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
};
