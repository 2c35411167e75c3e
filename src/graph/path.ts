// The path helpers live in core/ so modules below graph (the registry, core's YAML positions) can use them.
export { formatPath, type PathSegment, parsePath } from "../core/path.js";
