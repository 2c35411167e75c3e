import dotenv from "dotenv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDotenv } from "../../src/env/dotenv-reader.js";
import { envValues, parseEnv, renderEnv } from "../../src/env/index.js";
import { envFileText, envText } from "./arbitraries.js";

const loneSurrogates = fc.string({
  unit: fc.oneof(
    fc.constantFrom("A=", "\n", "'"),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  ),
});
const noLineSeparators = (t: string) => !/[\u2028\u2029]/.test(t);

describe("parseEnv / renderEnv", () => {
  it("gives back any string byte for byte", () => {
    fc.assert(
      fc.property(fc.oneof(envText, envFileText, fc.string({ unit: "binary" }), loneSurrogates), (text) => {
        expect(renderEnv(parseEnv(text))).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads the values dotenv reads whenever it reports no error", () => {
    let checked = 0;
    fc.assert(
      fc.property(envFileText.filter(noLineSeparators), (text) => {
        const doc = parseEnv(text);
        if (doc.diagnostics.some((d) => d.severity === "error")) return;
        checked++;
        expect(envValues(doc)).toEqual(dotenv.parse(text));
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it("reproduces dotenv's own reading for any text", () => {
    fc.assert(
      fc.property(fc.oneof(envText, envFileText), (text) => {
        expect(readDotenv(text)).toEqual(dotenv.parse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps comments, blanks, quoting, export prefixes and inline comments", () => {
    const text = [
      "# Database",
      "export POSTGRES_PORT=5434  # pinned",
      "",
      "PASSWORD='p a$s' # literal",
      'MULTI="line1',
      'line2"',
      "EMPTY=",
      "TICK=`x y`",
    ].join("\r\n");
    const doc = parseEnv(text, { file: ".env.development" });
    expect(doc.diagnostics).toEqual([]);
    expect(doc.lines.map((l) => l.kind)).toEqual([
      "comment",
      "entry",
      "blank",
      "entry",
      "entry",
      "entry",
      "entry",
    ]);
    expect(doc.lines[0]).toMatchObject({ text: "Database", line: 1, eol: "\r\n" });
    expect(doc.lines[1]).toMatchObject({
      key: "POSTGRES_PORT",
      value: "5434",
      exported: true,
      comment: "# pinned",
    });
    expect(doc.lines[3]).toMatchObject({
      key: "PASSWORD",
      value: "p a$s",
      quote: "single",
      comment: "# literal",
    });
    expect(doc.lines[4]).toMatchObject({ key: "MULTI", value: "line1\nline2", quote: "double", line: 5 });
    expect(doc.lines[5]).toMatchObject({ key: "EMPTY", value: "", line: 7 });
    expect(doc.lines[6]).toMatchObject({ key: "TICK", value: "x y", quote: "backtick", eol: "" });
    expect(envValues(doc)).toEqual(dotenv.parse(text));
  });

  it("reports every problem with its line, without throwing", () => {
    const text = [
      "GOOD=1",
      "just some words",
      "9LIVES=cat",
      "BAD$NAME=x",
      'OPEN="never closed',
      "GOOD=2",
      "TRAIL='a' b",
    ].join("\n");
    const doc = parseEnv(text, { file: ".env.development" });
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({
        code: "env/invalid-line",
        severity: "error",
        line: 2,
        file: ".env.development",
      }),
      expect.objectContaining({ code: "env/invalid-name", severity: "warning", line: 3 }),
      expect.objectContaining({ code: "env/invalid-name", severity: "error", line: 4 }),
      expect.objectContaining({ code: "env/unterminated-quote", severity: "error", line: 5 }),
      expect.objectContaining({ code: "env/duplicate-key", severity: "warning", line: 6 }),
      expect.objectContaining({ code: "env/invalid-line", severity: "error", line: 7 }),
    ]);
    expect(doc.lines.map((l) => l.kind)).toEqual([
      "entry",
      "invalid",
      "entry",
      "invalid",
      "entry",
      "entry",
      "entry",
    ]);
    expect(renderEnv(doc)).toBe(text);
    // The values are still those dotenv reads, the last definition winning.
    expect(envValues(doc)).toEqual(dotenv.parse(text));
  });

  it("takes the last closing quote followed only by a comment, as dotenv does", () => {
    const text = "A='a\\' # x\nB='c\\' d' # e\n";
    const doc = parseEnv(text);
    expect(doc.diagnostics).toEqual([]);
    expect(envValues(doc)).toEqual(dotenv.parse(text));
    expect(envValues(doc)).toEqual({ A: "a\\", B: "c\\' d" });
  });
});
