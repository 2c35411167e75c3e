import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectProjectType, parseArchitecture, parseRequirements } from "../../src/architecture/index.js";
import { FIXTURES, fixture } from "./fixtures.js";

function isResult(r: unknown): boolean {
  if (typeof r !== "object" || r === null) return false;
  const { ok, diagnostics } = r as { ok: unknown; diagnostics: unknown };
  if (!Array.isArray(diagnostics)) return false;
  if (ok === false) return diagnostics.some((d: { severity: string }) => d.severity === "error");
  return ok === true && diagnostics.every((d: { severity: string }) => d.severity !== "error");
}

const fragments = fc.constantFrom(
  "PostgreSQL",
  "postgis",
  "pgvector",
  "MySQL 8.0",
  "Redis",
  "on",
  "port",
  "port:",
  ":5434",
  "6380",
  "99999",
  "0",
  "volume",
  "./data",
  "network:",
  "myapp_network",
  "with",
  "and",
  ",",
  ";",
  "\n",
  ".",
  "FastAPI",
  "2 workers",
  "cache",
  "Oracle",
  "version",
  "postgres:5434",
);

/** Maps that look like architecture maps, with random values in random places. */
const mapLike = fc.record(
  {
    project: fc.oneof(fc.record({ name: fc.string() }, { requiredKeys: [] }), fc.anything()),
    infrastructure: fc.oneof(
      fc.array(
        fc.record(
          {
            type: fc.oneof(fc.constantFrom("database", "cache", "queue"), fc.anything()),
            tech: fc.oneof(fc.constantFrom("postgresql", "redis", "pgvector", "mongo", "x"), fc.anything()),
            name: fc.oneof(fc.constantFrom("postgres", "redis", "db"), fc.string()),
            port: fc.oneof(fc.integer({ min: -10, max: 70000 }), fc.anything()),
            extensions: fc.oneof(fc.array(fc.constantFrom("postgis", "vector", "x")), fc.anything()),
            volume: fc.string(),
            network: fc.string(),
            image: fc.string(),
            version: fc.string(),
          },
          { requiredKeys: [] },
        ),
      ),
      fc.anything(),
    ),
    apps: fc.array(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom("backend", "frontend", "worker", "api"), fc.string()),
          kind: fc.anything(),
          framework: fc.oneof(fc.constantFrom("express", "React 18", "symfony"), fc.anything()),
          depends_on: fc.oneof(
            fc.array(fc.constantFrom("postgres", "redis", "backend", "nope")),
            fc.anything(),
          ),
          replicas: fc.anything(),
          environment: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.anything())),
        },
        { requiredKeys: [] },
      ),
    ),
    tech_stack: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.anything()),
    code_organization: fc.anything(),
    environments: fc.anything(),
    variables: fc.anything(),
    api_keys: fc.anything(),
    network: fc.anything(),
  },
  { requiredKeys: [] },
);

describe("fuzzing: any input gives a Result, nothing throws", () => {
  it("parseArchitecture on any value", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (input) => {
        expect(isResult(parseArchitecture(input))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("parseArchitecture on map-like values", () => {
    fc.assert(
      fc.property(mapLike, (input) => {
        expect(isResult(parseArchitecture(input))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("parseArchitecture on any text and on mutated JSON text", () => {
    const text = JSON.stringify(fixture("chi-monitor"), null, 2);
    fc.assert(
      fc.property(fc.string(), fc.nat(text.length), fc.nat(20), fc.string(), (random, at, cut, insert) => {
        expect(isResult(parseArchitecture(random))).toBe(true);
        expect(isResult(parseArchitecture(text.slice(0, at) + insert + text.slice(at + cut)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("parseArchitecture on deeply nested JSON text", () => {
    expect(isResult(parseArchitecture(`${"[".repeat(100_000)}${"]".repeat(100_000)}`))).toBe(true);
    expect(isResult(parseArchitecture(`{"project":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`))).toBe(true);
  });

  it("parseRequirements on any text and on word salad", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.array(fragments, { maxLength: 20 }),
        (random, words) => {
          expect(isResult(parseRequirements(random))).toBe(true);
          expect(isResult(parseRequirements(words.join(" ")))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("parseRequirements on a value that is not text", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(isResult(parseRequirements(input as string))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("detectProjectType on any files and text", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom("package.json", "composer.json", "requirements.txt", "pyproject.toml"),
          fc.string(),
        ),
        fc.string(),
        (files, text) => {
          const r = detectProjectType({ files, text });
          expect(Array.isArray(r.evidence)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is deterministic on the fixtures", () => {
    for (const name of FIXTURES)
      expect(JSON.stringify(parseArchitecture(fixture(name)))).toBe(
        JSON.stringify(parseArchitecture(fixture(name))),
      );
  });
});

describe("names of Object.prototype members in the input", () => {
  const protoWords = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"];

  it("are plain unknown words in requirements text", () => {
    const r = parseRequirements(`Redis on 6380, ${protoWords.join(" ")}`);
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([{ code: "requirements/unrecognized" }]);
    expect(r.ok && r.value.infrastructure.map((s) => s.name)).toEqual(["redis"]);
  });

  it("are plain unknown keys and values in a map", () => {
    const text = `{"project":{"name":"x"},${protoWords.map((w) => `"${w}":1`).join(",")},"apps":[{"name":"api","framework":"constructor"}],"tech_stack":{"backend":"toString"}}`;
    const r = parseArchitecture(text);
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === "map/unknown-key").map((d) => d.path)).toHaveLength(
      protoWords.length,
    );
    for (const d of r.diagnostics) expect(typeof d.hint === "string" || d.hint === undefined).toBe(true);
    expect(r.ok && r.value.apps[0]?.framework).toBeUndefined();
  });
});
