export type { Diagnostic, Environment, ProjectType, Result } from "../core/index.js";
export { addServiceToMap, type MapServiceAddition, type MapServiceRequest } from "./add-service.js";
export { minimalArchitecture } from "./build.js";
export { detectProjectType, type ProjectTypeDetection } from "./detect.js";
export { extractApiEndpoints, extractMetadata } from "./metadata.js";
export { type ParseArchitectureOptions, parseArchitecture } from "./parse-architecture.js";
export { type ParseRequirementsOptions, parseRequirements } from "./requirements.js";
export {
  type ArchitectureInput,
  architectureInputSchema,
  architectureJsonSchema,
  COMPOSE_NAME_PATTERN,
  PROJECT_SLUG_PATTERN,
  VARIABLE_NAME_PATTERN,
} from "./schema.js";
export { databaseName, projectSlug } from "./slug.js";
export { defaultAppPort, KNOWN_FRAMEWORKS, KNOWN_TECHS, METADATA_APP_PORTS } from "./techs.js";
export type {
  AppKind,
  AppServiceSpec,
  ArchitectureMap,
  EnvironmentOverrides,
  ImageHealthcheck,
  ImageServiceSpec,
  InfraKind,
  InfraServiceSpec,
  ProjectMetadata,
  Runtime,
  ServiceOverride,
} from "./types.js";
