import {
  type Diagnostic,
  type Environment,
  KIND_INFO,
  type ProjectType,
  type Random,
  type ServiceKind,
  type ServiceVariables,
  serviceVariables,
  variablePrefix,
} from "../core/index.js";
import { serviceSettings } from "../core/service-settings.js";
import { buildEnvDocument, type EnvSection, type EnvVariableSpec } from "./edit.js";
import {
  COMPOSE_PROJECT_VARIABLE,
  connectionUrl,
  type DevCredentials,
  dedupe,
  type EnvContext,
  NODE_FRAMEWORKS,
  SECRET_NAME,
  sectionsFor,
  type Target,
} from "./sections.js";

export { apiKeyPlaceholder, COMPOSE_PROJECT_VARIABLE, SECRET_PLACEHOLDER } from "./sections.js";

import { envValues } from "./parse.js";
import type { EnvDocument } from "./types.js";

/** An infrastructure service as the env files see it. */
export interface EnvPlanService {
  name: string;
  kind: ServiceKind;
  /** The host port the allocator gave it; the container port is used when it is not published. */
  hostPort?: number;
  containerPort: number;
  /**
   * The first service of its family, which gets the conventional URL name (`DATABASE_URL`).
   * When no service of a family says, the first one listed is primary.
   */
  primary?: boolean;
  /**
   * The map's own container variables for the service (`{ PGTZ: "UTC" }`), defined as
   * `serviceSettings` names them (`POSTGRES_PGTZ`). A secret by its key name (`…_PASSWORD`,
   * `…_TOKEN`) keeps its value only in `.env.development`; staging and production reference it.
   */
  settings?: Record<string, string>;
  /**
   * Host ports the service publishes besides its own, by the name they are allocated under
   * (`{ "traefik-https": 443 }`): written after its port as `portVariable(name)` (`TRAEFIK_HTTPS_PORT`).
   */
  extraPorts?: Record<string, number>;
}

/** A service run from an image slipway has no recipe for (an image entry of the map). */
export interface EnvPlanImage {
  name: string;
  /** The host port the allocator gave it. */
  hostPort?: number;
  /** The port it listens on in its container. */
  containerPort?: number;
  /** Its container variables, as `EnvPlanService.settings` (secrets by key name in development only). */
  settings?: Record<string, string>;
}

/** An application of the project. */
export interface EnvPlanApp {
  name: string;
  kind: "backend" | "frontend" | "worker";
  framework?: ProjectType;
  /** The port the app listens on. */
  port?: number;
  /** The host port it is published on. */
  hostPort?: number;
}

/** What {@link planEnvFiles} builds the files from. */
export interface EnvPlanInput {
  /** Kebab-case project name, e.g. `chi-monitor`. */
  projectSlug: string;
  /** Database name stem; defaults to the slug with `_` for `-` (`chi_monitor`). */
  databaseName?: string;
  services: EnvPlanService[];
  /** Services run from an image slipway has no recipe for; their port is `portVariable(name)`. */
  images?: EnvPlanImage[];
  apps: EnvPlanApp[];
  /** Names of external API keys, e.g. `OPENAI_API_KEY`. */
  apiKeys: string[];
  /** Extra plain variables for every environment. */
  variables?: Record<string, string>;
  /** Extra plain variables per environment, over `variables`. */
  environments?: Partial<Record<Environment, { variables?: Record<string, string> }>>;
  /** The current `.env.development`: credentials found there are reused, never regenerated. */
  existingDevelopment?: EnvDocument;
  /** When set, also build a flat file of prefixed connection variables (`TILEMUD_PG_PORT=…`). */
  prefix?: string;
  /**
   * The Compose project name (`composeProjectName`): written as `COMPOSE_PROJECT_NAME` at the top of
   * every file, where `docker compose --env-file …` and docker-compose 1.x both read it.
   */
  composeProject?: string;
}

/** The env files of a project, as documents. */
export interface EnvFiles {
  development: EnvDocument;
  staging: EnvDocument;
  production: EnvDocument;
  example: EnvDocument;
  /** Every credential value written to `.env.development` (the secret scanner's allowlist). */
  generatedSecrets: string[];
  /** The flat prefixed file (`.env.local.infra`), when `prefix` was given. */
  prefixed?: EnvDocument;
  /** Problems with the input: invalid names, variables that collide. */
  diagnostics: Diagnostic[];
  /**
   * Secrets declared only because a service's setting references them (`"${STRIPE_KEY}"`): the
   * service's, not the apps'.
   */
  declaredReferences: string[];
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Length of generated passwords: 32 × log2(62) ≈ 190 bits. */
const PASSWORD_LENGTH = 32;
/** Length of the generated JWT secret: ≈ 381 bits. */
const JWT_SECRET_LENGTH = 64;

/**
 * A random string of letters and digits (safe in URLs, YAML, shells and every env quoting), drawn
 * from `random.bytes` without modulo bias.
 */
function randomToken(random: Random, length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of random.bytes(length)) {
      if (byte >= 248) continue; // 248 = 4 × 62: keeps every character equally likely
      out += ALPHANUMERIC[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

type Family = "sql" | ServiceKind;
function family(kind: ServiceKind): Family {
  return ["postgres", "postgis", "pgvector", "mysql", "mariadb"].includes(kind) ? "sql" : kind;
}

/**
 * Builds `.env.development`, `.env.staging`, `.env.production` and `.env.example` for a project.
 *
 * Variable names come from `serviceVariables`/`portVariable`, so they match what the Compose file
 * references. Development values work as they are: host ports from the allocator, connection URLs to
 * `localhost` with URL-encoded credentials, passwords and the JWT secret drawn from `deps.random`
 * (letters and digits, ≥ 190 bits), or reused from `existingDevelopment`. Staging and production hold
 * secrets only as `${VAR}` references; `.env.example` documents every development key with
 * placeholders. Deterministic for equal input and random answers.
 *
 * @example
 * ```ts
 * const files = planEnvFiles(
 *   {
 *     projectSlug: "chi-monitor",
 *     services: [{ name: "postgres", kind: "postgis", hostPort: 5434, containerPort: 5432 }],
 *     apps: [{ name: "backend", kind: "backend", framework: "express", port: 4000, hostPort: 4000 }],
 *     apiKeys: ["OPENAI_API_KEY"],
 *   },
 *   { random: createCryptoRandom() },
 * );
 * renderEnv(files.development); // "# Development environment …\nPOSTGRES_PORT=5434\n…"
 * ```
 */
export function planEnvFiles(input: EnvPlanInput, deps: { random: Random }): EnvFiles {
  const diagnostics: Diagnostic[] = [];
  const dbStem =
    input.databaseName ?? input.projectSlug.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const existing = input.existingDevelopment === undefined ? {} : envValues(input.existingDevelopment);
  const reuse = (key: string, make: () => string): string => {
    const value = existing[key];
    return value !== undefined && value !== "" ? value : make();
  };
  const secrets: string[] = [];
  const secret = (key: string, length = PASSWORD_LENGTH): string => {
    const value = reuse(key, () => randomToken(deps.random, length));
    if (!secrets.includes(value)) secrets.push(value);
    return value;
  };

  // Which service of each family is primary: explicit flags first, else the first listed.
  const explicit = new Set(input.services.filter((s) => s.primary === true).map((s) => family(s.kind)));
  const seen = new Set<Family>();
  const services = input.services.map((s) => {
    const f = family(s.kind);
    const primary = s.primary ?? (!explicit.has(f) && !seen.has(f));
    if (primary) seen.add(f);
    return { ...s, primary, vars: serviceVariables(s.kind, s.name, { primary }) };
  });
  const primaryDatabase = services.find((s) => s.primary && KIND_INFO[s.kind].category === "database");

  // Development credentials, decided once and shared by development, example and the prefixed file.
  const devCredentials = new Map<string, DevCredentials>();
  for (const s of services) {
    const c: DevCredentials = {};
    const v = s.vars;
    if (v.user !== undefined) c.user = reuse(v.user, () => `${dbStem}_user`);
    if (v.password !== undefined) c.password = secret(v.password);
    if (v.database !== undefined) c.database = reuse(v.database, () => `${dbStem}_dev`);
    if (v.rootPassword !== undefined) c.rootPassword = secret(v.rootPassword);
    if (v.masterKey !== undefined) c.masterKey = secret(v.masterKey);
    devCredentials.set(s.name, c);
  }
  for (const s of [...services, ...(input.images ?? [])])
    for (const setting of serviceSettings(s.name, s.settings))
      if (
        SECRET_NAME.test(setting.key) &&
        setting.references === undefined &&
        setting.value !== "" &&
        !secrets.includes(setting.value)
      )
        secrets.push(setting.value);
  // The map's secret-named variables are development credentials the user chose, like settings.
  for (const [key, value] of Object.entries({
    ...input.variables,
    ...input.environments?.development?.variables,
  }))
    if (SECRET_NAME.test(key) && value !== "" && !value.includes("${") && !secrets.includes(value))
      secrets.push(value);
  const hasApps = input.apps.length > 0;

  const frameworks = input.apps.map((a) => a.framework);
  const usesNode = frameworks.some((f) => f === undefined || NODE_FRAMEWORKS.includes(f));
  const usesAppEnv = frameworks.some((f) => f === "fastapi" || f === "symfony");
  const symfony = frameworks.includes("symfony");
  const jwtSecret = hasApps ? secret("JWT_SECRET", JWT_SECRET_LENGTH) : "";
  // Symfony signs CSRF tokens, remember-me cookies and signed URLs with APP_SECRET.
  const appSecret = symfony ? secret("APP_SECRET") : "";
  const backends = input.apps.filter((a) => a.kind === "backend");
  const frontends = input.apps.filter((a) => a.kind === "frontend");
  const appPort = (a: EnvPlanApp) =>
    a.port ??
    (a.framework === "fastapi" || a.framework === "symfony" ? 8000 : KIND_INFO[a.kind].containerPort);

  const protectedKeys = new Set<string>(["JWT_SECRET", COMPOSE_PROJECT_VARIABLE]);
  if (symfony) protectedKeys.add("APP_SECRET");
  for (const s of services) for (const name of Object.values(s.vars)) protectedKeys.add(name);

  const context: EnvContext = {
    input,
    services,
    devCredentials,
    jwtSecret,
    appSecret,
    dbStem,
    primaryDatabase,
    protectedKeys,
    diagnostics,
    hasApps,
    usesNode,
    usesAppEnv,
    symfony,
    backends,
    frontends,
    appPort,
    declaredReferences: new Set(),
  };

  const headers: Record<Target, string[]> = {
    development: [
      "Development environment, generated by slipway. Values you change are kept when it runs again.",
      "Holds generated credentials: never commit it.",
    ],
    staging: [`Staging environment, generated by slipway. Secrets are \${VAR} references set via CI/CD.`],
    production: [
      `Production environment, generated by slipway. Secrets are \${VAR} references set via a secrets manager.`,
    ],
    example: [
      "Example environment: every variable of .env.development, with placeholders for secrets.",
      "Copy it to .env.development and fill in real values.",
    ],
  };
  const build = (target: Target): EnvDocument => {
    const doc = buildEnvDocument(sectionsFor(target, context), { header: headers[target] });
    if (target === "development") diagnostics.push(...doc.diagnostics);
    return { lines: doc.lines, diagnostics: [] };
  };

  const files: EnvFiles = {
    development: build("development"),
    staging: build("staging"),
    production: build("production"),
    example: build("example"),
    generatedSecrets: secrets,
    diagnostics,
    declaredReferences: [...context.declaredReferences].sort(),
  };
  if (input.prefix !== undefined) files.prefixed = prefixedFile(input.prefix, services, devCredentials);
  return files;
}

function prefixedFile(
  prefix: string,
  services: (EnvPlanService & { primary: boolean; vars: ServiceVariables })[],
  credentials: Map<string, DevCredentials>,
): EnvDocument {
  const p = variablePrefix(prefix);
  const sections: EnvSection[] = services.map((s) => {
    const c = credentials.get(s.name) as DevCredentials;
    const v = s.vars;
    const port = s.hostPort ?? s.containerPort;
    const entries: EnvVariableSpec[] = [
      { key: `${p}_${variablePrefix(s.name)}_HOST`, value: "localhost" },
      { key: `${p}_${v.port}`, value: String(port) },
    ];
    if (v.user !== undefined) entries.push({ key: `${p}_${v.user}`, value: c.user as string });
    if (v.password !== undefined) entries.push({ key: `${p}_${v.password}`, value: c.password as string });
    if (v.database !== undefined) entries.push({ key: `${p}_${v.database}`, value: c.database as string });
    if (v.rootPassword !== undefined)
      entries.push({ key: `${p}_${v.rootPassword}`, value: c.rootPassword as string });
    if (v.masterKey !== undefined) entries.push({ key: `${p}_${v.masterKey}`, value: c.masterKey as string });
    if (v.url !== undefined)
      entries.push({ key: `${p}_${v.url}`, value: connectionUrl(s.kind, "localhost", port, c, true) });
    return { title: `${KIND_INFO[s.kind].label} connection (${s.name})`, entries };
  });
  const doc = buildEnvDocument(dedupe(sections, []), {
    header: [`Local infrastructure connection settings, generated by slipway (prefix ${p}_).`],
  });
  return { lines: doc.lines, diagnostics: [] };
}
