import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PORT_RANGES, preferredPort } from "../../src/allocator/index.js";
import { SERVICE_KINDS, type ServiceKind } from "../../src/core/index.js";

const PROXY_KINDS: readonly ServiceKind[] = ["traefik", "caddy"];

// Expected values computed with python3:
//   base + int(hashlib.sha256(f"{path}:{service}".encode()).hexdigest(), 16) % size
describe("preferredPort", () => {
  it.each([
    ["/home/ada/shop", "postgres", 5400, 256, 5594],
    ["/home/ada/shop", "redis", 6400, 256, 6576],
    ["/tmp/x", "mysql", 3400, 256, 3473],
    ["/srv/app", "mongodb", 27100, 256, 27143],
    ["/Users/dev/projects/my-app", "rabbitmq", 5700, 256, 5830],
    ["C:\\work\\été", "postgres", 5400, 256, 5526],
    ["/home/ada/shop", "postgres", 0, 1000, 130],
    ["/home/ada/shop", "postgres", 10, 7, 14],
  ])("matches Python for %s:%s", (path, service, base, rangeSize, expected) => {
    expect(preferredPort(path, service, { base, rangeSize })).toBe(expected);
  });

  it("equals the digest read as one big integer, for every range size", () => {
    const reference = (path: string, service: string, base: number, size: number) => {
      const hex = createHash("sha256").update(`${path}:${service}`, "utf8").digest("hex");
      return base + Number(BigInt(`0x${hex}`) % BigInt(size));
    };
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.integer({ min: 0, max: 65535 }),
        fc.oneof(
          fc.integer({ min: 1, max: 70000 }),
          fc.integer({ min: 2 ** 43, max: 2 ** 45 }),
          fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        ),
        (path, service, base, size) => {
          expect(preferredPort(path, service, { base, rangeSize: size })).toBe(
            reference(path, service, base, size),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("defaults to a 256-port range", () => {
    expect(preferredPort("/home/ada/shop", "postgres", { base: 5400 })).toBe(5594);
  });

  it("rejects a range size that is not a positive integer", () => {
    expect(() => preferredPort("/p", "s", { base: 5400, rangeSize: 0 })).toThrow(RangeError);
    expect(() => preferredPort("/p", "s", { base: 5400, rangeSize: 2.5 })).toThrow(RangeError);
  });
});

describe("PORT_RANGES", () => {
  it("keeps the established bases", () => {
    expect(PORT_RANGES.postgres.base).toBe(5400);
    expect(PORT_RANGES.postgis).toEqual(PORT_RANGES.postgres);
    expect(PORT_RANGES.pgvector).toEqual(PORT_RANGES.postgres);
    expect(PORT_RANGES.mysql.base).toBe(3400);
    expect(PORT_RANGES.mongodb.base).toBe(27100);
    expect(PORT_RANGES.redis.base).toBe(6400);
    expect(PORT_RANGES.rabbitmq.base).toBe(5700);
  });

  it("gives reverse proxies port 80 itself, the only range below 1024", () => {
    for (const kind of PROXY_KINDS) expect(PORT_RANGES[kind]).toEqual({ base: 80, size: 1 });
  });

  it("covers every other kind with ranges that do not overlap, above 1024", () => {
    const distinct = new Map<number, { base: number; size: number }>();
    for (const kind of SERVICE_KINDS.filter((k) => !PROXY_KINDS.includes(k))) {
      const r = PORT_RANGES[kind];
      expect(r.base).toBeGreaterThanOrEqual(1024);
      expect(r.base + r.size - 1).toBeLessThanOrEqual(65535);
      distinct.set(r.base, r);
    }
    const sorted = [...distinct.values()].sort((a, b) => a.base - b.base);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]!.base).toBeGreaterThanOrEqual(sorted[i - 1]!.base + sorted[i - 1]!.size);
    }
    expect(sorted.length).toBe(SERVICE_KINDS.length - PROXY_KINDS.length - 2);
  });
});
