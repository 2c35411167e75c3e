// Cycle finding lives in core/ so the registry can check its dependencies without importing graph.
export { findCycles } from "../core/cycles.js";
