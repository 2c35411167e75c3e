export type { Diagnostic, Result } from "../core/index.js";
export { envFileIgnored, isExampleEnvFile } from "./gitignore.js";
export type { RelativePathCheck } from "./paths.js";
export { joinRelative, normaliseRelativePath } from "./paths.js";
export { prepareTemplateData } from "./prepare.js";
export { renderTemplates, TEMPLATE_NAMES, TEMPLATE_SOURCES } from "./render.js";
export type {
  AppKind,
  AppRuntime,
  MakeTarget,
  PortRow,
  PreparedApp,
  PreparedService,
  RenderTemplatesOptions,
  ShellTarget,
  TemplateApp,
  TemplateData,
  TemplateFile,
  TemplateFileKind,
  TemplateInput,
  TemplateService,
} from "./types.js";
export { BASE_IMAGES, NODE_PACKAGES, PYTHON_PACKAGES } from "./versions.js";
