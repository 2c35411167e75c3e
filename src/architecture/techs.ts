import { APP_KINDS, INFRA_TECH_WORDS, infraKinds, KIND_INFO, type ProjectType } from "../core/kinds.js";
import type { AppKind, InfraKind, Runtime } from "./types.js";

/** The technologies a map's `tech` field may name, for hints: each infrastructure kind's own name. */
export const KNOWN_TECHS: readonly string[] = infraKinds().map((kind) => INFRA_TECH_WORDS[kind][0]);

const WORD_TO_KIND = new Map<string, InfraKind>(
  Object.entries(INFRA_TECH_WORDS).flatMap(([kind, words]) =>
    words.map((w) => [w, kind as InfraKind] as const),
  ),
);

/**
 * The infrastructure kind one word names (`postgresql` → `postgres`), if any.
 *
 * @example
 * ```ts
 * infraKindOfWord("PostgreSQL"); // "postgres"
 * ```
 */
export function infraKindOfWord(word: string): InfraKind | undefined {
  return WORD_TO_KIND.get(word.toLowerCase());
}

/**
 * The service name a kind gets by default: its family (`postgres` for PostGIS and pgvector too).
 *
 * @example
 * ```ts
 * familyName("pgvector"); // "postgres"
 * ```
 */
export function familyName(kind: InfraKind): string {
  return kind === "postgis" || kind === "pgvector" ? "postgres" : kind;
}

/**
 * True for the PostgreSQL family.
 *
 * @example
 * ```ts
 * isPostgresFamily("postgis"); // true
 * ```
 */
export function isPostgresFamily(kind: InfraKind): boolean {
  return kind === "postgres" || kind === "postgis" || kind === "pgvector";
}

/**
 * Extension names that turn PostgreSQL into PostGIS or pgvector.
 *
 * @example
 * ```ts
 * extensionKind("vector"); // "pgvector"
 * ```
 */
export function extensionKind(extension: string): "postgis" | "pgvector" | undefined {
  const e = extension.toLowerCase();
  if (e === "postgis") return "postgis";
  if (e === "vector" || e === "pgvector") return "pgvector";
  return undefined;
}

/**
 * The kinds a tech string names (`"PostgreSQL 16 + PostGIS"` → `["postgres", "postgis"]`), in
 * order of appearance, without repeats.
 */
function infraKindsIn(text: string): InfraKind[] {
  const found: InfraKind[] = [];
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    const kind = WORD_TO_KIND.get(word);
    if (kind !== undefined && !found.includes(kind)) found.push(kind);
  }
  return found;
}

/**
 * Resolves a tech string to one kind: a PostgreSQL family word plus `postgis`/`pgvector` gives the
 * extension's kind. `undefined` when it names nothing known, `"ambiguous"` when it names two families.
 *
 * @example
 * ```ts
 * resolveInfraTech("PostgreSQL 16 + PostGIS"); // "postgis"
 * resolveInfraTech("postgres and redis"); // "ambiguous"
 * ```
 */
export function resolveInfraTech(text: string): InfraKind | "ambiguous" | undefined {
  const kinds = infraKindsIn(text);
  if (kinds.length === 0) return undefined;
  const families = new Set(kinds.map(familyName));
  if (families.size > 1) return "ambiguous";
  if (kinds.includes("postgis")) return "postgis";
  if (kinds.includes("pgvector")) return "pgvector";
  return kinds[0];
}

/** The categories a map's `type` field may name, by kind category. */
const INFRA_TYPES: Readonly<Record<string, readonly string[]>> = {
  database: ["database", "db"],
  cache: ["cache", "database", "db"],
  queue: ["queue", "broker", "message_queue", "message-queue"],
  search: ["search", "search_engine", "search-engine"],
  storage: ["storage", "object_storage", "object-storage", "s3"],
  proxy: ["proxy", "reverse_proxy", "reverse-proxy", "gateway"],
  monitoring: ["monitoring", "observability", "logging", "logs", "dashboard"],
  mail: ["mail", "email", "smtp", "mailer"],
};

/**
 * True when a map's `type` value fits the kind (`database` for postgres, `cache` for redis).
 *
 * @example
 * ```ts
 * typeFits("cache", "redis"); // true
 * typeFits("cache", "postgres"); // false
 * ```
 */
export function typeFits(type: string, kind: InfraKind): boolean {
  const accepted = INFRA_TYPES[KIND_INFO[kind].category] ?? [];
  return accepted.includes(type.trim().toLowerCase());
}

/**
 * Framework keywords, strongest first. Backend frameworks come before frontend ones (as in the
 * keyword detection this follows); an explicit `express` beats `next.js`, which beats `node.js`.
 */
export const FRAMEWORK_KEYWORDS: readonly { type: ProjectType; pattern: RegExp; keyword: string }[] = [
  { type: "fastapi", keyword: "fastapi", pattern: /(?<![a-z0-9])fastapi(?![a-z0-9])/ },
  { type: "fastapi", keyword: "uvicorn", pattern: /(?<![a-z0-9])uvicorn(?![a-z0-9])/ },
  { type: "fastapi", keyword: "pydantic", pattern: /(?<![a-z0-9])pydantic(?![a-z0-9])/ },
  { type: "symfony", keyword: "symfony", pattern: /(?<![a-z0-9])symfony(?![a-z0-9])/ },
  { type: "symfony", keyword: "frankenphp", pattern: /(?<![a-z0-9])frankenphp(?![a-z0-9])/ },
  { type: "express", keyword: "express", pattern: /(?<![a-z0-9])express(?:\.?js)?(?![a-z0-9])/ },
  { type: "nextjs", keyword: "next.js", pattern: /(?<![a-z0-9])next\.?js(?![a-z0-9])/ },
  { type: "express", keyword: "node.js", pattern: /(?<![a-z0-9])node\.?js(?![a-z0-9])/ },
  { type: "react", keyword: "react", pattern: /(?<![a-z0-9])react(?:\.?js)?(?![a-z0-9-])/ },
];

/** The first framework keyword found in a text, strongest first. */
function frameworkInText(text: string): { type: ProjectType; keyword: string } | undefined {
  const lower = text.toLowerCase();
  for (const k of FRAMEWORK_KEYWORDS) if (k.pattern.test(lower)) return { type: k.type, keyword: k.keyword };
  return undefined;
}

/**
 * The framework a tech-stack value or an app's `framework` field names: an exact project type, a
 * keyword (`"Node.js 20 + Express"` → `express`), or a bare `node` (→ `express`).
 *
 * @example
 * ```ts
 * resolveFramework("Node.js 20 + Express"); // "express"
 * resolveFramework("React 18"); // "react"
 * ```
 */
export function resolveFramework(text: string): ProjectType | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === "next" || lower === "nextjs" || lower === "next.js") return "nextjs";
  const found = frameworkInText(lower);
  if (found !== undefined) return found.type;
  if (/(?<![a-z0-9])node(?![a-z0-9])/.test(lower)) return "express";
  return undefined;
}

/** The frameworks a map may name, for hints. */
export const KNOWN_FRAMEWORKS = ["fastapi", "express", "react", "nextjs", "symfony"] as const;

/**
 * The runtime of a framework.
 *
 * @example
 * ```ts
 * runtimeOf("symfony"); // "php"
 * ```
 */
export function runtimeOf(framework: ProjectType): Runtime {
  if (framework === "fastapi") return "python";
  if (framework === "symfony") return "php";
  return "node";
}

/**
 * The runtime a free-text tech value suggests when no framework is recognised (`"Python 3.12"`).
 *
 * @example
 * ```ts
 * runtimeInText("Python 3.12 + Django"); // "python"
 * ```
 */
export function runtimeInText(text: string): Runtime | undefined {
  const lower = text.toLowerCase();
  if (/(?<![a-z0-9])(python|django|flask|celery)(?![a-z0-9])/.test(lower)) return "python";
  if (/(?<![a-z0-9])(php|laravel)(?![a-z0-9])/.test(lower)) return "php";
  if (
    /(?<![a-z0-9])(node|nodejs|node\.js|typescript|javascript|bun|deno|vue|svelte|angular)(?![a-z0-9])/.test(
      lower,
    )
  )
    return "node";
  return undefined;
}

/**
 * The port an app listens on inside its container when the map does not say: Express backends
 * 4000 (`PORT=4000`), FastAPI 8000, Symfony on FrankenPHP 8080, React and Next.js 3000; workers
 * listen on none.
 *
 * @example
 * ```ts
 * defaultAppPort("backend", "express"); // 4000
 * defaultAppPort("worker", "symfony"); // undefined
 * ```
 */
export function defaultAppPort(kind: AppKind, framework: ProjectType | undefined): number | undefined {
  if (kind === "worker") return undefined;
  switch (framework) {
    case "fastapi":
      return 8000;
    case "symfony":
      return 8080;
    case "react":
    case "nextjs":
      return 3000;
    case "express":
      return kind === "frontend" ? 3000 : 4000;
    default:
      return KIND_INFO[kind].containerPort;
  }
}

/** The app port by framework used for project metadata: FastAPI 8000, Express/React/Next.js 3000. */
export const METADATA_APP_PORTS: Readonly<Record<ProjectType, number>> = {
  fastapi: 8000,
  express: 3000,
  react: 3000,
  nextjs: 3000,
  symfony: 8080,
};

/** Words that name an app kind, as tech-stack keys or code directories. */
export const APP_KIND_WORDS: Readonly<Record<AppKind, readonly string[]>> = {
  backend: ["backend", "api", "server"],
  frontend: ["frontend", "client", "web", "ui"],
  worker: ["worker", "workers", "jobs", "consumer", "messenger"],
};

/**
 * The app kind a word names (`api` → `backend`), if any.
 *
 * @example
 * ```ts
 * appKindOfWord("api"); // "backend"
 * ```
 */
export function appKindOfWord(word: string): AppKind | undefined {
  const w = word.toLowerCase();
  for (const kind of APP_KINDS) if (APP_KIND_WORDS[kind].includes(w)) return kind;
  return undefined;
}
