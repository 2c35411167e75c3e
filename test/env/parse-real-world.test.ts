import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { envValues, parseEnv, renderEnv } from "../../src/env/index.js";

describe("parseEnv on forms found in real env files", () => {
  it("reads `KEY: value` lines as the dotenv package does", () => {
    const text = 'A: value\nexport B: 1 # one\nURL: http://x:80/y\nC:  "q x"\nD=plain\n';
    const doc = parseEnv(text);
    expect(doc.diagnostics).toEqual([]);
    expect(envValues(doc)).toEqual(dotenv.parse(text));
    expect(envValues(doc)).toEqual({ A: "value", B: "1", URL: "http://x:80/y", C: "q x", D: "plain" });
    expect(renderEnv(doc)).toBe(text);
  });

  it("still refuses a colon dotenv does not read (`B:value`, `D : x`)", () => {
    for (const text of ["B:value", "D : x"]) {
      expect(dotenv.parse(text)).toEqual({});
      expect(parseEnv(text).diagnostics.map((d) => d.code)).toEqual(["env/invalid-line"]);
    }
  });

  it("takes a bare NAME line as 'from the shell': an info, no value, kept as written", () => {
    const text = "HOME_DIR\nA=1\n";
    const doc = parseEnv(text, { file: "app.env" });
    expect(doc.diagnostics).toMatchObject([
      { code: "env/from-shell", severity: "info", file: "app.env", line: 1, column: 1 },
    ]);
    expect(doc.lines[0]).toMatchObject({ kind: "inherit", key: "HOME_DIR" });
    expect(envValues(doc)).toEqual(dotenv.parse(text));
    expect(renderEnv(doc)).toBe(text);
  });
});
