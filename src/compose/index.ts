export type {
  ComposeFile,
  ComposeService,
  DependsOn,
  Healthcheck,
  NetworkDefinition,
  PortLong,
  VolumeDefinition,
} from "./model.js";
export { composeFileSchema, serviceSchema } from "./model.js";
