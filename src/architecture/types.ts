import type { APP_KINDS, Environment, InfraKind, ProjectType } from "../core/kinds.js";

/** A service kind slipway runs from a published image (databases, caches, queues, search, storage). */
export type { InfraKind };

/** A service kind built from the project's own code. */
export type AppKind = (typeof APP_KINDS)[number];

/** The language runtime of an app service. */
export type Runtime = "node" | "python" | "php";

/** One infrastructure service of the map: a database, cache, queue, search engine or object store. */
export interface InfraServiceSpec {
  /** Service name in Compose; defaults to the family name (`postgres` also for PostGIS and pgvector). */
  name: string;
  kind: InfraKind;
  /** The technology as the user wrote it, e.g. `postgresql` or `PostgreSQL 16`. */
  tech: string;
  /** Image tag pin the user asked for, e.g. `16` or `16-3.4`. */
  version?: string;
  /** Full image override, possibly with an `@sha256:` digest. */
  image?: string;
  /** Host port the user asked for. */
  port?: number;
  /** Volume as written: a named volume or a path (path safety is checked where volumes are rendered). */
  volume?: string;
  network?: string;
  extensions: string[];
  /** Extra environment variables for the container. */
  environment: Record<string, string>;
  /** Where the entry came from in the input, e.g. `infrastructure[0]`. */
  source: string;
}

/** A Compose healthcheck as an image entry of the map writes it. */
export interface ImageHealthcheck {
  test: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

/**
 * One `infrastructure` entry that names an image instead of a `tech`: any service slipway has no
 * recipe for (a mail catcher, a vendor image). It has no service kind; what the user wrote is kept.
 */
export interface ImageServiceSpec {
  name: string;
  /** The image reference as written. */
  image: string;
  /** What the service is for, as written (`type`), for the graph rules. */
  type?: string;
  /** Host port the user asked for. */
  port?: number;
  /** The port the container listens on; absent → nothing is published. */
  containerPort?: number;
  /** A Compose short volume, `source:/container/path[:ro]`. */
  volume?: string;
  /** Container variables; written to the env files and referenced from Compose like a recipe's settings. */
  environment: Record<string, string>;
  healthcheck?: ImageHealthcheck;
  command?: string | string[];
  /** Names of the services this one starts after. */
  dependsOn: string[];
  /** Where the entry came from in the input, e.g. `infrastructure[2]`. */
  source: string;
}

/** One app service of the map: built from the project's code. */
export interface AppServiceSpec {
  /** `backend`, `frontend`, `worker`, or a name the user gave (`backend-auth`). */
  name: string;
  kind: AppKind;
  framework?: ProjectType;
  runtime?: Runtime;
  /**
   * A framework slipway has no starter template for, as written (`"Go 1.22 + Gin"`): the app builds
   * from the user's own Dockerfile, and gets no healthcheck written for it.
   */
  customFramework?: string;
  /** Build context, e.g. `./backend`. */
  context?: string;
  /** The port the app listens on inside its container. */
  port?: number;
  /** The host port the user asked for. */
  hostPort?: number;
  command?: string;
  replicas?: number;
  /** Names of the services this one starts after. */
  dependsOn: string[];
  environment: Record<string, string>;
  /** External API key variable names the app needs, e.g. `OPENAI_API_KEY`. */
  apiKeys: string[];
  /** Where the entry came from in the input, e.g. `apps[1]` or `tech_stack.backend`. */
  source: string;
}

/** Per-service overrides for one environment. */
export interface ServiceOverride {
  replicas?: number;
  image?: string;
}

/** What changes in one environment. */
export interface EnvironmentOverrides {
  variables?: Record<string, string>;
  services?: Record<string, ServiceOverride>;
}

/** The validated, normalised description of a project's infrastructure. */
export interface ArchitectureMap {
  project: { name: string; slug: string; path?: string; description?: string };
  infrastructure: InfraServiceSpec[];
  /** `infrastructure` entries that name an image instead of a tech; absent when there are none. */
  images?: ImageServiceSpec[];
  apps: AppServiceSpec[];
  techStack: Record<string, string>;
  codeOrganization?: { structure: Record<string, string> };
  /** The project type, from the apps' frameworks when one is known. */
  projectType?: ProjectType;
  /** The project network, when the map names one. */
  network?: string;
  /** External API key variable names the project needs, over all apps. */
  apiKeys: string[];
  /** Extra plain environment variables the user asked for. */
  variables: Record<string, string>;
  environments: Partial<Record<Environment, EnvironmentOverrides>>;
}

/** Facts about a project that templates and the metadata file use. */
export interface ProjectMetadata {
  name: string;
  /** Compose-safe project slug, `^[a-z0-9][a-z0-9_-]*$`. */
  slug: string;
  description?: string;
  projectType?: ProjectType;
  /** The slug with underscores, for database names. */
  databaseName: string;
  /** The port the main app listens on. */
  appPort: number;
  needsRedis: boolean;
  /** Endpoints named in the task text, as `METHOD /path`. */
  apiEndpoints: string[];
}
