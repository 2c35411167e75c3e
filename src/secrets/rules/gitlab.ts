import type { SecretRule } from "../types.js";

/**
 * GitLab tokens: personal, project and group access (`glpat-`), deploy (`gldt-`), runner
 * authentication (`glrt-`), pipeline trigger (`glptt-`), feed (`glft-`), SCIM/OAuth (`glsoat-`,
 * `gloas-`), CI job (`glcbt-`), incoming mail (`glimt-`) and agent (`glagent-`) tokens, in their
 * classic form and the newer one ending in `.01.` + 9 characters.
 */
export const gitlabToken: SecretRule = {
  id: "gitlab-token",
  family: "gitlab",
  title: "GitLab token",
  provider: true,
  severity: "error",
  keywords: [
    "glpat-",
    "gldt-",
    "glrt-",
    "glptt-",
    "glft-",
    "glsoat-",
    "gloas-",
    "glcbt-",
    "glimt-",
    "glagent-",
  ],
  shape: "`glpat-` (or another `gl…-` prefix) + 20 or more of `A–Z a–z 0–9 _ -`",
  matcher: {
    type: "pattern",
    pattern:
      /(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|ft|soat|oas|cbt|imt|agent)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?(?![A-Za-z0-9_-])/g,
  },
};

/** Legacy runner registration tokens. */
export const gitlabRunnerRegistrationToken: SecretRule = {
  id: "gitlab-runner-registration-token",
  family: "gitlab",
  title: "GitLab runner registration token",
  provider: true,
  severity: "error",
  keywords: ["GR1348941"],
  shape: "`GR1348941` + 20 of `A–Z a–z 0–9 _ -`",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_-])GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g },
};
