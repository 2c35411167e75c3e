import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { planEnvironment } from "../../src/index.js";
import { mapStrings } from "../../src/plan/secret-origin.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

/** A realistic Stripe live key, built at run time so the repository holds none. */
function liveKey(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const body = [...randomBytes(24)].map((b) => alphabet[b % alphabet.length]).join("");
  return `${["sk", "live"].join("_")}_${body}`;
}

function mapText(key: string): string {
  return JSON.stringify(
    {
      project: { name: "Origin" },
      infrastructure: [
        { type: "database", tech: "postgresql" },
        {
          name: "search",
          image: "getmeili/meilisearch:v1.12.8",
          container_port: 7700,
          environment: { VENDOR_KEY: key },
          healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:7700/health"] },
        },
      ],
    },
    null,
    2,
  );
}

describe("a secret copied from the map", () => {
  it("is reported in the generated file, with its place in the map in the hint", async () => {
    const text = mapText(liveKey());
    const plan = await planEnvironment(
      { architecture: text, source: "architecture.json", projectPath: "/p/origin" },
      fakePlanDeps(),
    );
    expect(plan.ok).toBe(false);
    const found = plan.diagnostics.filter((d) => d.code === "secret/stripe-live-key");
    expect(found.length).toBeGreaterThan(0);
    const line = text.split("\n").findIndex((l) => l.includes('"VENDOR_KEY"')) + 1;
    for (const d of found) {
      expect(d.file).toMatch(/^\.env\./);
      expect(d.hint).toContain(`architecture.json:${line}:`);
      expect(d.hint).toContain("(infrastructure[1].environment.VENDOR_KEY)");
    }
    // Nothing of the key itself is in any message.
    expect(JSON.stringify(plan.diagnostics)).not.toMatch(/sk_live_[A-Za-z0-9]{8}/);
  });

  it("names no place for a secret the map does not hold", async () => {
    const plan = await planEnvironment(
      { architecture: mapText("plain-value"), source: "architecture.json", projectPath: "/p/origin" },
      fakePlanDeps(),
    );
    expect(plan.ok).toBe(true);
    expect(plan.diagnostics.some((d) => d.hint?.includes("The value comes from"))).toBe(false);
  });

  it("reads the strings of a parsed map too, and none of requirements text", () => {
    expect(mapStrings({ a: [{ b: "longer value" }], c: "short" })).toEqual([
      { path: "a[0].b", value: "longer value" },
    ]);
    expect(mapStrings("PostgreSQL and Redis for a shop")).toEqual([]);
  });
});
