import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./run.js";

describe("slipway schema", () => {
  it("prints the architecture map schema, the same as the published file", async () => {
    const r = await run(["schema", "architecture"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const published = readFileSync(
      resolve(import.meta.dirname, "../../schemas/architecture.schema.json"),
      "utf8",
    );
    expect(r.out).toBe(published);
    expect(JSON.parse(r.out)).toMatchObject({ type: "object", required: ["project"] });
  });

  it("exits 2 with one line for an unknown or missing schema name", async () => {
    for (const argv of [
      ["schema", "nope"],
      ["schema"],
      ["schema", "constructor"],
      ["schema", "architecture", "x"],
    ]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
    expect((await run(["schema", "nope"])).err).toContain("unknown schema 'nope'");
  });

  it("is listed in --help", async () => {
    expect((await run(["--help"])).out).toMatch(/schema\s+print a JSON Schema/);
  });
});
