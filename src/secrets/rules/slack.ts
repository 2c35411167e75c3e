import type { SecretRule } from "../types.js";

/** Slack bot, user, app, workspace, refresh and configuration tokens. */
export const slackToken: SecretRule = {
  id: "slack-token",
  family: "slack",
  title: "Slack token",
  provider: true,
  severity: "error",
  keywords: ["xoxa-", "xoxb-", "xoxe-", "xoxo-", "xoxp-", "xoxr-", "xoxs-", "xapp-"],
  shape:
    "`xoxb-`, `xoxp-`, `xoxa-`, `xoxe-`, `xoxr-`, `xoxs-`, `xoxo-` or `xapp-` + digit groups and letters, joined by `-`",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9_-])(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{16,}(?![A-Za-z0-9_-])/g,
    // Real tokens carry numeric workspace/user parts: demand digits and at least two groups.
    validate: (value) => /[0-9]/.test(value) && value.split("-").length >= 3,
  },
};

/** Incoming webhooks and workflow triggers. */
export const slackWebhookUrl: SecretRule = {
  id: "slack-webhook-url",
  family: "slack",
  title: "Slack webhook URL",
  provider: true,
  severity: "error",
  keywords: ["hooks.slack.com"],
  shape: "`hooks.slack.com/services/` + `T…/B…/` + 24 letters and digits",
  matcher: {
    type: "pattern",
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/g,
  },
};
