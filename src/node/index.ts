export type { Diagnostic, Result } from "../core/index.js";
export { createClock } from "./clock.js";
export type { NodeFileSystem, NodeFileSystemOptions } from "./file-system.js";
export { createNodeFileSystem, PathEscapeError } from "./file-system.js";
export { createCryptoRandom } from "./random.js";
