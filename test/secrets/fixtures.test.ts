import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanFiles } from "../../src/secrets/index.js";
import { ALNUM, HEX, password, pemBlock, pick, providerKeys, seeded } from "./keys.js";

// secretlint-style cases: ok.<case>/ holds files with no secret; ng.<case>/ holds templates whose
// @@marker@@ slots are filled with values generated here (no secret-looking literal is committed)
// and expected.json, the findings (rule, line, severity) that must come out.
const root = join(import.meta.dirname, "../fixtures/secrets");
const cases = readdirSync(root).sort();

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).filter((f) => f !== "expected.json");
}

describe("ok.* fixtures hold no secret", () => {
  it.each(cases.filter((c) => c.startsWith("ok.")))("%s", (dir) => {
    const inputs = files(dir).map((f) => ({
      path: `${dir}/${f}`,
      content: readFileSync(join(root, dir, f), "utf8"),
    }));
    expect(inputs.length).toBeGreaterThan(0);
    const { findings } = scanFiles(inputs);
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
  });
});

describe("ng.* fixtures report exactly their secrets", () => {
  it.each(cases.filter((c) => c.startsWith("ng.")))("%s", (dir) => {
    const rand = seeded(dir.length * 7919);
    const keys = providerKeys(rand);
    const generated = pick(rand, ALNUM, 24);
    const values: Record<string, () => string> = {
      password: () => password(rand).replace(/[@:/#?]/g, "x"),
      secret: () => pick(rand, HEX, 64),
      generated: () => generated,
      "aws-secret": () => `${pick(rand, `${ALNUM}/+`, 38)}a1`,
      "twilio-auth": () => pick(rand, HEX, 32),
      "pem-json": () => `${pemBlock(rand, "").replace(/\n/g, "\\n")}\\n`,
    };
    for (const k of keys) values[k.rule] = () => k.value;
    const inputs = files(dir).map((f) => {
      const template = readFileSync(join(root, dir, f), "utf8");
      const content = template.replace(/@@([a-z0-9-]+)@@/g, (_, name: string) => {
        const make = values[name];
        if (make === undefined) throw new Error(`unknown marker @@${name}@@ in ${dir}/${f}`);
        return make();
      });
      return { path: f.replace(/\.tmpl$/, ""), content };
    });
    const expected = JSON.parse(readFileSync(join(root, dir, "expected.json"), "utf8")) as unknown[];
    const { findings } = scanFiles(inputs, { allowlist: [generated] });
    const reported = findings
      .filter((f) => f.placeholder !== true)
      .map(({ rule, line, severity }) => ({ rule, line, severity }));
    expect(reported).toEqual(expected);
  });
});
