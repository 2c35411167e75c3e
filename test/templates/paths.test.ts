import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  envFileIgnored,
  joinRelative,
  normaliseRelativePath,
  renderTemplates,
} from "../../src/templates/index.js";
import { loadCase } from "./helpers.js";

describe("normaliseRelativePath", () => {
  it.each([
    ["./backend/", "backend"],
    ["backend//api/./v1", "backend/api/v1"],
    [".", "."],
    ["./", "."],
    ["services/auth", "services/auth"],
    [".github/workflows", ".github/workflows"],
  ])("normalises %s to %s", (input, output) => {
    expect(normaliseRelativePath(input)).toEqual({ ok: true, path: output });
  });

  it.each([
    "",
    "  ",
    "/abs",
    "C:/x",
    "c:x",
    "a\\b",
    "../x",
    "a/../b",
    "a/..",
    "~/x",
    ".git",
    "a/.GIT/b",
    "a\u0000b",
    "a\nb",
    "./C:",
    "./~x",
  ])("refuses %j", (input) => {
    expect(normaliseRelativePath(input).ok).toBe(false);
  });

  it("never returns an absolute, escaping or unnormalised path (property)", () => {
    const segment = fc.constantFrom("a", "b", ".", "..", "", "~", ".git", "c d", "x\\y", "C:", "é", "\n");
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.boolean(), (segments, leadingSlash) => {
        const input = (leadingSlash ? "/" : "") + segments.join("/");
        const result = normaliseRelativePath(input);
        if (!result.ok) return;
        const parts = result.path.split("/");
        expect(result.path.startsWith("/")).toBe(false);
        expect(parts).not.toContain("..");
        expect(parts).not.toContain("");
        if (result.path !== ".") expect(parts).not.toContain(".");
        expect(normaliseRelativePath(result.path)).toEqual(result);
      }),
      { numRuns: 1000 },
    );
  });

  it("renderTemplates either refuses a context or writes inside the project (property)", () => {
    const context = fc.stringMatching(/^[a-z./\\~ -]{0,12}$/);
    fc.assert(
      fc.property(context, (ctx) => {
        const result = renderTemplates({
          ...loadCase("chi-monitor"),
          apps: [{ name: "api", kind: "backend", framework: "express", context: ctx }],
        });
        if (!result.ok) {
          expect(result.diagnostics.map((d) => d.code)).toContain("template/unsafe-path");
          return;
        }
        for (const file of result.value) {
          expect(file.path).not.toMatch(/^\/|(^|\/)\.\.(\/|$)|\\/);
          expect(file.path.split("/")).not.toContain(".");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("joinRelative leaves the root out", () => {
    expect(joinRelative(".", "Dockerfile")).toBe("Dockerfile");
    expect(joinRelative("backend", "Dockerfile")).toBe("backend/Dockerfile");
  });
});

describe("envFileIgnored", () => {
  it.each([
    [[".env*", "!.env.example"], ".env.development", true],
    [[".env*", "!.env.example"], ".env.example", false],
    [[".env.*"], ".env", false],
    [["/.env.*"], ".env.staging", true],
    [["**/.env.*"], ".env.staging", true],
    [["config/.env.*"], ".env.staging", false],
    [[".env.*/"], ".env.staging", false],
    [["# .env.*", ".env.[dp]*"], ".env.production", true],
    [[".env.?"], ".env.x", true],
  ])("%j on %s is %s", (lines, file, ignored) => {
    expect(envFileIgnored(lines, file)).toBe(ignored);
  });
});
