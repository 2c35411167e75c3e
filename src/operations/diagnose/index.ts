export { diagnose } from "./diagnose.js";
export { expectedFromCompose, expectedFromRegistry } from "./expected.js";
export { renderDiagnosisReport } from "./report.js";
export type {
  CurrentServiceState,
  DiagnoseTarget,
  DiagnosisFinding,
  DiagnosisReport,
  ExpectedService,
  RegisteredService,
  RegistryServices,
} from "./types.js";
