export type { Diagnostic, Result } from "../core/index.js";
export { characterClasses, looksRandom, shannonEntropy } from "./entropy.js";
export { fileKind } from "./file-kind.js";
export { maskSecret } from "./mask.js";
export { isPlaceholder } from "./placeholder.js";
export { SECRET_RULES } from "./rules/index.js";
export { findingsToDiagnostics, scanFiles, scanText } from "./scan.js";
export type {
  Assignment,
  FileKind,
  Finding,
  RuleHit,
  RuleMatcher,
  ScanPolicy,
  ScanTextOptions,
  SecretRule,
} from "./types.js";
export { FILE_KINDS } from "./types.js";
export { isEvidentlyNotSecret } from "./values.js";
