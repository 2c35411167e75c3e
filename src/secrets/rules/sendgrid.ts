import type { SecretRule } from "../types.js";

/** SendGrid API keys. */
export const sendgridApiKey: SecretRule = {
  id: "sendgrid-api-key",
  family: "sendgrid",
  title: "SendGrid API key",
  provider: true,
  severity: "error",
  keywords: ["SG."],
  shape: "`SG.` + 22 of `A–Z a–z 0–9 _ -` + `.` + 43 of the same",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
  },
};
