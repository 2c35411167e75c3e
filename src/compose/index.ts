export type { ComposeSpec, ServiceSpec } from "./build.js";
export { buildCompose, composeProjectName, defaultNetworkName, WORKER_MEMORY_LIMIT } from "./build.js";
export { buildImageService, type ImageServiceInput } from "./custom.js";
export type { DevelopmentLoop, DevelopmentLoopInput } from "./develop.js";
export { bindSource, developmentLoop, withoutDevelopmentLoop } from "./develop.js";
export { joinSharedNetworks } from "./external.js";
export { DEFAULT_COMPOSE_FILES, findComposeFile, relativeTo } from "./files.js";
export { type ImageRef, parseImageRef } from "./image.js";
export type { ComposeText, LoadComposeOptions, LoadedCompose } from "./load.js";
export { loadCompose } from "./load.js";
export type {
  ComposeFile,
  ComposeService,
  DependsOn,
  DependsOnCondition,
  Healthcheck,
  NetworkDefinition,
  PortLong,
  SecretDefinition,
  VolumeDefinition,
} from "./model.js";
export {
  composeFileSchema,
  PROJECT_NAME_PATTERN,
  RESOURCE_NAME_PATTERN,
  serviceSchema,
} from "./model.js";
export type { ParseComposeOptions } from "./parse.js";
export { MAX_EXPANDED_NODES, parseCompose } from "./parse.js";
export type { ProxyContext, ProxySpec } from "./proxy.js";
export { applyProxy, DOCKER_SOCKET_MOUNT, traefikCommand, traefikLabels } from "./proxy.js";
export type { AppRuntime, Recipe, VariableRole } from "./recipes.js";
export { APP_HEALTHCHECK_TIMING, appHealthcheck, RECIPES } from "./recipes.js";
export type { RenderComposeOptions } from "./render.js";
export { COMPOSE_HEADER_MARKER, renderCompose } from "./render.js";
export { SYMFONY_WORKER_HEALTHCHECK, withWorkerHealthchecks } from "./symfony.js";
export type { ComposeTag, ComposeTagName } from "./tags.js";
export { COMPOSE_TAGS, composeTags } from "./tags.js";
export { variablesIn, variablesUsed } from "./variables.js";

/** The file name the seed asks for and slipway writes by default. */
export const COMPOSE_FILE_NAME = "docker-compose.yml";
/** The file name today's Compose looks for first; slipway writes it when asked. */
export const COMPOSE_SPEC_FILE_NAME = "compose.yaml";
