export type {
  CheckStatus,
  ComposeRunner,
  ComposeTarget,
  ContainerDetails,
  ContainerInspector,
  Diagnostic,
  HealthLogEntry,
  InspectingDockerProbe,
  Result,
  RunOutcome,
  SkippedCheck,
  SqlExecutor,
  SystemResources,
} from "../core/index.js";
export * from "./diagnose/index.js";
export {
  type DigestVerification,
  type ImageRef,
  type ImageVerification,
  type PinnedImages,
  parseImageDigests,
  parseImageRef,
  pinImages,
  renderImageDigests,
  unpinnedRef,
  verifyDigests,
} from "./digests.js";
export {
  type DownReport,
  down,
  type LifecycleInput,
  reset,
  type ServiceStatus,
  startedServices,
  type UpReport,
  up,
} from "./lifecycle.js";
export * from "./migrations/index.js";
export { DEFAULT_BASELINE, type PreflightInput, type PreflightReport, preflight } from "./preflight.js";
export {
  type ServiceDrift,
  type ServiceState,
  type StatusInput,
  type StatusReport,
  serviceUrl,
  stackStatus,
} from "./status.js";
