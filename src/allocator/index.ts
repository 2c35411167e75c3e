export type { Diagnostic, Result } from "../core/index.js";
export type {
  AllocateDeps,
  Allocation,
  AssignmentReason,
  PortAssignment,
  PortOverride,
  PortRequest,
} from "./allocate.js";
export { allocatePorts, FALLBACK_RANGE, FALLBACK_TRIES, SCAN_LIMIT } from "./allocate.js";
export { portOverridesFromEnv } from "./overrides.js";
export type { PortRange } from "./ranges.js";
export { DEFAULT_RANGE_SIZE, PORT_RANGES, preferredPort } from "./ranges.js";
