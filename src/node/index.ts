export { createClock } from "./clock.js";
export type { ComposeRunnerOptions } from "./compose-runner.js";
export { createComposeRunner, detectComposeCommand, runCommand } from "./compose-runner.js";
export type { DockerProbeOptions, NodeDockerProbe } from "./docker-probe.js";
export { createDockerProbe } from "./docker-probe.js";
export { createCryptoRandom } from "./random.js";
export { createSystemResources } from "./system.js";
