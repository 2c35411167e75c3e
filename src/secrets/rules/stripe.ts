import type { SecretRule } from "../types.js";

/** Live secret (`sk_live_`) and restricted (`rk_live_`) keys: they move real money. */
export const stripeLiveKey: SecretRule = {
  id: "stripe-live-key",
  family: "stripe",
  title: "Stripe live secret key",
  provider: true,
  severity: "error",
  keywords: ["sk_live_", "rk_live_"],
  shape: "`sk_live_` or `rk_live_` + 24 or more letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,}(?![A-Za-z0-9_])/g },
};

/**
 * Test-mode secret keys: they cannot move money but read and write the test account, so they are a
 * warning where local credentials are tolerated and an error everywhere else.
 */
export const stripeTestKey: SecretRule = {
  id: "stripe-test-key",
  family: "stripe",
  title: "Stripe test secret key",
  provider: true,
  severity: "warning",
  keywords: ["sk_test_", "rk_test_"],
  shape: "`sk_test_` or `rk_test_` + 24 or more letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])[sr]k_test_[A-Za-z0-9]{20,}(?![A-Za-z0-9_])/g },
};

/** Webhook signing secrets. */
export const stripeWebhookSecret: SecretRule = {
  id: "stripe-webhook-secret",
  family: "stripe",
  title: "Stripe webhook signing secret",
  provider: true,
  severity: "error",
  keywords: ["whsec_"],
  shape: "`whsec_` + 32 or more letters and digits",
  matcher: { type: "pattern", pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{32,}(?![A-Za-z0-9_])/g },
};
