export type { Diagnostic, Result } from "../core/index.js";
export type { EnvSection, EnvVariableSpec, SetEnvValueOptions } from "./edit.js";
export { buildEnvDocument, envEntry, setEnvValue } from "./edit.js";
export { gitignoreFragment } from "./gitignore.js";
export type { EnvMerge } from "./merge.js";
export { mergeEnv } from "./merge.js";
export { envValues, parseEnv, renderEnv } from "./parse.js";
export type { EnvFiles, EnvPlanApp, EnvPlanImage, EnvPlanInput, EnvPlanService } from "./plan.js";
export { apiKeyPlaceholder, COMPOSE_PROJECT_VARIABLE, planEnvFiles, SECRET_PLACEHOLDER } from "./plan.js";
export type { EncodedEnvValue } from "./quote.js";
export { encodeEnvReference, encodeEnvValue, quoteEnvValue } from "./quote.js";
export type {
  EnvBlank,
  EnvComment,
  EnvDocument,
  EnvEntry,
  EnvEol,
  EnvInvalid,
  EnvLine,
  EnvQuote,
} from "./types.js";
