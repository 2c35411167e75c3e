import type { SecretRule } from "../types.js";

/** HashiCorp Vault tokens (Vault 1.10 and later): service `hvs.`, batch `hvb.`, recovery `hvr.`. */
export const vaultToken: SecretRule = {
  id: "vault-token",
  family: "vault",
  title: "HashiCorp Vault token",
  provider: true,
  severity: "error",
  keywords: ["hvs.", "hvb.", "hvr."],
  shape: "`hvs.` (or `hvb.`, `hvr.`) + 24 or more of `A–Z a–z 0–9 _ -`",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24,}(?![A-Za-z0-9_-])/g,
  },
};
