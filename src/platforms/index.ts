export type { Diagnostic, Result } from "../core/index.js";
export type { PlanModel } from "./from-plan.js";
export { platformInput, TEMPLATE_APP_USER } from "./from-plan.js";
export { KUBERNETES_DIR, renderKubernetes, SECRETS_ENV_FILE } from "./kubernetes.js";
export { kubernetesName, kubernetesNames } from "./names.js";
export { renderPlatforms } from "./render.js";
export { renderSwarm, SWARM_STACK_FILE } from "./swarm.js";
export type {
  Platform,
  PlatformEnvironment,
  PlatformFile,
  PlatformInput,
  PlatformKind,
  PlatformService,
} from "./types.js";
export { PLATFORMS } from "./types.js";
