export {
  type ImageRef,
  /** @deprecated Use `parseImageRef` from `slipway/compose`. */
  parseImageRef as parseImage,
} from "../compose/image.js";
export { findCycles } from "../core/cycles.js";
export type { Diagnostic, Result } from "../core/index.js";
export { formatPath, type PathSegment, parsePath } from "../core/path.js";
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
export { cycleDiagnostic } from "./cycle-diagnostic.js";
export { interpolate } from "./interpolate.js";
export {
  type DependencyEntry,
  hasHealthcheck,
  type PortEntry,
  type PortRange,
  readDependencies,
  readEnvironment,
  readNetworks,
  readPorts,
  readVolumes,
  type VolumeEntry,
} from "./normalize.js";
export { toDot, toMermaid } from "./render.js";
export { DEFAULT_TIERS } from "./rules/depends-tier-order.js";
export { RULES } from "./rules/index.js";
export { applicableRules, validateCompose } from "./validate.js";
