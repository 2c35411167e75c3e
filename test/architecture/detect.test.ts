import { describe, expect, it } from "vitest";
import { detectProjectType } from "../../src/architecture/index.js";

const pkg = (deps: Record<string, string>, dev: Record<string, string> = {}) =>
  JSON.stringify({ name: "x", dependencies: deps, devDependencies: dev });

describe("detectProjectType from text (the seed's keyword sets)", () => {
  it.each([
    ["A FastAPI backend", "fastapi", "fastapi"],
    ["Create uvicorn server", "fastapi", "uvicorn"],
    ["Models with pydantic", "fastapi", "pydantic"],
    ["REST API on Express", "express", "express"],
    ["Build a Node.js service", "express", "node.js"],
    ["nodejs worker", "express", "node.js"],
    ["React dashboard", "react", "react"],
    ["Next.js storefront", "nextjs", "next.js"],
    ["nextjs app", "nextjs", "next.js"],
    ["Symfony 7 app", "symfony", "symfony"],
    ["served by FrankenPHP", "symfony", "frankenphp"],
  ])("%s → %s", (text, type, keyword) => {
    expect(detectProjectType({ text })).toEqual({
      type,
      evidence: [`text: keyword "${keyword}"`],
      diagnostics: [],
    });
  });

  it("puts backend frameworks first, as the seed does", () => {
    expect(detectProjectType({ text: "React frontend talking to a FastAPI backend" }).type).toBe("fastapi");
    expect(detectProjectType({ text: "React UI with a Node.js API" }).type).toBe("express");
    expect(detectProjectType({ text: "Next.js app deployed on Node.js" }).type).toBe("nextjs");
  });

  it("matches whole words only", () => {
    expect(detectProjectType({ text: "regular expressions and reactive streams" })).toEqual({
      evidence: [],
      diagnostics: [],
    });
  });

  it("returns no type for unknown text", () => {
    expect(detectProjectType({ text: "A Rails app" }).type).toBeUndefined();
    expect(detectProjectType({}).type).toBeUndefined();
  });
});

describe("detectProjectType from project files", () => {
  it("reads package.json dependencies", () => {
    expect(detectProjectType({ files: { "package.json": pkg({ express: "^4.19.2" }) } })).toEqual({
      type: "express",
      evidence: ['package.json: dependency "express"'],
      diagnostics: [],
    });
    expect(
      detectProjectType({ files: { "package.json": pkg({ next: "14.2.0", react: "18.3.0" }) } }).type,
    ).toBe("nextjs");
    expect(detectProjectType({ files: { "web/package.json": pkg({}, { react: "18.3.0" }) } }).type).toBe(
      "react",
    );
  });

  it("reads requirements.txt and pyproject.toml", () => {
    expect(
      detectProjectType({ files: { "requirements.txt": "# api\nFastAPI==0.110.0\nuvicorn[standard]\n" } }),
    ).toEqual({ type: "fastapi", evidence: ['requirements.txt: package "fastapi"'], diagnostics: [] });
    const pep621 = '[project]\nname = "api"\ndependencies = [\n  "fastapi>=0.110",\n  "sqlalchemy",\n]\n';
    expect(detectProjectType({ files: { "pyproject.toml": pep621 } }).type).toBe("fastapi");
    const poetry = '[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "^0.110"\n';
    expect(detectProjectType({ files: { "backend/pyproject.toml": poetry } }).type).toBe("fastapi");
    expect(detectProjectType({ files: { "requirements.txt": "django==5.0\n" } }).type).toBeUndefined();
  });

  it("reads composer.json for Symfony and FrankenPHP", () => {
    const composer = JSON.stringify({ require: { php: ">=8.3", "symfony/framework-bundle": "7.1.*" } });
    expect(detectProjectType({ files: { "composer.json": composer } })).toEqual({
      type: "symfony",
      evidence: ['composer.json: requires "symfony/framework-bundle"'],
      diagnostics: [],
    });
    const franken = JSON.stringify({ require: { "runtime/frankenphp-symfony": "^0.2" } });
    expect(detectProjectType({ files: { "composer.json": franken } }).type).toBe("symfony");
  });

  it("resolves several frameworks backend first and lists all evidence", () => {
    const r = detectProjectType({
      files: {
        "package.json": pkg({ react: "18.3.0" }),
        "composer.json": JSON.stringify({ require: { "symfony/framework-bundle": "7.1.*" } }),
      },
    });
    expect(r.type).toBe("symfony");
    expect(r.evidence).toEqual([
      'composer.json: requires "symfony/framework-bundle"',
      'package.json: dependency "react"',
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it("lets files beat keywords and reports the conflict", () => {
    const r = detectProjectType({
      text: "A FastAPI service",
      files: { "package.json": pkg({ express: "^4" }) },
    });
    expect(r.type).toBe("express");
    expect(r.evidence).toEqual(['package.json: dependency "express"', 'text: keyword "fastapi"']);
    expect(r.diagnostics).toMatchObject([{ code: "detect/conflict", severity: "warning" }]);
  });

  it("does not report agreement as a conflict", () => {
    const r = detectProjectType({ text: "Express API", files: { "package.json": pkg({ express: "^4" }) } });
    expect(r.diagnostics).toEqual([]);
  });

  it("warns about a malformed JSON file and goes on with the others", () => {
    const r = detectProjectType({
      files: { "package.json": '{ "dependencies": { "express": }', "requirements.txt": "fastapi\n" },
    });
    expect(r.type).toBe("fastapi");
    expect(r.diagnostics).toMatchObject([
      { code: "detect/invalid-file", severity: "warning", file: "package.json", line: 1, column: 32 },
    ]);
  });

  it("ignores files it does not know", () => {
    expect(detectProjectType({ files: { Gemfile: "gem 'rails'", "README.md": "FastAPI" } })).toEqual({
      evidence: [],
      diagnostics: [],
    });
  });
});
