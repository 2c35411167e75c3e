import { describe, expect, it } from "vitest";
import {
  extractApiEndpoints,
  extractMetadata,
  PROJECT_SLUG_PATTERN,
  parseArchitecture,
  projectSlug,
} from "../../src/architecture/index.js";
import { fixture } from "./fixtures.js";

function map(input: unknown) {
  const r = parseArchitecture(input);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

describe("projectSlug", () => {
  it.each([
    ["Café Ōrder Système", "cafe-order-systeme"],
    ["Community Harm Index Monitor", "community-harm-index-monitor"],
    ["My Project", "my-project"],
    ["  --Hello, World!--  ", "hello-world"],
    ["Straße Øresund Æble", "strasse-oresund-aeble"],
    ["v2_API", "v2-api"],
    ["ÅNGSTRÖM", "angstrom"],
  ])("%j → %j", (name, slug) => {
    expect(projectSlug(name)).toBe(slug);
  });

  it("never returns an empty slug", () => {
    expect(projectSlug("")).toBe("project");
    expect(projectSlug("   ")).toBe("project");
    expect(projectSlug("日本語")).toMatch(/^project-[0-9a-f]{8}$/);
    expect(projectSlug("日本語")).not.toBe(projectSlug("中文"));
    expect(projectSlug("日本語")).toBe(projectSlug("日本語"));
  });

  it("keeps slugs at most 63 characters", () => {
    const slug = projectSlug("word ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(63);
    expect(slug).toMatch(PROJECT_SLUG_PATTERN);
    expect(slug.endsWith("-")).toBe(false);
  });
});

describe("extractApiEndpoints", () => {
  it("takes METHOD /path from lines that name both", () => {
    const text = [
      "Create POST /api/users endpoint to register",
      "Add GET /api/users/{id} to fetch one user",
      "Implement delete for /api/users/:id.",
      "Write tests and/or docs in src/app.ts",
      "GET the target from https://example.com/x",
      "Add GET /api/users/{id} again",
    ].join("\n");
    expect(extractApiEndpoints(text)).toEqual([
      "POST /api/users",
      "GET /api/users/{id}",
      "DELETE /api/users/:id",
    ]);
  });

  it("needs a method word, not a substring", () => {
    expect(extractApiEndpoints("target /health")).toEqual([]);
  });
});

describe("extractMetadata", () => {
  it("extracts the seed's template variables from the CHI map", () => {
    expect(extractMetadata(map(fixture("chi-monitor")))).toEqual({
      name: "Community Harm Index Monitor",
      slug: "community-harm-index-monitor",
      projectType: "express",
      databaseName: "community_harm_index_monitor",
      appPort: 4000,
      needsRedis: false,
      apiEndpoints: [],
    });
  });

  it("uses the framework port table when the map has no app", () => {
    const base = { project: { name: "Todo" }, apps: [] };
    expect(extractMetadata(map(base)).appPort).toBe(8000);
    const withType = { ...map(base), projectType: "express" as const };
    expect(extractMetadata(withType).appPort).toBe(3000);
    expect(extractMetadata({ ...withType, projectType: "react" }).appPort).toBe(3000);
    expect(extractMetadata({ ...withType, projectType: "nextjs" }).appPort).toBe(3000);
    expect(extractMetadata({ ...withType, projectType: "fastapi" }).appPort).toBe(8000);
  });

  it("takes the main app's port: FastAPI 8000", () => {
    expect(extractMetadata(map(fixture("backend-only"))).appPort).toBe(8000);
  });

  it("detects Redis from services or from keywords", () => {
    expect(extractMetadata(map(fixture("db-cache"))).needsRedis).toBe(true);
    const plain = map({ project: { name: "Todo API" }, tech_stack: { backend: "FastAPI" } });
    expect(extractMetadata(plain).needsRedis).toBe(false);
    expect(extractMetadata(plain, { text: "Cache results for 60 s" }).needsRedis).toBe(true);
    expect(extractMetadata(plain, { text: "Add caching to GET /todos" })).toMatchObject({
      needsRedis: true,
      apiEndpoints: ["GET /todos"],
      projectType: "fastapi",
      databaseName: "todo_api",
    });
  });
});
