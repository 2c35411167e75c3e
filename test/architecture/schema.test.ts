import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { architectureJsonSchema } from "../../src/architecture/index.js";
import { FIXTURES, fixture } from "./fixtures.js";

const schemaFile = resolve(import.meta.dirname, "../../schemas/architecture.schema.json");
const rendered = `${JSON.stringify(architectureJsonSchema(), null, 2)}\n`;

describe("the published JSON Schema", () => {
  it("schemas/architecture.schema.json matches architectureJsonSchema()", () => {
    // To regenerate after changing the map schema: UPDATE_SCHEMAS=1 npx vitest run test/architecture/schema.test.ts
    if (process.env.UPDATE_SCHEMAS === "1") writeFileSync(schemaFile, rendered);
    const committed = readFileSync(schemaFile, "utf8");
    expect(
      committed === rendered,
      "schemas/architecture.schema.json is out of date; regenerate it with UPDATE_SCHEMAS=1 npx vitest run test/architecture/schema.test.ts",
    ).toBe(true);
  });

  it("describes what users write: snake_case fields, port ranges, name patterns", () => {
    const schema = architectureJsonSchema() as {
      required: string[];
      properties: Record<string, { items?: { properties: Record<string, Record<string, unknown>> } }>;
    };
    expect(schema.required).toEqual(["project"]);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "project",
        "infrastructure",
        "tech_stack",
        "code_organization",
        "apps",
        "environments",
      ]),
    );
    const infra = schema.properties.infrastructure?.items?.properties ?? {};
    expect(infra.port).toMatchObject({ type: "integer", minimum: 1, maximum: 65535 });
    expect(infra.name).toMatchObject({ pattern: "^[a-zA-Z0-9._-]+$" });
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(architectureJsonSchema());

  it.each(FIXTURES)("accepts the %s fixture", (name) => {
    const valid = validate(fixture(name));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("rejects what the parser rejects: a port out of range, a missing project", () => {
    expect(validate({ project: { name: "x" }, infrastructure: [{ tech: "redis", port: 70000 }] })).toBe(
      false,
    );
    expect(validate({ infrastructure: [] })).toBe(false);
  });
});
