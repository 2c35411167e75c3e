export type { Diagnostic, Result } from "../core/index.js";
export { createClock } from "./clock.js";
export type { ComposeRunnerOptions, RunOptions } from "./compose-runner.js";
export { createComposeRunner, detectComposeCommand, runCommand } from "./compose-runner.js";
export type { NodeDeps, NodeDepsOptions } from "./deps.js";
export { createNodeDeps } from "./deps.js";
export type { DockerProbeOptions, NodeDockerProbe } from "./docker-probe.js";
export { createDockerProbe } from "./docker-probe.js";
export type { NodeFileSystem, NodeFileSystemOptions } from "./file-system.js";
export { createNodeFileSystem, PathEscapeError } from "./file-system.js";
export { createPortHolderProbe, listeningInodes } from "./port-holder.js";
export type { FilePortLedger, PortLedgerOptions } from "./port-ledger.js";
export { createPortLedger, defaultLedgerPath } from "./port-ledger.js";
export { createCryptoRandom } from "./random.js";
export type { SocketProbeOptions } from "./socket-probe.js";
export { createSocketProbe } from "./socket-probe.js";
export type { ComposeSqlExecutorOptions } from "./sql-executor.js";
export {
  createComposeSqlExecutor,
  databaseClientCommand,
  readMigrationFiles,
  runWithInput,
} from "./sql-executor.js";
export { createSystemResources } from "./system.js";
