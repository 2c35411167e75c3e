import type { SecretRule } from "../types.js";

/** Classic personal access tokens. */
export const githubPat: SecretRule = {
  id: "github-pat",
  family: "github",
  title: "GitHub personal access token",
  provider: true,
  severity: "error",
  keywords: ["ghp_"],
  shape: "`ghp_` + 36 letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
};

/** Fine-grained personal access tokens. */
export const githubFineGrainedPat: SecretRule = {
  id: "github-fine-grained-pat",
  family: "github",
  title: "GitHub fine-grained personal access token",
  provider: true,
  severity: "error",
  keywords: ["github_pat_"],
  shape: "`github_pat_` + 82 letters, digits and `_`",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/g },
};

/** OAuth access tokens. */
export const githubOauthToken: SecretRule = {
  id: "github-oauth-token",
  family: "github",
  title: "GitHub OAuth access token",
  provider: true,
  severity: "error",
  keywords: ["gho_"],
  shape: "`gho_` + 36 letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])gho_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
};

/** GitHub App user-to-server and server-to-server (installation) tokens. */
export const githubAppToken: SecretRule = {
  id: "github-app-token",
  family: "github",
  title: "GitHub App token",
  provider: true,
  severity: "error",
  keywords: ["ghu_", "ghs_"],
  shape: "`ghu_` or `ghs_` + 36 letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])gh[us]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
};

/** GitHub App refresh tokens. */
export const githubRefreshToken: SecretRule = {
  id: "github-refresh-token",
  family: "github",
  title: "GitHub refresh token",
  provider: true,
  severity: "error",
  keywords: ["ghr_"],
  shape: "`ghr_` + 36 or more letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])ghr_[A-Za-z0-9]{36,76}(?![A-Za-z0-9_])/g },
};
