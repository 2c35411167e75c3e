import type { SecretRule } from "../types.js";
import { anthropicApiKey } from "./anthropic.js";
import { authHeaderCredential } from "./auth-header.js";
import { awsAccessKeyId, awsSecretAccessKey } from "./aws.js";
import { connectionUrlPassword } from "./connection-url.js";
import { genericPassword, genericSecret } from "./generic.js";
import {
  githubAppToken,
  githubFineGrainedPat,
  githubOauthToken,
  githubPat,
  githubRefreshToken,
} from "./github.js";
import { gitlabRunnerRegistrationToken, gitlabToken } from "./gitlab.js";
import { googleApiKey } from "./google.js";
import { jwt } from "./jwt.js";
import { npmToken } from "./npm.js";
import { openaiApiKey, openaiProjectKey } from "./openai.js";
import { privateKey } from "./private-key.js";
import { sendgridApiKey } from "./sendgrid.js";
import { slackToken, slackWebhookUrl } from "./slack.js";
import { stripeLiveKey, stripeTestKey, stripeWebhookSecret } from "./stripe.js";
import { twilioApiKey, twilioAuthToken } from "./twilio.js";
import { vaultToken } from "./vault.js";

/**
 * Every rule, in priority order: where two rules match overlapping text, the earlier one wins
 * (a provider rule over a generic one, a specific prefix over a general one).
 */
export const SECRET_RULES: readonly SecretRule[] = [
  privateKey,
  anthropicApiKey,
  openaiProjectKey,
  openaiApiKey,
  githubPat,
  githubFineGrainedPat,
  githubOauthToken,
  githubAppToken,
  githubRefreshToken,
  gitlabToken,
  gitlabRunnerRegistrationToken,
  slackToken,
  slackWebhookUrl,
  stripeLiveKey,
  stripeTestKey,
  stripeWebhookSecret,
  googleApiKey,
  sendgridApiKey,
  twilioApiKey,
  npmToken,
  vaultToken,
  awsAccessKeyId,
  jwt,
  authHeaderCredential,
  connectionUrlPassword,
  awsSecretAccessKey,
  twilioAuthToken,
  genericPassword,
  genericSecret,
];
