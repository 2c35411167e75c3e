import type { z } from "zod";
import { type Diagnostic, diagnostic } from "../core/index.js";
import { joinPath, type TextPosition } from "./json.js";
import { FIELD_RULES } from "./schema.js";

/** Where diagnostics go while walking an input, and how to locate a path in the source text. */
export interface WalkContext {
  diagnostics: Diagnostic[];
  file?: string | undefined;
  positions?: Map<string, TextPosition> | undefined;
}

/**
 * Adds a diagnostic at a path, with the line and column of that path when the input was text.
 *
 * @example
 * ```ts
 * report(ctx, "port/invalid", "error", "Port 0 is not an integer between 1 and 65535", "infrastructure[0].port");
 * ```
 */
export function report(
  ctx: WalkContext,
  code: string,
  severity: Diagnostic["severity"],
  message: string,
  path: string,
  hint?: string,
): void {
  const at = ctx.positions?.get(path);
  ctx.diagnostics.push(
    diagnostic(code, severity, message, {
      path: path === "" ? undefined : path,
      file: ctx.file,
      line: at?.line,
      column: at?.column,
      hint,
    }),
  );
}

/**
 * True for a plain object (not an array, not null, not a class instance).
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject([1]); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

function expectedOf(schema: z.ZodType): string {
  const def = schema.def as { type: string; options?: z.ZodType[]; check?: string };
  switch (def.type) {
    case "object":
    case "record":
      return "an object";
    case "array":
      return "an array";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "enum":
      return `one of ${Object.values((schema as unknown as { enum: Record<string, string> }).enum).join(", ")}`;
    case "union":
      return (def.options ?? []).map(expectedOf).join(" or ");
    default:
      return def.type;
  }
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, "_");

const KEY_HINTS: Record<string, string> = {
  services: "App services go under `apps`; infrastructure services under `infrastructure`.",
  ports: "Use `port` (one host port) on infrastructure entries, `port`/`host_port` on apps.",
  dependsOn: "Use `depends_on`.",
};

function unknownKeyHint(key: string, known: string[]): string {
  if (Object.hasOwn(KEY_HINTS, key)) return KEY_HINTS[key]!;
  const s = snake(key);
  if (s !== key && known.includes(s)) return `Did you mean \`${s}\`?`;
  return `Known keys here: ${known.filter((k) => k !== "$schema").join(", ")}.`;
}

/** The value read from a walk: `present` is false when the input was missing or invalid there. */
type Walked = { present: true; value: unknown } | { present: false };

function leaf(schema: z.ZodType, raw: unknown, path: string, ctx: WalkContext): Walked {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { present: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const wrongType =
    issue?.code === "invalid_union" ||
    (issue?.code === "invalid_type" && !(issue.expected === "int" && typeof raw === "number"));
  if (wrongType) {
    report(ctx, "map/invalid-type", "error", `Expected ${expectedOf(schema)}, got ${jsonType(raw)}`, path);
  } else {
    const r = FIELD_RULES.get(schema);
    if (r !== undefined) report(ctx, r.code, "error", r.message(raw), path, r.hint);
    else
      report(
        ctx,
        "map/invalid-value",
        "error",
        `Invalid value ${JSON.stringify(raw) ?? String(raw)}: expected ${expectedOf(schema)}`,
        path,
      );
  }
  return { present: false };
}

/**
 * Reads `raw` against `schema` leniently: every problem becomes a diagnostic, unknown object keys
 * are warnings, invalid fields are left out (array items become `undefined`, keeping indexes), and
 * the walk goes on so that all problems are found at once.
 *
 * @example
 * ```ts
 * const ctx = { diagnostics: [] };
 * const w = walk(architectureInputSchema, { project: { name: "x", owner: "me" } }, "", ctx);
 * // w.value: { project: { name: "x" } }; ctx.diagnostics: [{ code: "map/unknown-key", path: "project.owner", … }]
 * ```
 */
export function walk(schema: z.ZodType, raw: unknown, path: string, ctx: WalkContext): Walked {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  switch (def.type) {
    case "optional":
      return walk(def.innerType!, raw, path, ctx);
    case "object": {
      if (!isPlainObject(raw)) {
        report(ctx, "map/invalid-type", "error", `Expected an object, got ${jsonType(raw)}`, path);
        return { present: false };
      }
      const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
      const known = Object.keys(shape);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(raw)) {
        const keyPath = joinPath(path, key);
        if (!Object.hasOwn(shape, key)) {
          report(
            ctx,
            "map/unknown-key",
            "warning",
            `Unknown key "${key}" is ignored`,
            keyPath,
            unknownKeyHint(key, known),
          );
          continue;
        }
        const value = raw[key];
        if (value === undefined) continue;
        const w = walk(shape[key]!, value, keyPath, ctx);
        if (w.present) out[key] = w.value;
      }
      for (const key of known) {
        const field = shape[key]!;
        if (raw[key] === undefined && field.def.type !== "optional")
          report(ctx, "map/required", "error", `Missing required field "${key}"`, joinPath(path, key));
      }
      return { present: true, value: out };
    }
    case "array": {
      if (!Array.isArray(raw)) {
        report(ctx, "map/invalid-type", "error", `Expected an array, got ${jsonType(raw)}`, path);
        return { present: false };
      }
      const element = (schema as z.ZodArray<z.ZodType>).element;
      return {
        present: true,
        value: raw.map((item, i) => {
          const w = walk(element, item, joinPath(path, i), ctx);
          return w.present ? w.value : undefined;
        }),
      };
    }
    case "record": {
      if (!isPlainObject(raw)) {
        report(ctx, "map/invalid-type", "error", `Expected an object, got ${jsonType(raw)}`, path);
        return { present: false };
      }
      const record = schema as unknown as { keyType: z.ZodType; valueType: z.ZodType };
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(raw)) {
        const keyPath = joinPath(path, key);
        if (!leaf(record.keyType, key, keyPath, ctx).present) continue;
        const w = walk(record.valueType, raw[key], keyPath, ctx);
        if (w.present) Object.defineProperty(out, key, { value: w.value, enumerable: true, writable: true });
      }
      return { present: true, value: out };
    }
    default:
      return leaf(schema, raw, path, ctx);
  }
}
