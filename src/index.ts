export * from "./core/index.js";
export type {
  ApplyOptions,
  ApplyResult,
  FileAction,
  InfraConfig,
  InfraConfigService,
  Manifest,
  ManifestEntry,
  Plan,
  PlanDeps,
  PlanEvent,
  PlanInput,
  PlannedFile,
  PlannedFileKind,
  PlanPhase,
  SkippedCheck,
} from "./plan/index.js";
export {
  applyPlan,
  formatSummary,
  isSafeOutputPath,
  MANIFEST_PATH,
  mergeComposeText,
  metadataFileName,
  planEnvironment,
  planEnvironmentEvents,
} from "./plan/index.js";
