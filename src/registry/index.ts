export type { Diagnostic, Result } from "../core/index.js";
export * from "./diagnose.js";
export * from "./digests.js";
export * from "./lifecycle.js";
export * from "./lifecycle-types.js";
export * from "./migrations.js";
