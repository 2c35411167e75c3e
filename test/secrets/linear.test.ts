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

describe("linear time", () => {
  it.each(ADVERSARIAL)("%s scans in well under 2 s", (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(MB);
    const t0 = performance.now();
    scanText(text, { file: "docker-compose.yml" });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("keeps scan time proportional to input size", () => {
    const unit = `api:\n  PASSWORD: ${password(seeded(3), 10)}\n  token: \${TOKEN}\n  url: postgres://u:p4ss@h/d\n`;
    const time = (n: number) => {
      const text = unit.repeat(n);
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        scanText(text, { file: "c.yml" });
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(2000); // warm-up
    const small = Math.max(time(4000), 1);
    const large = time(32000);
    // 8× the input; a quadratic scan would take ~64×. Best of three, generous bound for a shared machine.
    expect(large / small, `${small.toFixed(1)} ms → ${large.toFixed(1)} ms`).toBeLessThan(30);
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
