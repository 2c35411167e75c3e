import { describe, expect, it } from "vitest";
import {
  bySeverity,
  type Diagnostic,
  diagnostic,
  fail,
  formatDiagnostic,
  hasErrors,
  isServiceKind,
  KIND_INFO,
  ok,
  resultOf,
  SERVICE_KINDS,
  sortDiagnostics,
} from "../../src/index.js";

const warning: Diagnostic = { code: "image/unpinned", severity: "warning", message: "Unpinned image" };
const error: Diagnostic = {
  code: "port/invalid",
  severity: "error",
  message: "Port 0 is invalid",
  path: "a",
};

describe("diagnostics", () => {
  it("hasErrors is true only with an error", () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, error])).toBe(true);
  });

  it("diagnostic() leaves out undefined fields", () => {
    const d = diagnostic("x/y", "info", "m", { path: undefined, line: 3 });
    expect(d).toEqual({ code: "x/y", severity: "info", message: "m", line: 3 });
    expect("path" in d).toBe(false);
  });

  it("bySeverity filters", () => {
    expect(bySeverity([warning, error], "error")).toEqual([error]);
  });

  it("sortDiagnostics orders by file, line, severity, then code and is stable for equal input", () => {
    const a = diagnostic("b/code", "warning", "w", { file: "a.yml", line: 2 });
    const b = diagnostic("a/code", "error", "e", { file: "a.yml", line: 2 });
    const c = diagnostic("c/code", "error", "e", { file: "a.yml", line: 1 });
    expect(sortDiagnostics([a, b, c])).toEqual([c, b, a]);
  });

  it("formatDiagnostic names the place and the hint on one line", () => {
    const text = formatDiagnostic(
      diagnostic("port/override-unavailable", "error", "Port 5434 is in use", {
        file: ".env.development",
        line: 2,
        column: 1,
        hint: "Use 5435 or 5436",
      }),
    );
    expect(text).toBe(
      ".env.development:2:1 error port/override-unavailable: Port 5434 is in use — Use 5435 or 5436",
    );
    expect(formatDiagnostic(error)).toBe("error port/invalid: Port 0 is invalid (at a)");
    expect(text).not.toContain("\n");
  });
});

describe("results", () => {
  it("ok and fail build the two sides", () => {
    expect(ok(1)).toEqual({ ok: true, value: 1, diagnostics: [] });
    expect(fail([error])).toEqual({ ok: false, diagnostics: [error] });
  });

  it("resultOf fails on any error and keeps warnings on success", () => {
    expect(resultOf(1, [warning])).toEqual({ ok: true, value: 1, diagnostics: [warning] });
    expect(resultOf(1, [warning, error]).ok).toBe(false);
  });
});

describe("service kinds", () => {
  it("every kind has facts and is recognised", () => {
    for (const kind of SERVICE_KINDS) {
      expect(isServiceKind(kind)).toBe(true);
      expect(KIND_INFO[kind].label.length).toBeGreaterThan(0);
    }
    expect(isServiceKind("oracle")).toBe(false);
  });
});
