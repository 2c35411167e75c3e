export type { Diagnostic, Result } from "../core/index.js";
export { createClock } from "./clock.js";
export type { NodeFileSystem, NodeFileSystemOptions } from "./file-system.js";
export { createNodeFileSystem, PathEscapeError } from "./file-system.js";
export type { FilePortLedger, PortLedgerOptions } from "./port-ledger.js";
export { createPortLedger, defaultLedgerPath } from "./port-ledger.js";
export { createCryptoRandom } from "./random.js";
export type { SocketProbeOptions } from "./socket-probe.js";
export { createSocketProbe } from "./socket-probe.js";
