export type { Diagnostic, Result } from "../core/index.js";
export { locateDiagnostics, locateYamlPath, type TextPosition } from "../core/yaml-position.js";
export {
  type AddServiceRequest,
  addService,
  insertRegistryAddition,
  REGISTRY_DOCS_MARKERS,
  type RegistryAddition,
  type RegistryTypeWord,
  renderRegistryPortsTable,
  updateRegistryDocs,
} from "./add-service.js";
export * from "./deprecated.js";
export {
  DEFAULT_CRITICAL_TYPES,
  DEFAULT_SYSTEM_PORT_TYPES,
  indexRegistry,
  type RegistryIndex,
  type RegistryServiceRef,
} from "./lookup.js";
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
export { type SharedService, sharedServicesOf } from "./shared.js";
export { validateRegistry } from "./validate.js";
