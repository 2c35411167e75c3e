export type { CheckStatus, SkippedCheck } from "./check.js";
export { combineChecks } from "./check.js";
export { findCycles } from "./cycles.js";
export type { Diagnostic, Severity } from "./diagnostic.js";
export { bySeverity, diagnostic, formatDiagnostic, hasErrors, sortDiagnostics } from "./diagnostic.js";
export type { ExtraPort, ExtraPortRole } from "./extra-ports.js";
export { extraPortsOf } from "./extra-ports.js";
export type { Environment, KindInfo, ProjectType, ServiceCategory, ServiceKind } from "./kinds.js";
export { ENVIRONMENTS, isServiceKind, KIND_INFO, PROJECT_TYPES, SERVICE_KINDS } from "./kinds.js";
export type { PathSegment } from "./path.js";
export { formatPath, parsePath } from "./path.js";
export type {
  Clock,
  ComposeRunner,
  ComposeTarget,
  ContainerDetails,
  ContainerInfo,
  ContainerInspector,
  DockerProbe,
  FileSystem,
  FileWrite,
  HealthLogEntry,
  InspectingDockerProbe,
  LedgerEntry,
  LedgerTransaction,
  PortHolder,
  PortHolderProbe,
  PortLedger,
  PortProbe,
  PublishedPort,
  Random,
  RunOutcome,
  SqlExecutor,
  SystemResources,
} from "./probes.js";
export type { ProxyKind, ProxyRoute } from "./proxy.js";
export { caddyfilePath, isProxyKind, proxyHostLabel, proxyRoutes } from "./proxy.js";
export type { Result } from "./result.js";
export { fail, ok, resultOf } from "./result.js";
export type { ServiceVariables } from "./variables.js";
export { portVariable, serviceVariables, variablePrefix } from "./variables.js";
