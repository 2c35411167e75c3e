export type { Diagnostic, Result } from "../core/index.js";
export { type AddServiceRequest, addService, type RegistryAddition } from "./add-service.js";
export * from "./diagnose.js";
export * from "./digests.js";
export * from "./lifecycle.js";
export * from "./lifecycle-types.js";
export {
  DEFAULT_CRITICAL_TYPES,
  DEFAULT_SYSTEM_PORT_TYPES,
  indexRegistry,
  type RegistryIndex,
  type RegistryServiceRef,
} from "./lookup.js";
export * from "./migrations.js";
export { parseRegistry } from "./parse.js";
export {
  REPORT_SECTIONS,
  type ReportCheck,
  type ReportItem,
  type ReportItemStatus,
  type ReportSection,
  registryReport,
  renderReport,
  sectionOf,
  type ValidationReport,
} from "./report.js";
export {
  type PortAllocation,
  type Registry,
  type RegistryNetwork,
  type RegistryService,
  type RequiredNetworkRule,
  registrySchema,
  type StartupTier,
} from "./schema.js";
export { validateRegistry } from "./validate.js";
export { locateDiagnostics, locateYamlPath, type TextPosition } from "./yaml-position.js";
