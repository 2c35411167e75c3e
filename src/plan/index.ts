export { applyPlan, isSafeOutputPath } from "./apply.js";
export type { Manifest, ManifestEntry } from "./manifest.js";
export { MANIFEST_PATH } from "./manifest.js";
export { mergeComposeText } from "./merge-compose.js";
export { metadataFileName } from "./metadata.js";
export { planEnvironment, planEnvironmentEvents } from "./plan.js";
export { formatSummary } from "./summary.js";
export type {
  ApplyOptions,
  ApplyResult,
  FileAction,
  InfraConfig,
  InfraConfigService,
  Plan,
  PlanDeps,
  PlanEvent,
  PlanInput,
  PlannedFile,
  PlannedFileKind,
  PlanPhase,
  SkippedCheck,
} from "./types.js";
