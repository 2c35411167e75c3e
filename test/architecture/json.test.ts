import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinPath, parseJsonWithPositions } from "../../src/architecture/json.js";

describe("parseJsonWithPositions", () => {
  it("parses like JSON.parse", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const r = parseJsonWithPositions(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects what JSON.parse rejects", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(parseJsonWithPositions(text).ok).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it("records where keys and items start", () => {
    const r = parseJsonWithPositions('{\n  "a": [1,\n    {"b c": true}]\n}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.positions.get("a")).toEqual({ line: 2, column: 3 });
    expect(r.positions.get("a[1]")).toEqual({ line: 3, column: 5 });
    expect(r.positions.get('a[1]["b c"]')).toEqual({ line: 3, column: 6 });
  });

  it("joins paths the way diagnostics print them", () => {
    expect(joinPath("", "project")).toBe("project");
    expect(joinPath("infrastructure", 0)).toBe("infrastructure[0]");
    expect(joinPath("environments.production.services", "backend-auth")).toBe(
      "environments.production.services.backend-auth",
    );
    expect(joinPath("code_organization.structure", "frontend/")).toBe(
      'code_organization.structure["frontend/"]',
    );
  });
});
