export type { Diagnostic, Result } from "../core/index.js";
