import dotenv from "dotenv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeEnvReference,
  encodeEnvValue,
  parseEnv,
  quoteEnvValue,
  renderEnv,
  setEnvValue,
} from "../../src/env/index.js";
import { envValue } from "./arbitraries.js";

/** Whether some plain dotenv quoting can hold the value (each condition is one form dotenv reads literally). */
function someFormFits(v: string): boolean {
  const unescaped = (q: string) => v.split("").some((c, i) => c === q && v[i - 1] !== "\\");
  // A quoted value may not end with \: a later quote in the file would be read as its end.
  const quotable = !v.endsWith("\\");
  const singleFits = !v.includes("\r") && !unescaped("'");
  const doubleFits = !unescaped('"') && !/\\[nr]/.test(v);
  const backtickFits = !v.includes("\r") && !unescaped("`");
  const bareFits = v === v.trim() && !/[#\r\n'"`]/.test(v);
  return (quotable && (singleFits || doubleFits || backtickFits)) || bareFits;
}

describe("quoteEnvValue", () => {
  it("lets dotenv read any value back when some quoting can hold it", () => {
    let unrepresentable = 0;
    fc.assert(
      fc.property(envValue, (v) => {
        const e = encodeEnvValue(v);
        if (someFormFits(v)) expect(e.dotenv).toBe(true);
        if (!e.dotenv) {
          unrepresentable++;
          return;
        }
        expect(quoteEnvValue(v)).toBe(e.text);
        expect(dotenv.parse(`K=${e.text}`).K).toBe(v);
        // Our own parser reads it back too, and round-trips the line.
        const doc = parseEnv(`K=${e.text}\n`);
        expect(doc.diagnostics).toEqual([]);
        expect(doc.lines[0]).toMatchObject({ kind: "entry", value: v });
      }),
      { numRuns: 5000 },
    );
    // The arbitrary is heavy with quotes and backslashes; even so few values have no form.
    expect(unrepresentable).toBeLessThan(500);
  });

  it("keeps every value of a whole file apart from its neighbours", () => {
    fc.assert(
      fc.property(fc.array(envValue, { minLength: 1, maxLength: 8 }), (values) => {
        let doc = parseEnv("");
        const expected: Record<string, string> = {};
        values.forEach((v, i) => {
          if (!encodeEnvValue(v).dotenv) return;
          doc = setEnvValue(doc, `V${i}`, v, { comment: "note", section: i % 2 === 0 ? "Even" : "Odd" });
          expected[`V${i}`] = v;
        });
        expect(dotenv.parse(renderEnv(doc))).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("picks the form each value needs", () => {
    expect(encodeEnvValue("5434")).toMatchObject({
      text: "5434",
      quote: "none",
      dotenv: true,
      compose: true,
    });
    expect(encodeEnvValue("")).toMatchObject({ text: "", quote: "none", compose: true });
    expect(encodeEnvValue("postgresql://u:p%40ss@localhost:5434/db")).toMatchObject({ quote: "none" });
    expect(encodeEnvValue("pa$$word #1")).toMatchObject({ text: "'pa$$word #1'", compose: true });
    expect(encodeEnvValue(" padded ")).toMatchObject({ text: "' padded '", compose: true });
    expect(encodeEnvValue("it's")).toMatchObject({ text: '"it\'s"', compose: true });
    expect(encodeEnvValue("line1\nline2")).toMatchObject({ text: '"line1\\nline2"', compose: true });
    expect(encodeEnvValue("crlf\r\n")).toMatchObject({ text: '"crlf\\r\\n"', dotenv: true });
    expect(encodeEnvValue("C:\\temp")).toMatchObject({ text: "'C:\\temp'", dotenv: true, compose: false });
    // Compose 1.x expands ${…} in every quoting: flagged, and written in the form Compose v2 keeps literal.
    expect(encodeEnvValue(`\${HOME}`)).toMatchObject({ text: `'\${HOME}'`, dotenv: true, compose: false });
  });

  it("says so when no dotenv form can hold a value", () => {
    const v = "'\"`#";
    expect(encodeEnvValue(v)).toMatchObject({ dotenv: false, compose: false });
    // No form works with the real package either.
    for (const text of [`'${v}'`, `"${v}"`, `\`${v}\``, v, `"\\'\\"\`#"`])
      expect(dotenv.parse(`K=${text}`).K).not.toBe(v);
    const doc = setEnvValue(parseEnv("A=1\n"), "B", v);
    expect(renderEnv(doc)).toBe("A=1\n");
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ code: "env/unrepresentable-value", path: "B" }),
    ]);
  });

  it("writes references bare or double-quoted so that readers expand them", () => {
    expect(encodeEnvReference(`\${STAGING_POSTGRES_PASSWORD}`)).toEqual({
      text: `\${STAGING_POSTGRES_PASSWORD}`,
      quote: "none",
      ok: true,
    });
    expect(encodeEnvReference(`postgresql://\${U}:\${P}@db.example.com:5432/\${D}`).quote).toBe("none");
    expect(encodeEnvReference(`a \${B}`)).toEqual({ text: `"a \${B}"`, quote: "double", ok: true });
    expect(encodeEnvReference(`say "\${B}"`).ok).toBe(false);
  });
});
