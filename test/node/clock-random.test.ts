import { describe, expect, it } from "vitest";
import { createClock, createCryptoRandom } from "../../src/node/index.js";

describe("createClock", () => {
  it("is fixed by SOURCE_DATE_EPOCH", () => {
    const clock = createClock({ sourceDateEpoch: "1765204200" });
    expect(clock.now().toISOString()).toBe("2025-12-08T14:30:00.000Z");
    expect(clock.now().getTime()).toBe(clock.now().getTime());
  });

  it("follows the real time without it", () => {
    const before = Date.now();
    const t = createClock().now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
  });

  it("rejects a malformed epoch", () => {
    expect(() => createClock({ sourceDateEpoch: "yesterday" })).toThrow(/SOURCE_DATE_EPOCH/);
  });
});

describe("createCryptoRandom", () => {
  it("gives bytes of the asked length and integers inside the inclusive range", () => {
    const random = createCryptoRandom();
    expect(random.bytes(16)).toHaveLength(16);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const n = random.int(1, 3);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(3);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});
