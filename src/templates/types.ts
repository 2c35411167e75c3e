import type { ProjectType, ProxyKind, ProxyRoute, ServiceCategory, ServiceKind } from "../core/index.js";
import type { BASE_IMAGES, NODE_PACKAGES, PYTHON_PACKAGES } from "./versions.js";

/** What an application of the project is. */
export type AppKind = "backend" | "frontend" | "worker";

/** The language runtime an application's image is built on. */
export type AppRuntime = "node" | "python" | "php";

/** An infrastructure service (database, cache, queue…) as the templates see it. */
export interface TemplateService {
  /** The Compose service name. */
  name: string;
  kind: ServiceKind;
  /** The published host port, when the service publishes one. */
  hostPort?: number;
  /** The port inside the container. */
  containerPort: number;
  image?: string;
}

/** An application built from the project's own code. */
export interface TemplateApp {
  /** The Compose service name. */
  name: string;
  kind: AppKind;
  /** Chooses the Dockerfile; derived from `runtime`, `projectType` or `kind` when absent. */
  framework?: ProjectType;
  runtime?: AppRuntime;
  /** The build context, relative to the project root: `"."` for one app, its name for several. */
  context?: string;
  /** The port the application listens on inside its container (default by framework). */
  port?: number;
  /** The published host port. */
  hostPort?: number;
  /**
   * A framework without a starter template, as written (`"Go 1.22 + Gin"`): no Dockerfile or
   * requirements file is written for the app (only a `.dockerignore`), and the README names it so.
   */
  customFramework?: string;
}

/** Everything the bundled templates need to know about a project. */
export interface TemplateInput {
  project: { name: string; slug: string };
  projectType?: ProjectType;
  /** The Compose file, relative to the project root, e.g. `"docker-compose.yml"`. */
  composeFile: string;
  /** The Compose project name (`docker compose -p`). */
  composeProject: string;
  /** The env files the plan writes, e.g. `[".env.development", ".env.staging", ".env.production", ".env.example"]`. */
  envFiles: string[];
  /** Infrastructure services. */
  services: TemplateService[];
  /** Applications built from the project's code; each gets a Dockerfile. */
  apps: TemplateApp[];
  /** Names of the API-key variables the user fills in (`OPENAI_API_KEY`). */
  apiKeys: string[];
  /** API endpoints to list in the README (`GET /api/users`). */
  apiEndpoints?: string[];
  /** Extra .gitignore lines about env files (ignore `.env*`, keep `.env.example`); replaces the default block. */
  gitignore?: string;
}

/** What a rendered file is, for summaries and for the writer. */
export type TemplateFileKind =
  | "dockerfile"
  | "dockerignore"
  | "readme"
  | "gitignore"
  | "requirements"
  | "makefile"
  | "config"
  | "other";

/** One rendered file. `path` is relative, normalised, never absolute and never escaping. */
export interface TemplateFile {
  path: string;
  content: string;
  kind: TemplateFileKind;
}

/** Options of `renderTemplates`. */
export interface RenderTemplatesOptions {
  /** Template sources by name (see `TEMPLATE_NAMES`); each replaces the bundled one of that name. */
  sources?: Record<string, string>;
}

/** An infrastructure service as the templates receive it (`it.services[i]`). */
export interface PreparedService {
  name: string;
  kind: ServiceKind;
  label: string;
  category: ServiceCategory;
  hostPort?: number;
  containerPort: number;
  image?: string;
  /** The env variable holding the host port (`POSTGRES_PORT`). */
  variable: string;
}

/** An application as the templates receive it (`it.apps[i]`, and `it.app` in per-app templates). */
export interface PreparedApp {
  name: string;
  kind: AppKind;
  framework: ProjectType;
  runtime: AppRuntime;
  /** The normalised build context (`"."` or `"backend"`). */
  context: string;
  /** The context as a path prefix: `""` or `"backend/"`. */
  root: string;
  /** The container port; `undefined` for workers. */
  port?: number;
  hostPort?: number;
  /** The name of the Dockerfile template chosen for it. */
  template: string;
  /** A framework without a starter template (see `TemplateApp.customFramework`). */
  customFramework?: string;
  /** `runtime` is a guess (a custom framework that names no runtime): runtime-specific ignores are left out. */
  assumedRuntime?: true;
  /** The framework was named, so in development Compose runs the app from its source (see compose's `developmentLoop`). */
  runsFromSource?: true;
}

/** One row of the README's ports table. */
export interface PortRow {
  name: string;
  label: string;
  hostPort?: number;
  containerPort?: number;
  variable?: string;
  address?: string;
}

/** A Makefile target that opens a shell in a service. */
export interface ShellTarget {
  target: string;
  service: string;
  description: string;
}

/** A Makefile target: its recipe lines are already escaped for make (`$$`). */
export interface MakeTarget {
  name: string;
  description: string;
  prerequisites: string[];
  recipe: string[];
}

/** The variables every template receives as `it`. Per-app templates also get `it.app`. */
export interface TemplateData {
  project: { name: string; slug: string };
  projectType?: ProjectType;
  composeFile: string;
  composeProject: string;
  /** The development env file every command passes (`.env.development`). */
  envFile: string;
  envFiles: string[];
  /** The Compose command prefix with the env file, Compose file and project name. */
  compose: string;
  /** The same options without the command: `--env-file … -f … -p …`. */
  composeArgs: string;
  services: PreparedService[];
  apps: PreparedApp[];
  runtimes: AppRuntime[];
  apiKeys: string[];
  apiEndpoints: string[];
  /** The env-file block of .gitignore, checked to ignore every env file but the examples. */
  envIgnore: string[];
  ports: PortRow[];
  shells: ShellTarget[];
  targets: MakeTarget[];
  envFileRows: { file: string; purpose: string; committed: boolean }[];
  /** Which drivers a FastAPI app needs. */
  needs: {
    sql: boolean;
    postgres: boolean;
    mysql: boolean;
    mongodb: boolean;
    redis: boolean;
    rabbitmq: boolean;
  };
  /** The reverse proxy, when the project has one: the apps it routes, and where a Caddyfile goes. */
  proxy?: PreparedProxy;
  images: typeof BASE_IMAGES;
  packages: typeof NODE_PACKAGES;
  python: typeof PYTHON_PACKAGES;
}

/** The project's reverse proxy as the templates receive it (`it.proxy`). */
export interface PreparedProxy {
  /** The proxy's Compose service name. */
  service: string;
  kind: ProxyKind;
  /** Caddy: the Caddyfile's path relative to the project root (next to the Compose file). */
  caddyfile: string;
  /** One per backend and frontend: `<app>.localhost` → `<app>:<port>`. */
  routes: ProxyRoute[];
}
