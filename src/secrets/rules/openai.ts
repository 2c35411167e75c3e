import type { SecretRule } from "../types.js";

/** Project, service-account and admin keys. */
export const openaiProjectKey: SecretRule = {
  id: "openai-project-key",
  family: "openai",
  title: "OpenAI project API key",
  provider: true,
  severity: "error",
  keywords: ["sk-proj-", "sk-svcacct-", "sk-admin-"],
  shape: "`sk-proj-` (or `sk-svcacct-`, `sk-admin-`) + 40 or more of `A–Z a–z 0–9 _ -`",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g,
  },
};

/** Legacy user keys (`sk-` + 48 characters, often with `T3BlbkFJ` in the middle) and look-alikes. */
export const openaiApiKey: SecretRule = {
  id: "openai-api-key",
  family: "openai",
  title: "OpenAI API key",
  provider: true,
  severity: "error",
  keywords: ["sk-"],
  shape: "`sk-` + 32 or more letters and digits (48 for OpenAI)",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
};
