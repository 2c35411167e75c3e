import { type Diagnostic, diagnostic, PROJECT_TYPES, type ProjectType } from "../core/index.js";
import { parseJsonWithPositions } from "./json.js";
import { FRAMEWORK_KEYWORDS } from "./techs.js";
import { isPlainObject } from "./walk.js";

/** What {@link detectProjectType} found. */
export interface ProjectTypeDetection {
  /** The project type, when anything pointed to one. */
  type?: ProjectType;
  /** Why: one line per clue, files first (`package.json: dependency "express"`). */
  evidence: string[];
  diagnostics: Diagnostic[];
}

/** Backend frameworks before frontend ones: a Symfony app with a React asset build is a Symfony app. */
const PRIORITY: readonly ProjectType[] = ["fastapi", "symfony", "express", "nextjs", "react"];

const PACKAGE_DEPENDENCIES: readonly [string, ProjectType][] = [
  ["express", "express"],
  ["next", "nextjs"],
  ["react", "react"],
];

const PYTHON_PACKAGES: readonly [string, ProjectType][] = [
  ["fastapi", "fastapi"],
  ["uvicorn", "fastapi"],
];

const COMPOSER_PACKAGES: readonly [RegExp, ProjectType][] = [
  [/^symfony\/framework-bundle$/, "symfony"],
  [/^symfony\/(?:symfony|runtime|console|http-kernel)$/, "symfony"],
  [/^runtime\/frankenphp-symfony$/, "symfony"],
  [/^dunglas\/frankenphp/, "symfony"],
];

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return (parts[parts.length - 1] ?? "").toLowerCase();
}

function readJsonFile(
  path: string,
  content: string,
  diagnostics: Diagnostic[],
): Record<string, unknown> | undefined {
  const parsed = parseJsonWithPositions(content);
  if (!parsed.ok) {
    diagnostics.push(
      diagnostic("detect/invalid-file", "warning", `${path} is not valid JSON: ${parsed.message}`, {
        file: path,
        line: parsed.position.line,
        column: parsed.position.column,
        hint: "The file was skipped for project-type detection.",
      }),
    );
    return undefined;
  }
  return isPlainObject(parsed.value) ? parsed.value : undefined;
}

function dependencyNames(json: Record<string, unknown>, fields: readonly string[]): string[] {
  const names: string[] = [];
  for (const field of fields) {
    const deps = json[field];
    if (isPlainObject(deps)) names.push(...Object.keys(deps));
  }
  return names;
}

/** Package names in requirements.txt, Pipfile or pyproject.toml text (lowercase, `_` → `-`). */
function pythonPackages(file: string, content: string): Set<string> {
  const names = new Set<string>();
  if (file === "requirements.txt" || file.endsWith(".txt")) {
    for (const line of content.split(/\r?\n/)) {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/#.*/, ""));
      if (m !== null && !line.trim().startsWith("-")) names.add(m[1]!.toLowerCase().replace(/_/g, "-"));
    }
    return names;
  }
  // pyproject.toml / Pipfile: dependency strings ("fastapi>=0.110") and table keys (fastapi = "^0.110").
  for (const m of content.matchAll(
    /["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=~!;@ ]|["'])/g,
  ))
    names.add(m[1]!.toLowerCase().replace(/_/g, "-"));
  for (const m of content.matchAll(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/gm))
    names.add(m[1]!.toLowerCase().replace(/_/g, "-"));
  return names;
}

function fromFiles(
  files: Record<string, string>,
  evidence: string[],
  diagnostics: Diagnostic[],
): Set<ProjectType> {
  const found = new Set<ProjectType>();
  const note = (type: ProjectType, clue: string) => {
    found.add(type);
    evidence.push(clue);
  };
  for (const path of Object.keys(files).sort()) {
    const content = files[path];
    if (typeof content !== "string") continue;
    const file = baseName(path);
    if (file === "package.json") {
      const json = readJsonFile(path, content, diagnostics);
      if (json === undefined) continue;
      const deps = dependencyNames(json, ["dependencies", "devDependencies", "peerDependencies"]);
      for (const [name, type] of PACKAGE_DEPENDENCIES)
        if (deps.includes(name)) {
          if (type === "react" && deps.includes("next")) continue;
          note(type, `${path}: dependency "${name}"`);
        }
    } else if (file === "composer.json") {
      const json = readJsonFile(path, content, diagnostics);
      if (json === undefined) continue;
      const deps = dependencyNames(json, ["require", "require-dev"]);
      for (const dep of deps) {
        const hit = COMPOSER_PACKAGES.find(([pattern]) => pattern.test(dep.toLowerCase()));
        if (hit !== undefined) {
          note(hit[1], `${path}: requires "${dep}"`);
          break;
        }
      }
    } else if (file === "requirements.txt" || file === "pyproject.toml" || file === "pipfile") {
      const names = pythonPackages(file, content);
      for (const [name, type] of PYTHON_PACKAGES)
        if (names.has(name)) {
          note(type, `${path}: package "${name}"`);
          break;
        }
    }
  }
  return found;
}

function fromText(text: string, evidence: string[]): ProjectType | undefined {
  const lower = text.toLowerCase();
  for (const k of FRAMEWORK_KEYWORDS) {
    if (k.pattern.test(lower)) {
      evidence.push(`text: keyword "${k.keyword}"`);
      return k.type;
    }
  }
  return undefined;
}

/**
 * Detects the project type from project files and from text. Files a caller passes in (path →
 * content) are read for dependencies: `package.json` (express, next, react), `requirements.txt`,
 * `pyproject.toml` and `Pipfile` (fastapi, uvicorn), `composer.json` (Symfony, FrankenPHP). Text is
 * searched for framework keywords (FastAPI: fastapi, uvicorn, pydantic; Express: express, node.js;
 * React; Next.js; Symfony, FrankenPHP). Files beat keywords; when the text points elsewhere a
 * `detect/conflict` warning says so. Several frameworks in files resolve backend first
 * (fastapi, symfony, express, nextjs, react).
 *
 * @example
 * ```ts
 * detectProjectType({ text: "REST API with FastAPI and uvicorn" });
 * // { type: "fastapi", evidence: ['text: keyword "fastapi"'], diagnostics: [] }
 * detectProjectType({ files: { "package.json": '{"dependencies":{"express":"^4.19.0"}}' } }).type; // "express"
 * ```
 */
export function detectProjectType(input: {
  text?: string;
  files?: Record<string, string>;
}): ProjectTypeDetection {
  const evidence: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const files = isPlainObject(input?.files) ? input.files : {};
  const fileTypes = fromFiles(files, evidence, diagnostics);
  const textEvidence: string[] = [];
  const textType = typeof input?.text === "string" ? fromText(input.text, textEvidence) : undefined;
  evidence.push(...textEvidence);
  const fileType = PRIORITY.find((t) => fileTypes.has(t));
  const type = fileType ?? textType;
  if (fileType !== undefined && textType !== undefined && !fileTypes.has(textType))
    diagnostics.push(
      diagnostic(
        "detect/conflict",
        "warning",
        `The project files point to ${fileType}, the text to ${textType}; using ${fileType}`,
        { hint: "Files beat keywords. Name the framework in the architecture map to be explicit." },
      ),
    );
  const result: ProjectTypeDetection = { evidence, diagnostics };
  if (type !== undefined && (PROJECT_TYPES as readonly string[]).includes(type)) result.type = type;
  return result;
}
