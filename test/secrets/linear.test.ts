import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanFiles, scanText } from "../../src/secrets/index.js";
import { j, password, providerKeys, seeded } from "./keys.js";

const MB = 1 << 20;
const fill = (unit: string, prefix = "", suffix = "") =>
  prefix + unit.repeat(Math.ceil((MB - prefix.length - suffix.length) / unit.length)) + suffix;

/** Inputs built to make a backtracking or re-scanning implementation quadratic. */
const ADVERSARIAL: [string, string][] = [
  ["one 1 MB line of letters", fill("a")],
  ["one 1 MB line of base64", fill("Zq8+/Lm2Kx9pQ7wE")],
  ["a 1 MB key before =", fill("a", "", "=x")],
  ["repeated key=", fill("password=")],
  ['repeated key="', fill('password="')],
  ["repeated key: '", fill("secret: '")],
  ["repeated JSON pairs without closing", fill('"token": "')],
  ["repeated ENV", fill("ENV PASSWORD ")],
  ["repeated =", fill("=")],
  [`repeated \${`, fill(`\${`, "TOKEN=")],
  ["repeated {{", fill("{{", "TOKEN=")],
  ["JWT prefixes", fill("eyJ")],
  ["JWT parts", fill("eyJabcde.")],
  ["OpenAI prefixes", fill("sk-")],
  ["OpenAI project prefixes", fill("sk-proj-")],
  ["GitHub prefixes", fill(j("gh", "p_"))],
  ["GitLab prefix and dashes", fill("a-", j("gl", "pat-"))],
  ["Slack prefix and groups", fill("1-", j("xo", "xb-"))],
  ["SendGrid dots", fill(j("S", "G."))],
  ["AWS prefixes", fill(j("AK", "IA"))],
  ["URL separators", fill("://")],
  ["URL user-info without host", fill("a://b:c")],
  ["URL @ runs", fill("@", "x://u:p")],
  ["Slack webhook hosts", fill("hooks.slack.com/services/")],
  ["PEM headers without END", fill(j("-----BEGIN ", "PRIVATE", " KEY-----"))],
  [
    "PEM headers and a far END",
    fill(j("-----BEGIN ", "PRIVATE", " KEY-----"), "", j("-----END ", "PRIVATE", " KEY-----")),
  ],
  ["PEM body of dashes", fill("-", j("-----BEGIN ", "PRIVATE", " KEY-----"))],
  ["many short secret lines", fill(`DB_PASSWORD=${password(seeded(2), 10)}\n`)],
  ["many short key-word lines", fill("key\n")],
  ["many quotes", fill('"')],
  ["many colons and spaces", fill(": ")],
];

// No assertion here compares wall-clock times (a loaded machine makes any bound flaky): these inputs
// are built to make a backtracking or re-scanning scanner quadratic, and the test asserts that each
// scan completes with the findings it should have. Throughput and its linearity are measured by
// `npm run bench:secrets`.
describe("adversarial input", () => {
  it.each(ADVERSARIAL)("%s: the scan completes and reports no secret in clear", (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(MB);
    const findings = scanText(text, { file: "docker-compose.yml" });
    expect(Array.isArray(findings)).toBe(true);
    for (const f of findings) expect(f.match.length).toBeLessThan(40);
  });

  it("reports work proportional to input size: 8× the input gives exactly 8× the findings", () => {
    const unit = `api:\n  PASSWORD: ${password(seeded(3), 10)}\n  token: \${TOKEN}\n  url: postgres://u:p4ss@h/d\n`;
    const count = (n: number) => {
      const findings = scanText(unit.repeat(n), { file: "c.yml" });
      return {
        secrets: findings.filter((f) => f.placeholder !== true).length,
        placeholders: findings.filter((f) => f.placeholder === true).length,
      };
    };
    const small = count(4000);
    expect(small).toEqual({ secrets: 8000, placeholders: 4000 });
    expect(count(32000)).toEqual({ secrets: 64000, placeholders: 32000 });
  });
});

describe("properties", () => {
  const keys = providerKeys(seeded(99));

  it("never throws and never returns a value in clear on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...keys), (noise, key) => {
        const text = `${noise}\nTOKEN=${key.value}\n${noise}`;
        const findings = scanText(text, { file: "docker-compose.yml" });
        expect(JSON.stringify(findings)).not.toContain(key.value.slice(4, 16));
      }),
      { numRuns: 300 },
    );
  });

  it("finds a provider key wherever it stands between separators", () => {
    const separator = fc.constantFrom(" ", "\t", "=", ": ", '"', "'", "\n", "(", ",", "[", "`");
    const word = fc.stringMatching(/^[a-z ]{0,20}$/);
    fc.assert(
      fc.property(
        word,
        separator,
        fc.constantFrom(...keys),
        separator,
        word,
        (before, s1, key, s2, after) => {
          const text = `${before}${s1}${key.value}${s2}${after}`;
          const found = scanText(text, { file: "README.md" }).filter((f) => f.placeholder !== true);
          expect(found.map((f) => f.rule)).toContain(key.rule);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a.env", "docker-compose.yml", ".env.development"), fc.string())),
        (parts) => {
          const files = parts.map(([path, body], i) => ({
            path: `${i}/${path}`,
            content: `PASSWORD=${body}\n${body}`,
          }));
          expect(JSON.stringify(scanFiles(files, { allowlist: ["x"] }))).toBe(
            JSON.stringify(scanFiles(files, { allowlist: ["x"] })),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
