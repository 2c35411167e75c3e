import type { SecretRule } from "../types.js";

/** AWS access key IDs: long-term (`AKIA`), temporary (`ASIA`) and the other documented prefixes. */
export const awsAccessKeyId: SecretRule = {
  id: "aws-access-key-id",
  family: "aws",
  title: "AWS access key ID",
  provider: true,
  severity: "error",
  keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
  shape: "`AKIA` (or `ASIA`, `ABIA`, `ACCA`) + 16 of `A–Z`, `2–7`",
  matcher: {
    type: "pattern",
    pattern: /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
  },
};

const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;

/** AWS secret access keys: 40 base64 characters assigned to a key naming AWS and a secret. */
export const awsSecretAccessKey: SecretRule = {
  id: "aws-secret-access-key",
  family: "aws",
  title: "AWS secret access key",
  provider: true,
  severity: "error",
  keywords: [],
  shape: "40 of `A–Z a–z 0–9 / +`, assigned to a key such as `AWS_SECRET_ACCESS_KEY`",
  matcher: {
    type: "assignment",
    key: (a) =>
      (a.compactKey.includes("aws") && a.compactKey.includes("secret")) ||
      a.compactKey.includes("secretaccesskey"),
    value: (value) =>
      AWS_SECRET_SHAPE.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value)
        ? "secret"
        : "next",
  },
};
