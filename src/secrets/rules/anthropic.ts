import type { SecretRule } from "../types.js";

/** Anthropic API and admin keys (`sk-ant-api03-…`, `sk-ant-admin01-…`). */
export const anthropicApiKey: SecretRule = {
  id: "anthropic-api-key",
  family: "anthropic",
  title: "Anthropic API key",
  provider: true,
  severity: "error",
  keywords: ["sk-ant-"],
  shape: "`sk-ant-api03-` + 32 or more of `A–Z a–z 0–9 _ -` (95 in practice)",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9_-])sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g,
  },
};
