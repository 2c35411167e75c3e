import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocatePorts, type PortOverride, type PortRequest } from "../../src/allocator/index.js";
import { SERVICE_KINDS } from "../../src/core/index.js";
import { fakeProbe, seededRandom } from "../fakes/ports.js";

const requestArb = fc
  .uniqueArray(
    fc.record({
      service: fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
      kind: fc.constantFrom(...SERVICE_KINDS),
      narrow: fc.boolean(),
    }),
    { selector: (r) => r.service, minLength: 1, maxLength: 12 },
  )
  .map((rs) =>
    // Some requests share a tiny range so that collisions and scans happen often.
    rs.map(
      ({ service, kind, narrow }): PortRequest =>
        narrow ? { service, base: 5000, rangeSize: 2 } : { service, kind },
    ),
  );

const scenarioArb = fc.record({
  projectPath: fc.string({ minLength: 1, maxLength: 40 }),
  requests: requestArb,
  // Busy ports near the ranges in use, so that scans and fallbacks happen.
  busy: fc.uniqueArray(fc.oneof(fc.integer({ min: 5000, max: 5120 }), fc.integer({ min: 1, max: 65535 })), {
    maxLength: 200,
  }),
  reserved: fc.uniqueArray(fc.integer({ min: 5000, max: 5010 }), { maxLength: 5 }),
  seed: fc.integer(),
});

async function run(s: Scenario, overrides?: Record<string, PortOverride>) {
  return allocatePorts(s.requests, {
    projectPath: s.projectPath,
    probe: fakeProbe(s.busy),
    random: seededRandom(s.seed),
    reserved: s.reserved,
    ...(overrides === undefined ? {} : { overrides }),
  });
}
type Scenario = {
  projectPath: string;
  requests: PortRequest[];
  busy: number[];
  reserved: number[];
  seed: number;
};

describe("allocatePorts properties", () => {
  it("is deterministic for equal inputs", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        expect(JSON.stringify(await run(s))).toBe(JSON.stringify(await run(s)));
      }),
    );
  });

  it("gives distinct, free, unreserved ports in 1024–65535", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const result = await run(s);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const ports = result.value.assignments.map((a) => a.port);
        expect(new Set(ports).size).toBe(ports.length);
        expect(result.value.assignments.map((a) => a.service)).toEqual(s.requests.map((r) => r.service));
        for (const port of ports) {
          expect(port).toBeGreaterThanOrEqual(1024);
          expect(port).toBeLessThanOrEqual(65535);
          expect(s.busy).not.toContain(port);
          expect(s.reserved).not.toContain(port);
        }
      }),
    );
  });

  it("honours every free, distinct override", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb,
        fc.uniqueArray(fc.integer({ min: 20000, max: 30000 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        async (s, ports, pick) => {
          const overrides: Record<string, PortOverride> = {};
          s.requests.forEach((r, i) => {
            if (pick[i] && !s.busy.includes(ports[i]!)) overrides[r.service] = { port: ports[i]! };
          });
          const result = await run(s, overrides);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          for (const a of result.value.assignments) {
            const o = overrides[a.service];
            if (o !== undefined) expect(a).toMatchObject({ port: o.port, reason: "override" });
            else expect(a.reason).not.toBe("override");
          }
        },
      ),
    );
  });
});
