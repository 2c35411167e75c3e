import {
  type Diagnostic,
  diagnostic,
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
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Length of generated passwords: 32 × log2(62) ≈ 190 bits. */
const PASSWORD_LENGTH = 32;
/** Length of the generated JWT secret: ≈ 381 bits. */
const JWT_SECRET_LENGTH = 64;
/** The variable Compose takes the project name from (over a file's top-level `name`). */
export const COMPOSE_PROJECT_VARIABLE = "COMPOSE_PROJECT_NAME";
/** The placeholder `.env.example` shows for secrets. */
export const SECRET_PLACEHOLDER = "change-me";

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

function urlScheme(kind: ServiceKind): string {
  switch (kind) {
    case "postgres":
    case "postgis":
    case "pgvector":
      return "postgresql";
    case "mysql":
    case "mariadb":
      return "mysql";
    case "mongodb":
      return "mongodb";
    case "redis":
      return "redis";
    case "rabbitmq":
      return "amqp";
    default:
      return "http";
  }
}

const SECTION_BY_CATEGORY: Record<string, string> = {
  database: "Database Configuration",
  cache: "Cache Configuration",
  queue: "Message Queue Configuration",
  search: "Search Configuration",
  storage: "Object Storage Configuration",
  application: "Application Configuration",
  proxy: "Proxy Configuration",
};

/** Credentials and names of one service, either literal values or `${VAR}` references. */
interface Credentials {
  user?: string;
  password?: string;
  database?: string;
}

/** A connection URL; `literal` parts are URL-encoded, references are kept as written. */
function connectionUrl(
  kind: ServiceKind,
  host: string,
  port: number,
  c: Credentials,
  encode: boolean,
): string {
  const e = (s: string) => (encode ? encodeURIComponent(s) : s);
  const scheme = urlScheme(kind);
  if (scheme === "http")
    return `${host.includes("localhost") ? "http" : "https"}://${host}${port > 0 ? `:${port}` : ""}`;
  let auth = "";
  if (c.user !== undefined && c.password !== undefined) auth = `${e(c.user)}:${e(c.password)}@`;
  else if (c.password !== undefined) auth = `:${e(c.password)}@`;
  let url = `${scheme}://${auth}${host}:${port}`;
  if (c.database !== undefined) url += `/${e(c.database)}`;
  if (kind === "mongodb") url += "?authSource=admin";
  return url;
}

/**
 * A recognisable placeholder for an API key, named after its vendor and kind, with the vendor's
 * usual prefix when there is one.
 *
 * @example
 * ```ts
 * apiKeyPlaceholder("OPENAI_API_KEY"); // "sk-your-openai-key-here"
 * apiKeyPlaceholder("MAPBOX_TOKEN");   // "pk.your-mapbox-token-here"
 * apiKeyPlaceholder("WEATHER_TOKEN");  // "your-weather-token-here"
 * ```
 */
export function apiKeyPlaceholder(name: string): string {
  const parts = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const vendor = parts[0] ?? "service";
  const upper = name.toUpperCase();
  const word = /TOKEN/.test(upper)
    ? "token"
    : /KEY/.test(upper)
      ? "key"
      : /SECRET/.test(upper)
        ? "secret"
        : "value";
  const prefixes: Record<string, string> = {
    openai: "sk-",
    anthropic: "sk-ant-",
    mapbox: "pk.",
    stripe: /PUBLISHABLE|PUBLIC/.test(upper) ? "pk_test_" : "sk_test_",
  };
  return `${prefixes[vendor] ?? ""}your-${vendor}-${word}-here`;
}

const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL|DSN|_KEY$/;

function frontendApiVariable(framework: ProjectType | undefined): string {
  if (framework === "react") return "REACT_APP_API_URL";
  if (framework === "nextjs") return "NEXT_PUBLIC_API_URL";
  return "VITE_API_URL";
}

const NODE_FRAMEWORKS: readonly ProjectType[] = ["express", "react", "nextjs"];

/** The environments' fixed differences, as the seed lists them. */
const PER_ENVIRONMENT = {
  development: { logLevel: "debug", bcrypt: "10", debug: "true", hotReload: "true", user: "", db: "dev" },
  staging: {
    logLevel: "info",
    bcrypt: "12",
    debug: "true",
    hotReload: "false",
    user: "staging_user",
    db: "staging",
  },
  production: {
    logLevel: "warn",
    bcrypt: "12",
    debug: "false",
    hotReload: "false",
    user: "prod_user",
    db: "prod",
  },
} as const;

type Target = Environment | "example";

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
  const devCredentials = new Map<string, Credentials & { rootPassword?: string; masterKey?: string }>();
  for (const s of services) {
    const c: Credentials & { rootPassword?: string; masterKey?: string } = {};
    const v = s.vars;
    if (v.user !== undefined) c.user = reuse(v.user, () => `${dbStem}_user`);
    if (v.password !== undefined) c.password = secret(v.password);
    if (v.database !== undefined) c.database = reuse(v.database, () => `${dbStem}_dev`);
    if (v.rootPassword !== undefined) c.rootPassword = secret(v.rootPassword);
    if (v.masterKey !== undefined) c.masterKey = secret(v.masterKey);
    devCredentials.set(s.name, c);
  }
  for (const s of services)
    for (const setting of serviceSettings(s.name, s.settings))
      if (SECRET_NAME.test(setting.key) && setting.value !== "" && !secrets.includes(setting.value))
        secrets.push(setting.value);
  const hasApps = input.apps.length > 0;
  const jwtSecret = hasApps ? secret("JWT_SECRET", JWT_SECRET_LENGTH) : "";

  const frameworks = input.apps.map((a) => a.framework);
  const usesNode = frameworks.some((f) => f === undefined || NODE_FRAMEWORKS.includes(f));
  const usesAppEnv = frameworks.some((f) => f === "fastapi" || f === "symfony");
  const symfony = frameworks.includes("symfony");
  const backends = input.apps.filter((a) => a.kind === "backend");
  const frontends = input.apps.filter((a) => a.kind === "frontend");
  const appPort = (a: EnvPlanApp) =>
    a.port ??
    (a.framework === "fastapi" || a.framework === "symfony" ? 8000 : KIND_INFO[a.kind].containerPort);

  const protectedKeys = new Set<string>(["JWT_SECRET", COMPOSE_PROJECT_VARIABLE]);
  for (const s of services) for (const name of Object.values(s.vars)) protectedKeys.add(name);

  const sectionsFor = (target: Target): EnvSection[] => {
    const env: Environment = target === "example" ? "development" : target;
    const fixed = PER_ENVIRONMENT[env];
    const local = env === "development";
    const note = env === "staging" ? "Set via CI/CD" : "Set via secrets manager";
    const ref = (name: string): EnvVariableSpec["value"] => `\${${name}}`;
    const envSecret = (key: string) => `${env.toUpperCase()}_${key}`;
    const sections: EnvSection[] = [];

    if (input.composeProject !== undefined) {
      sections.push({
        title: "Compose Project (keeps this checkout's containers, volumes and networks apart)",
        entries: [{ key: COMPOSE_PROJECT_VARIABLE, value: input.composeProject }],
      });
    }

    if (local) {
      const ports: EnvVariableSpec[] = services.map((s) => ({
        key: s.vars.port,
        value: String(s.hostPort ?? s.containerPort),
      }));
      for (const a of input.apps) {
        const port = a.hostPort ?? a.port;
        if (port !== undefined && port > 0)
          ports.push({ key: serviceVariables(a.kind, a.name).port, value: String(port) });
      }
      sections.push({ title: "Port Configuration (auto-assigned, deterministic)", entries: ports });
    }

    const byCategory = new Map<string, EnvVariableSpec[]>();
    for (const s of services) {
      const v: ServiceVariables = s.vars;
      const entries = byCategory.get(SECTION_BY_CATEGORY[KIND_INFO[s.kind].category] as string) ?? [];
      byCategory.set(SECTION_BY_CATEGORY[KIND_INFO[s.kind].category] as string, entries);
      if (local) {
        const c = devCredentials.get(s.name) as Credentials & { rootPassword?: string; masterKey?: string };
        const hide = target === "example";
        const shown = hide && c.password !== undefined ? { ...c, password: SECRET_PLACEHOLDER } : c;
        if (v.user !== undefined) entries.push({ key: v.user, value: c.user as string });
        if (v.password !== undefined) entries.push({ key: v.password, value: shown.password as string });
        if (v.database !== undefined) entries.push({ key: v.database, value: c.database as string });
        if (v.rootPassword !== undefined)
          entries.push({
            key: v.rootPassword,
            value: hide ? SECRET_PLACEHOLDER : (c.rootPassword as string),
          });
        if (v.masterKey !== undefined)
          entries.push({ key: v.masterKey, value: hide ? SECRET_PLACEHOLDER : (c.masterKey as string) });
        if (v.url !== undefined)
          entries.push({
            key: v.url,
            value: connectionUrl(s.kind, "localhost", s.hostPort ?? s.containerPort, shown, true),
          });
      } else {
        const refs: Credentials = {};
        if (v.user !== undefined) {
          entries.push({ key: v.user, value: fixed.user });
          refs.user = ref(v.user);
        }
        if (v.password !== undefined) {
          entries.push({ key: v.password, value: ref(envSecret(v.password)), expand: true, comment: note });
          refs.password = ref(v.password);
        }
        if (v.database !== undefined) {
          entries.push({ key: v.database, value: `${dbStem}_${fixed.db}` });
          refs.database = ref(v.database);
        }
        if (v.rootPassword !== undefined)
          entries.push({
            key: v.rootPassword,
            value: ref(envSecret(v.rootPassword)),
            expand: true,
            comment: note,
          });
        if (v.masterKey !== undefined)
          entries.push({ key: v.masterKey, value: ref(envSecret(v.masterKey)), expand: true, comment: note });
        if (v.url !== undefined) {
          const stem = env === "staging" ? "staging" : "prod";
          const host =
            s === primaryDatabase ? `${stem}-db.example.com` : `${stem}-${s.name.toLowerCase()}.example.com`;
          const port = urlScheme(s.kind) === "http" ? 0 : s.containerPort;
          entries.push({ key: v.url, value: connectionUrl(s.kind, host, port, refs, false), expand: true });
        }
      }
      for (const setting of serviceSettings(s.name, s.settings)) {
        const isSecret = SECRET_NAME.test(setting.key);
        if (!isSecret || target === "development")
          entries.push({ key: setting.variable, value: setting.value });
        else if (local) entries.push({ key: setting.variable, value: SECRET_PLACEHOLDER });
        else
          entries.push({
            key: setting.variable,
            value: ref(envSecret(setting.variable)),
            expand: true,
            comment: note,
          });
      }
    }
    for (const [title, entries] of byCategory) sections.push({ title, entries });

    if (hasApps) {
      const app: EnvVariableSpec[] = [];
      if (usesNode || !usesAppEnv) app.push({ key: "NODE_ENV", value: env });
      if (usesAppEnv) app.push({ key: "APP_ENV", value: symfony ? (local ? "dev" : "prod") : env });
      const backend = backends[0];
      if (backend !== undefined) app.push({ key: "PORT", value: String(appPort(backend)) });
      sections.push({ title: "Application Configuration", entries: app });
    }
    const backend = backends[0];
    if (frontends.length > 0 && backend !== undefined) {
      const url = local
        ? `http://localhost:${backend.hostPort ?? appPort(backend)}`
        : env === "staging"
          ? "https://staging-api.example.com"
          : "https://api.example.com";
      const names = [...new Set(frontends.map((f) => frontendApiVariable(f.framework)))];
      sections.push({ title: "Frontend Configuration", entries: names.map((key) => ({ key, value: url })) });
    }

    const extra: Record<string, string> = { ...input.variables, ...input.environments?.[env]?.variables };
    const additional: EnvVariableSpec[] = [];
    for (const [key, value] of Object.entries(extra)) {
      const owner = sections.flatMap((s) => s.entries).find((e) => e.key === key);
      if (owner !== undefined && protectedKeys.has(key)) {
        if (target === "development")
          diagnostics.push(
            diagnostic("env/variable-conflict", "warning", `Variable ${key} is generated from the services`, {
              path: `variables.${key}`,
              hint: "Remove it from the variables; change the service instead",
            }),
          );
        continue;
      }
      const shown = target === "example" && SECRET_NAME.test(key) ? SECRET_PLACEHOLDER : value;
      if (owner !== undefined) {
        owner.value = shown;
        delete owner.expand;
      } else additional.push({ key, value: shown });
    }
    sections.push({ title: "Additional Configuration", entries: additional });

    const apiTitle = local
      ? "API Keys (PLACEHOLDERS - Replace with real values)"
      : env === "staging"
        ? "API Keys (Set via CI/CD secrets)"
        : "API Keys (Set via secrets manager)";
    sections.push({
      title: apiTitle,
      entries: input.apiKeys.map((key) =>
        local ? { key, value: apiKeyPlaceholder(key) } : { key, value: ref(key), expand: true },
      ),
    });

    if (hasApps) {
      sections.push({
        title: "Feature Flags",
        entries: [
          { key: "ENABLE_DEBUG_MODE", value: fixed.debug },
          { key: "ENABLE_HOT_RELOAD", value: fixed.hotReload },
        ],
      });
      sections.push({
        title: "Security",
        entries: [
          local
            ? { key: "JWT_SECRET", value: target === "example" ? SECRET_PLACEHOLDER : jwtSecret }
            : { key: "JWT_SECRET", value: ref(envSecret("JWT_SECRET")), expand: true, comment: note },
          { key: "BCRYPT_ROUNDS", value: fixed.bcrypt },
        ],
      });
      sections.push({ title: "Logging", entries: [{ key: "LOG_LEVEL", value: fixed.logLevel }] });
      if (env === "production" && usesNode)
        sections.push({
          title: "Production Optimizations",
          entries: [{ key: "NODE_OPTIONS", value: "--max-old-space-size=4096" }],
        });
    }
    return dedupe(sections, target === "development" ? diagnostics : []);
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
    const doc = buildEnvDocument(sectionsFor(target), { header: headers[target] });
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
  };
  if (input.prefix !== undefined) files.prefixed = prefixedFile(input.prefix, services, devCredentials);
  return files;
}

/** Drops later definitions of a key already defined, with a warning. */
function dedupe(sections: EnvSection[], diagnostics: Diagnostic[]): EnvSection[] {
  const keys = new Set<string>();
  return sections.map((section) => ({
    title: section.title,
    entries: section.entries.filter((e) => {
      if (!keys.has(e.key)) {
        keys.add(e.key);
        return true;
      }
      diagnostics.push(
        diagnostic("env/variable-conflict", "warning", `Variable ${e.key} would be defined twice`, {
          path: e.key,
          hint: "Give the services names that differ in more than case or punctuation, and one primary per family",
        }),
      );
      return false;
    }),
  }));
}

function prefixedFile(
  prefix: string,
  services: (EnvPlanService & { primary: boolean; vars: ServiceVariables })[],
  credentials: Map<string, Credentials & { rootPassword?: string; masterKey?: string }>,
): EnvDocument {
  const p = variablePrefix(prefix);
  const sections: EnvSection[] = services.map((s) => {
    const c = credentials.get(s.name) as Credentials & { rootPassword?: string; masterKey?: string };
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
