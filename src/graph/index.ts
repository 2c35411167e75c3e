export type { Diagnostic, Result } from "../core/index.js";
export {
  adjacencyOf,
  buildServiceGraph,
  type DependencyEdge,
  type ServiceGraph,
  startupTiers,
} from "./build.js";
export { inferImageType, inferNameType, type ServiceType } from "./categories.js";
export {
  createRuleContext,
  type Declared,
  type Rule,
  type RuleContext,
  type ServiceFacts,
  type ValidateDeps,
} from "./context.js";
export { findCycles } from "./cycles.js";
export { interpolate } from "./interpolate.js";
export {
  type DependencyEntry,
  hasHealthcheck,
  type ImageRef,
  type PortEntry,
  type PortRange,
  parseImage,
  readDependencies,
  readEnvironment,
  readNetworks,
  readPorts,
  readVolumes,
  type VolumeEntry,
} from "./normalize.js";
export { formatPath, type PathSegment, parsePath } from "./path.js";
export { toDot, toMermaid } from "./render.js";
export { cycleDiagnostic } from "./rules/depends-cycle.js";
export { DEFAULT_TIERS } from "./rules/depends-tier-order.js";
export { RULES } from "./rules/index.js";
export { applicableRules, validateCompose } from "./validate.js";
