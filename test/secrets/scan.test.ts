import { describe, expect, it } from "vitest";
import {
  type FileKind,
  type Finding,
  fileKind,
  findingsToDiagnostics,
  isPlaceholder,
  maskSecret,
  SECRET_RULES,
  scanFiles,
  scanText,
} from "../../src/secrets/index.js";
import { HEX, j, password, pemBlock, pick, providerKeys, seeded } from "./keys.js";

const secrets = (findings: Finding[]) => findings.filter((f) => f.placeholder !== true);

/** The value never appears in clear: neither whole nor any 8-character piece past the shown head. */
function expectMasked(output: unknown, value: string): void {
  const text = JSON.stringify(output);
  for (let i = 4; i + 8 <= value.length; i += 4) expect(text).not.toContain(value.slice(i, i + 8));
}

describe("provider rules", () => {
  const rand = seeded(42);
  const keys = providerKeys(rand);
  const forms: [string, (k: string, v: string) => string, number][] = [
    ["env", (k, v) => `${k}=${v}`, 0],
    ["env quoted", (k, v) => `${k}="${v}"`, 1],
    ["compose map", (k, v) => `      ${k}: ${v}`, 0],
    ["compose list", (k, v) => `      - ${k}=${v}`, 0],
    ["json", (k, v) => `  "${k.toLowerCase()}": "${v}",`, 1],
    ["dockerfile", (k, v) => `ENV ${k}=${v}`, 0],
    ["prose", (_k, v) => `Run the deploy with --token ${v} and wait.`, 0],
  ];

  it.each(keys.map((k) => [k.rule, k.value] as const))("finds %s in every syntax", (rule, value) => {
    for (const [, form] of forms) {
      const line = form("SERVICE_CREDENTIAL", value);
      const findings = scanText(`# config\n${line}\n`, { file: "docker-compose.yml" });
      const found = secrets(findings);
      expect(found, line).toHaveLength(1);
      // The webhook rule reports from the host name on.
      const column = line.indexOf(value.replace(/^https:\/\//, "")) + 1;
      expect(found[0]).toMatchObject({ rule, severity: "error", line: 2, column });
      expectMasked(findings, value);
    }
  });

  it("ignores tokens glued to other words", () => {
    for (const { value } of keys) {
      if (value.startsWith("https://") || value.startsWith("ey")) continue;
      expect(secrets(scanText(`x${value}y`, { file: "README.md" })), value).toEqual([]);
    }
  });

  it("finds a token after exactly the characters its rule allows before it", () => {
    const before = [" ", "\t", "-", "_", ".", "/", ":", "=", "(", "'", "a", "Z", "9", "é"];
    for (const { rule, value } of keys) {
      if (value.startsWith("https://")) continue;
      const matcher = SECRET_RULES.find((r) => r.id === rule)!.matcher;
      if (matcher.type !== "pattern") throw new Error(`${rule} is not a pattern rule`);
      const own = new RegExp(matcher.pattern.source, "y");
      for (const ch of before) {
        const text = `${ch}${value} `;
        own.lastIndex = ch.length;
        const expected = own.test(text);
        const found = scanText(text, { file: "README.md" }).filter((f) => f.rule === rule);
        expect(found.length === 1 && found[0]!.column === 2, `${rule} after ${JSON.stringify(ch)}`).toBe(
          expected,
        );
      }
    }
  });

  it("reports the AWS secret access key and the Twilio auth token by their key names", () => {
    const awsSecret = pick(
      rand,
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+",
      39,
    ).concat("Q");
    const twilio = pick(rand, HEX, 32);
    const text = `AWS_SECRET_ACCESS_KEY=${awsSecret}\nTWILIO_AUTH_TOKEN=${twilio}\n`;
    expect(secrets(scanText(text, { file: ".env.production" }))).toMatchObject([
      { rule: "aws-secret-access-key", line: 1, column: 23 },
      { rule: "twilio-auth-token", line: 2, column: 19 },
    ]);
  });

  it("prefers the provider rule over the generic one on the same value", () => {
    const gh = keys.find((k) => k.rule === "github-pat")!.value;
    expect(scanText(`GITHUB_TOKEN=${gh}`, { file: ".env.staging" })).toMatchObject([{ rule: "github-pat" }]);
  });

  it("accepts a JWT only when its header decodes to JSON with alg", () => {
    const fake = `eyJ${pick(rand, "abcdefghijklmnop", 20)}.eyJ${pick(rand, "abcdefghijklmnop", 20)}.${pick(rand, HEX, 20)}`;
    expect(secrets(scanText(`x ${fake}`, { file: "README.md" }))).toEqual([]);
  });
});

describe("generic rules", () => {
  const rand = seeded(7);

  it("flags the seed's hard-coded password and literal passwords in every form", () => {
    const pw = password(rand);
    const text = [
      "POSTGRES_PASSWORD=mysecretpassword123",
      `  db_password: '${pw}'`,
      `{"adminPassword": "${pw}"}`,
      `ENV SMTP_PASS ${pw}`,
      `export REDIS_PASSWORD="${pw}"`,
      `      - MYSQL_ROOT_PASSWORD=${pw}`,
    ].join("\n");
    const found = secrets(scanText(text, { file: "docker-compose.yml" }));
    expect(found.map((f) => [f.rule, f.line])).toEqual(
      [1, 2, 3, 4, 5, 6].map((l) => ["generic-password", l]),
    );
    expectMasked(found, pw);
  });

  it("flags random secrets under secret-named keys, not settings", () => {
    const secret = pick(rand, HEX, 64);
    const text = [
      `JWT_SECRET=${secret}`,
      `api_key: ${pick(rand, "abcdefghijklmnopqrstuvwxyz0123456789", 32)}`,
      `"clientSecret": "${pick(rand, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 40)}"`,
      "TOKEN_TTL=3600",
      "JWT_ALGORITHM=HS256",
      "TOKEN_TYPE=Bearer",
      "PASSWORD_MIN_LENGTH=12",
      "POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password",
      "SECRET_NAME=prod/api/database",
      "API_KEY_HEADER=X-Api-Key",
      `STRIPE_PUBLISHABLE_KEY=${j("pk", "_live_", pick(rand, HEX, 24))}`,
      "ROUTING_KEY=orders.created",
      "MYSQL_ALLOW_EMPTY_PASSWORD=no",
      "password = os.getenv('DB_PASSWORD')",
    ].join("\n");
    const found = secrets(scanText(text, { file: ".env.production" }));
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ["generic-secret", 1],
      ["generic-secret", 2],
      ["generic-secret", 3],
    ]);
  });

  it("finds passwords in connection URLs but not references", () => {
    const pw = password(rand).replace(/[@:/#?]/g, "x");
    const text = [
      `DATABASE_URL=postgresql://app:${pw}@db:5432/app`,
      `REDIS_URL=redis://:${pw}@cache:6379/0`,
      `DATABASE_URL=postgresql://\${POSTGRES_USER}:\${POSTGRES_PASSWORD}@localhost:5434/app`,
      "REDIS_URL=redis://redis:6379/0",
      "see https://example.com/a:b@c",
    ].join("\n");
    const found = scanText(text, { file: ".env.production" });
    const lines = text.split("\n");
    expect(secrets(found)).toMatchObject([
      { rule: "connection-url-password", line: 1, column: lines[0]!.indexOf(`:${pw}@`) + 2 },
      { rule: "connection-url-password", line: 2, column: lines[1]!.indexOf(`:${pw}@`) + 2 },
    ]);
    expect(found.filter((f) => f.placeholder)).toMatchObject([{ rule: "connection-url-password", line: 3 }]);
  });
});

describe("placeholders", () => {
  const values = [
    `\${POSTGRES_PASSWORD}`,
    `\${POSTGRES_PASSWORD:-dev}`,
    `\${POSTGRES_PASSWORD?required}`,
    `\${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}`,
    "$POSTGRES_PASSWORD",
    "$$POSTGRES_PASSWORD",
    "{{ .Values.db.password }}",
    "sk-your-openai-key-here",
    "pk.your-mapbox-token-here",
    "sk_test_your-stripe-key-here",
    "dev_password_CHANGE_IN_PROD",
    "dev-jwt-secret-CHANGE-IN-PROD",
    "changeme",
    "<your-api-key>",
    "xxx",
    "XXXXXXXXXXXXXXXX",
    "example",
    "dummy",
    "your-token-here",
    "REPLACE_ME",
    "********",
  ];

  it.each(values)("reports %s as info with placeholder: true", (value) => {
    expect(isPlaceholder(value)).toBe(true);
    const q = /\s/.test(value) ? `"${value}"` : value;
    const findings = scanText(`OPENAI_API_KEY=${q}\nPOSTGRES_PASSWORD=${q}\n`, { file: ".env.production" });
    expect(findings).toHaveLength(2);
    for (const f of findings) expect(f).toMatchObject({ severity: "info", placeholder: true });
  });

  it("treats provider-shaped fillers as placeholders", () => {
    const text = [
      `GITHUB_TOKEN=${j("gh", "p_", "x".repeat(36))}`,
      `AWS_ACCESS_KEY_ID=${j("AK", "IA", "IOSFODNN7", "EXAMPLE")}`,
      `AWS_ACCESS_KEY_ID=${j("AK", "IA", "A".repeat(16))}`,
    ].join("\n");
    const found = scanText(text, { file: ".env.production" });
    expect(found).toHaveLength(3);
    expect(found.every((f) => f.placeholder === true && f.severity === "info")).toBe(true);
  });

  it("does not treat random values as placeholders", () => {
    const rand = seeded(3);
    for (let i = 0; i < 200; i++) expect(isPlaceholder(password(rand, 20))).toBe(false);
  });
});

describe("not secrets", () => {
  const rand = seeded(11);
  it("ignores digests, commit SHAs, UUIDs, checksums and ordinary configuration", () => {
    const uuid = `${pick(rand, HEX, 8)}-${pick(rand, HEX, 4)}-4${pick(rand, HEX, 3)}-a${pick(rand, HEX, 3)}-${pick(rand, HEX, 12)}`;
    const text = [
      `    image: postgres:16@sha256:${pick(rand, HEX, 64)}`,
      `FROM node:20-alpine@sha256:${pick(rand, HEX, 64)}`,
      `GIT_COMMIT=${pick(rand, HEX, 40)}`,
      `  revision: ${pick(rand, HEX, 40)}`,
      `TENANT_ID=${uuid}`,
      `"requestId": "${uuid}",`,
      `"integrity": "sha512-${pick(rand, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 86)}==",`,
      `checksum: sha256:${pick(rand, HEX, 64)}`,
      `RUN echo "${pick(rand, HEX, 64)}  node.tar.gz" | sha256sum -c -`,
      `  md5: ${pick(rand, HEX, 32)}`,
      "NODE_ENV=production",
      "REDIS_URL=redis://redis:6379/0",
      '      test: ["CMD-SHELL", `pg_isready -U $${POSTGRES_USER}`]',
      "Use the password reset flow if you lose access; tokens expire after 15 minutes.",
    ].join("\n");
    expect(scanText(text, { file: "docker-compose.yml" })).toEqual([]);
  });

  it("ignores names, paths, types and code under secret-sounding keys", () => {
    const text = [
      "export const githubToken: SecretRule = {",
      "function check(token: string): boolean {",
      '  password: "POSTGRES_PASSWORD",',
      '  secrets: "src/secrets/index.ts",',
      "  api_key: welcome_message",
      "  apiKey: (value) => value.trim(),",
      "  tokens: [first, second]",
      "--password=value",
    ].join("\n");
    expect(secrets(scanText(text, { file: "src/app.ts" }))).toEqual([]);
  });

  it("ignores an elided PEM block in documentation", () => {
    const block = j("-----BEGIN ", "PRIVATE", " KEY-----\n...\n-----END ", "PRIVATE", " KEY-----");
    expect(scanText(block, { file: "README.md" })).toMatchObject([
      { rule: "private-key", placeholder: true },
    ]);
  });
});

describe("private keys", () => {
  const rand = seeded(5);
  it("finds multi-line PEM blocks of every type, and JSON-escaped ones", () => {
    for (const type of ["RSA", "EC", "OPENSSH", "", "ENCRYPTED", "DSA"]) {
      const block = pemBlock(rand, type);
      const findings = scanText(`key:\n${block}\n`, { file: "deploy/id_rsa" });
      expect(findings, type).toMatchObject([{ rule: "private-key", severity: "error", line: 2, column: 1 }]);
      expect(findings[0]!.placeholder).toBeUndefined();
      expectMasked(findings, block);
      const escaped = `{"private_key": "${block.replace(/\n/g, "\\n")}\\n"}`;
      expect(secrets(scanText(escaped, { file: "sa.json" })), type).toMatchObject([
        { rule: "private-key", column: 18 },
      ]);
    }
  });

  it("finds a block whose END line is missing", () => {
    const block = pemBlock(rand, "RSA").split("\n").slice(0, -1).join("\n");
    expect(secrets(scanText(block, { file: "x.pem" }))).toMatchObject([{ rule: "private-key" }]);
  });
});

describe("program source", () => {
  const rand = seeded(11);
  const pw = password(rand);
  const gh = providerKeys(rand).find((k) => k.rule === "github-pat")!.value;

  it("reads unquoted values as expressions, not literals", () => {
    const code = [
      "export type SecretDefinition = z.infer<typeof secretSchema>;",
      "const check = { secretsClean: !hasErrors(scan.diagnostics), password: options.password };",
      "token = os.environ.get(name)",
    ].join("\n");
    expect(scanText(code, { file: "src/model.ts" })).toEqual([]);
  });

  it("still reports quoted literals and provider keys anywhere", () => {
    const code = `const password = "${pw}";\nconst client = connect(${JSON.stringify(gh)});\n`;
    expect(secrets(scanText(code, { file: "src/db.ts" })).map((f) => [f.rule, f.severity])).toEqual([
      ["generic-password", "error"],
      ["github-pat", "error"],
    ]);
  });
});

describe("policy per file kind", () => {
  const rand = seeded(9);
  const pw = password(rand);
  const gh = providerKeys(rand).find((k) => k.rule === "github-pat")!.value;
  const stripeTest = providerKeys(rand).find((k) => k.rule === "stripe-test-key")!.value;
  const text = `POSTGRES_PASSWORD=${pw}\nGITHUB_TOKEN=${gh}\nSTRIPE_SECRET_KEY=${stripeTest}\n`;
  const severities = (kind: FileKind, allowlist: string[] = []) =>
    scanText(text, { file: "f", kind, allowlist }).map((f) => [f.rule, f.severity]);

  it.each([
    "compose",
    "env-staging",
    "env-production",
    "env-example",
    "dockerfile",
    "readme",
    "other",
  ] as const)("%s: every literal secret is an error, allowlist or not", (kind) => {
    expect(severities(kind, [pw])).toEqual([
      ["generic-password", "error"],
      ["github-pat", "error"],
      ["stripe-test-key", "error"],
    ]);
  });

  it("env-development: allowlisted values pass, other generic values warn, provider keys stay errors", () => {
    expect(severities("env-development", [pw])).toEqual([
      ["github-pat", "error"],
      ["stripe-test-key", "warning"],
    ]);
    expect(severities("env-development")).toEqual([
      ["generic-password", "warning"],
      ["github-pat", "error"],
      ["stripe-test-key", "warning"],
    ]);
  });

  it("allowlists generated passwords inside development connection URLs too", () => {
    const out = scanText(`DATABASE_URL=postgres://app:${pw}@localhost:5432/app\n`, {
      file: ".env.development",
      allowlist: [pw],
    });
    expect(out).toEqual([]);
  });

  it("scanFiles applies kinds by path, overrides and the allowlist, sorted by file", () => {
    const files = [
      { path: "docker-compose.yml", content: `x:\n  POSTGRES_PASSWORD: ${pw}\n` },
      { path: ".env.development", content: `POSTGRES_PASSWORD=${pw}\n` },
      { path: "custom.txt", content: `POSTGRES_PASSWORD=${pw}\n` },
    ];
    const { findings, diagnostics } = scanFiles(files, {
      allowlist: [pw],
      kinds: { "custom.txt": "env-development" },
    });
    expect(findings).toMatchObject([{ file: "docker-compose.yml", line: 2, column: 22, severity: "error" }]);
    expect(diagnostics).toMatchObject([
      { code: "secret/generic-password", severity: "error", file: "docker-compose.yml", line: 2, column: 22 },
    ]);
    expectMasked({ findings, diagnostics }, pw);
  });
});

describe("helpers", () => {
  it("masks values", () => {
    expect(maskSecret(`sk-p${"a".repeat(47)}`)).toBe("sk-p…(51 chars)");
    expect(maskSecret("hunter22")).toBe("hu…(8 chars)");
    expect(maskSecret("abc")).toBe("…(3 chars)");
    expect(maskSecret("")).toBe("…(0 chars)");
  });

  it.each([
    ["docker-compose.yml", "compose"],
    ["deploy/compose.prod.yaml", "compose"],
    ["docker-compose.override.yml", "compose"],
    [".env.development", "env-development"],
    [".env.dev.local", "env-development"],
    [".env.staging", "env-staging"],
    ["app/.env.production", "env-production"],
    ["production.env", "env-production"],
    [".env.example", "env-example"],
    [".env.sample", "env-example"],
    [".env", "env"],
    [".env.local", "env"],
    ["Dockerfile", "dockerfile"],
    ["api/Dockerfile.prod", "dockerfile"],
    ["web.dockerfile", "dockerfile"],
    ["README.md", "readme"],
    ["src\\index.ts", "source"],
    ["app/settings.py", "source"],
    ["deploy.sh", "other"],
    ["environment.yml", "other"],
  ] as const)("fileKind(%s) = %s", (path, kind) => {
    expect(fileKind(path)).toBe(kind);
  });

  it("turns findings into secret/<rule> diagnostics; placeholders become info", () => {
    const findings = scanText(`A_TOKEN=\${A_TOKEN}\nPOSTGRES_PASSWORD=mysecretpassword123\n`, {
      file: "c.yml",
      kind: "compose",
    });
    expect(findingsToDiagnostics(findings)).toMatchObject([
      { code: "secret/generic-secret", severity: "info", file: "c.yml", line: 1, column: 9 },
      { code: "secret/generic-password", severity: "error", file: "c.yml", line: 2, column: 19 },
    ]);
  });

  it("has unique kebab-case rule ids, one family per file, and a documented shape", () => {
    const ids = SECRET_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of SECRET_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.shape.length).toBeGreaterThan(5);
    }
  });
});
