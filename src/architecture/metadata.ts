import { databaseName } from "./slug.js";
import { METADATA_APP_PORTS } from "./techs.js";
import type { ArchitectureMap, ProjectMetadata } from "./types.js";

const REDIS_KEYWORDS = /(?<![a-z0-9])(redis|cache|caching)(?![a-z0-9])/i;
const METHOD = /(?<![A-Za-z0-9])(get|post|put|patch|delete)(?![A-Za-z0-9])/i;
// A path starts at the beginning of a line, after whitespace or an opening quote/bracket, so
// "and/or", "src/app.ts" and the host part of URLs are not taken for endpoints.
const PATH = /(?:^|(?<=[\s"'`([]))\/[A-Za-z0-9_{}:.-]+(?:\/[A-Za-z0-9_{}:.-]+)*\/?/;

/**
 * API endpoints named in task text, as `METHOD /path`: each line (or sentence) that names an HTTP
 * method (GET, POST, PUT, PATCH, DELETE) and a path gives one endpoint; repeats are dropped.
 *
 * @example
 * ```ts
 * extractApiEndpoints("Create POST /users endpoint\nAdd GET /users/{id}");
 * // ["POST /users", "GET /users/{id}"]
 * ```
 */
export function extractApiEndpoints(text: string): string[] {
  const endpoints: string[] = [];
  for (const line of text.split(/\r?\n|(?<=\.)\s+/)) {
    const method = METHOD.exec(line);
    const path = PATH.exec(line);
    if (method === null || path === null) continue;
    const endpoint = `${method[1]!.toUpperCase()} ${path[0].replace(/[.:]+$/, "")}`;
    if (!endpoints.includes(endpoint)) endpoints.push(endpoint);
  }
  return endpoints;
}

/**
 * Extracts the facts templates and the metadata file need from a map (and optional task text):
 * slug, database name (the slug with underscores), the main app's port (the first backend's, else
 * the first app's, else by framework: FastAPI 8000, Express/React/Next.js 3000, Symfony 8080,
 * otherwise 8000), whether Redis is needed (a Redis service, or the words redis/cache/caching in the
 * project description or text) and the API endpoints named in the text.
 *
 * @example
 * ```ts
 * const r = parseArchitecture({ project: { name: "Todo API" }, tech_stack: { backend: "FastAPI" } });
 * if (r.ok) extractMetadata(r.value, { text: "Cache results in Redis. Add GET /todos" });
 * // { name: "Todo API", slug: "todo-api", projectType: "fastapi", databaseName: "todo_api",
 * //   appPort: 8000, needsRedis: true, apiEndpoints: ["GET /todos"] }
 * ```
 */
export function extractMetadata(map: ArchitectureMap, options: { text?: string } = {}): ProjectMetadata {
  const text = [map.project.name, map.project.description ?? "", options.text ?? ""].join("\n");
  const main =
    map.apps.find((a) => a.kind === "backend" && a.port !== undefined) ?? map.apps.find((a) => a.port);
  const appPort =
    main?.port ?? (map.projectType === undefined ? 8000 : (METADATA_APP_PORTS[map.projectType] ?? 8000));
  const metadata: ProjectMetadata = {
    name: map.project.name,
    slug: map.project.slug,
    databaseName: databaseName(map.project.slug),
    appPort,
    needsRedis: map.infrastructure.some((s) => s.kind === "redis") || REDIS_KEYWORDS.test(text),
    apiEndpoints: extractApiEndpoints([map.project.description ?? "", options.text ?? ""].join("\n")),
  };
  if (map.project.description !== undefined) metadata.description = map.project.description;
  if (map.projectType !== undefined) metadata.projectType = map.projectType;
  return metadata;
}
