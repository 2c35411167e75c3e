import type { ArchitectureInput } from "./schema.js";

/** A value read leniently: any field may be missing, array items may be `undefined`. */
export type Loose<T> = T extends (infer U)[]
  ? (Loose<U> | undefined)[]
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> }
    : T;

export type RawMap = Loose<ArchitectureInput>;
export type RawInfra = NonNullable<NonNullable<RawMap["infrastructure"]>[number]>;
export type RawApp = NonNullable<NonNullable<RawMap["apps"]>[number]>;
export type RawVariables = Record<string, string | number | boolean | undefined> | undefined;

/**
 * The values without repeats, in first-seen order.
 *
 * @example
 * ```ts
 * dedupe(["a", "b", "a"]); // ["a", "b"]
 * ```
 */
export function dedupe(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * The items that are not `undefined`.
 *
 * @example
 * ```ts
 * defined(["a", undefined]); // ["a"]
 * ```
 */
export function defined<T>(values: readonly (T | undefined)[] | undefined): T[] {
  return (values ?? []).filter((v): v is T => v !== undefined);
}

/**
 * Turns variable values into strings (`10` → `"10"`, `true` → `"true"`).
 *
 * @example
 * ```ts
 * stringifyVariables({ WORKERS: 4 }); // { WORKERS: "4" }
 * ```
 */
export function stringifyVariables(values: RawVariables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {}))
    if (value !== undefined)
      Object.defineProperty(out, key, {
        value: String(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  return out;
}
