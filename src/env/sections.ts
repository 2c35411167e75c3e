import {
  type Diagnostic,
  diagnostic,
  type Environment,
  KIND_INFO,
  type ProjectType,
  portVariable,
  type ServiceKind,
  type ServiceVariables,
  serviceVariables,
} from "../core/index.js";
import { serviceSettings } from "../core/service-settings.js";
import type { EnvSection, EnvVariableSpec } from "./edit.js";
import type { EnvPlanApp, EnvPlanInput, EnvPlanService } from "./plan.js";

/** The variable Compose takes the project name from (over a file's top-level `name`). */
export const COMPOSE_PROJECT_VARIABLE = "COMPOSE_PROJECT_NAME";
/** The placeholder `.env.example` shows for secrets. */
export const SECRET_PLACEHOLDER = "change-me";

export function urlScheme(kind: ServiceKind): string {
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
    case "nats":
      return "nats";
    case "mosquitto":
      return "mqtt";
    case "kafka":
      // Kafka clients take bootstrap servers as `host:port`, without a scheme.
      return "";
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
  monitoring: "Monitoring Configuration",
  mail: "Mail Configuration",
};

/** Credentials and names of one service, either literal values or `${VAR}` references. */
export interface Credentials {
  user?: string;
  password?: string;
  database?: string;
}

/** A connection URL; `literal` parts are URL-encoded, references are kept as written. */
export function connectionUrl(
  kind: ServiceKind,
  host: string,
  port: number,
  c: Credentials,
  encode: boolean,
): string {
  const e = (s: string) => (encode ? encodeURIComponent(s) : s);
  const scheme = urlScheme(kind);
  if (scheme === "") return `${host}:${port}`;
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

export const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL|DSN|_KEY$/;

function frontendApiVariable(framework: ProjectType | undefined): string {
  if (framework === "react") return "REACT_APP_API_URL";
  if (framework === "nextjs") return "NEXT_PUBLIC_API_URL";
  return "VITE_API_URL";
}

export const NODE_FRAMEWORKS: readonly ProjectType[] = ["express", "react", "nextjs"];

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

/** Development credentials of a service, decided once for every file. */
export type DevCredentials = Credentials & { rootPassword?: string; masterKey?: string };

/** A service with its family's primary flag settled and its variable names. */
export type PlannedService = EnvPlanService & { primary: boolean; vars: ServiceVariables };

/** Which file is being built: an environment, or the example. */
export type Target = Environment | "example";

/** What every file is built from: the input, and what was decided once for all files. */
export interface EnvContext {
  input: EnvPlanInput;
  services: PlannedService[];
  devCredentials: Map<string, DevCredentials>;
  jwtSecret: string;
  /** Symfony's APP_SECRET for development; empty without a Symfony app. */
  appSecret: string;
  dbStem: string;
  primaryDatabase: PlannedService | undefined;
  /** Generated keys the map's variables may not replace. */
  protectedKeys: Set<string>;
  diagnostics: Diagnostic[];
  hasApps: boolean;
  usesNode: boolean;
  usesAppEnv: boolean;
  symfony: boolean;
  backends: EnvPlanApp[];
  frontends: EnvPlanApp[];
  appPort: (a: EnvPlanApp) => number;
  /** The secrets declared only because a service's setting references them (filled while building development). */
  declaredReferences: Set<string>;
}

/** One file's view: its environment, fixed values and how it writes secrets. */
interface TargetView {
  target: Target;
  env: Environment;
  fixed: (typeof PER_ENVIRONMENT)[Environment];
  local: boolean;
  note: string;
  ref: (name: string) => EnvVariableSpec["value"];
  envSecret: (key: string) => string;
}

/**
 * The sections of one env file, in order; later definitions of a key are dropped (warnings only for
 * the development file, so each is reported once).
 *
 * @example
 * ```ts
 * const sections = sectionsFor("staging", context);
 * sections.map((s) => s.title); // ["Port Configuration …", "Database Configuration", …]
 * ```
 */
export function sectionsFor(target: Target, c: EnvContext): EnvSection[] {
  const env: Environment = target === "example" ? "development" : target;
  const t: TargetView = {
    target,
    env,
    fixed: PER_ENVIRONMENT[env],
    local: env === "development",
    note: env === "staging" ? "Set via CI/CD" : "Set via secrets manager",
    ref: (name) => `\${${name}}`,
    envSecret: (key) => `${env.toUpperCase()}_${key}`,
  };
  const sections: EnvSection[] = [];
  projectAndPortSections(t, c, sections);
  serviceSections(t, c, sections);
  imageSections(t, c, sections);
  appSections(t, c, sections);
  additionalSection(t, c, sections);
  apiKeyAndAppTailSections(t, c, sections);
  referencedSecretEntries(t, c, sections);
  // The map's variables stand over the defaults generated after them (LOG_LEVEL, BCRYPT_ROUNDS…).
  const mapKeys = new Set(Object.keys({ ...c.input.variables, ...c.input.environments?.[env]?.variables }));
  return dedupe(sections, target === "development" ? c.diagnostics : [], mapKeys);
}

/** Compose project name and, in development, the host ports. */
function projectAndPortSections(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const { local } = t;
  const { input, services } = c;
  if (input.composeProject !== undefined) {
    sections.push({
      title: "Compose Project (keeps this checkout's containers, volumes and networks apart)",
      entries: [{ key: COMPOSE_PROJECT_VARIABLE, value: input.composeProject }],
    });
  }

  if (local) {
    const ports: EnvVariableSpec[] = services.flatMap((s) => [
      { key: s.vars.port, value: String(s.hostPort ?? s.containerPort) },
      ...Object.entries(s.extraPorts ?? {}).map(([name, port]) => ({
        key: portVariable(name),
        value: String(port),
      })),
    ]);
    for (const image of input.images ?? []) {
      const port = image.hostPort ?? image.containerPort;
      if (port !== undefined) ports.push({ key: portVariable(image.name), value: String(port) });
    }
    for (const a of input.apps) {
      const port = a.hostPort ?? a.port;
      if (port !== undefined && port > 0)
        ports.push({ key: serviceVariables(a.kind, a.name).port, value: String(port) });
    }
    sections.push({ title: "Port Configuration (auto-assigned, deterministic)", entries: ports });
  }
}

/** One section per service category: credentials, connection URLs and the map's settings of each service. */
function serviceSections(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const { target, env, fixed, local, note, ref, envSecret } = t;
  const { services, devCredentials, dbStem, primaryDatabase } = c;
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
      // Mailpit's SMTP as an app run on this machine reaches it; containers get `smtp://<service>:1025`.
      if (v.smtpUrl !== undefined)
        entries.push({
          key: v.smtpUrl,
          value: `smtp://localhost:${s.extraPorts?.[`${s.name}-smtp`] ?? 1025}`,
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
    entries.push(...settingEntries(t, s.name, s.settings));
  }
  for (const [title, entries] of byCategory) sections.push({ title, entries });
}

/**
 * The map's container variables of one service: plain values in every file, a secret (by its key's
 * name) only in `.env.development` — a placeholder in `.env.example`, a `${VAR}` reference elsewhere.
 */
function settingEntries(
  t: TargetView,
  serviceName: string,
  settings: Record<string, string> | undefined,
): EnvVariableSpec[] {
  const { target, local, note, ref, envSecret } = t;
  // A value that references variables goes into the Compose file as it is; it defines none here.
  const own = serviceSettings(serviceName, settings).filter((setting) => setting.references === undefined);
  return own.map((setting): EnvVariableSpec => {
    const isSecret = SECRET_NAME.test(setting.key);
    if (!isSecret || target === "development") return { key: setting.variable, value: setting.value };
    if (local) return { key: setting.variable, value: SECRET_PLACEHOLDER };
    return { key: setting.variable, value: ref(envSecret(setting.variable)), expand: true, comment: note };
  });
}

/** The services run from an image slipway has no recipe for: their container variables. */
function imageSections(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const entries = (c.input.images ?? []).flatMap((image) => settingEntries(t, image.name, image.settings));
  if (entries.length > 0) sections.push({ title: "Other Services", entries });
}

/** The applications' runtime settings and the URL the frontends call. */
function appSections(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const { env, local } = t;
  const { hasApps, usesNode, usesAppEnv, symfony, backends, frontends, appPort } = c;
  if (hasApps) {
    const app: EnvVariableSpec[] = [];
    if (usesNode || !usesAppEnv) app.push({ key: "NODE_ENV", value: env });
    if (usesAppEnv) app.push({ key: "APP_ENV", value: symfony ? (local ? "dev" : "prod") : env });
    const backend = backends[0];
    if (backend !== undefined) app.push({ key: "PORT", value: String(appPort(backend)) });
    if (symfony) app.push(messengerTransport(c));
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
}

/**
 * Symfony Messenger's transport in every file: a `messages` stream on the primary Redis, else a
 * queue on the primary RabbitMQ, else the Doctrine transport on the database. Built from the
 * service's URL variable, so it follows that URL (and holds no secret itself).
 */
function messengerTransport(c: EnvContext): EnvVariableSpec {
  const redis = c.services.find((s) => s.kind === "redis" && s.primary);
  const rabbit = c.services.find((s) => s.kind === "rabbitmq" && s.primary);
  const key = "MESSENGER_TRANSPORT_DSN";
  if (redis?.vars.url !== undefined) return { key, value: `\${${redis.vars.url}}/messages`, expand: true };
  if (rabbit?.vars.url !== undefined)
    return { key, value: `\${${rabbit.vars.url}}/%2f/messages`, expand: true };
  return { key, value: "doctrine://default?auto_setup=0" };
}

/**
 * One of the map's variables in one env file. A secret by its name keeps the map's value in
 * development only, like a service's setting: a placeholder in the example, a reference set via
 * CI/CD or a secrets manager elsewhere (an API key under its own name). A value the map gives for
 * this very environment is written as given; outside development one that references variables
 * stays a reference, like the generated ones.
 */
function variableEntry(
  t: TargetView,
  key: string,
  value: string,
  options: { ownValue: boolean; apiKey: boolean },
): EnvVariableSpec {
  const secret = SECRET_NAME.test(key);
  if (t.target === "example" && secret) return { key, value: SECRET_PLACEHOLDER };
  if (t.local) return { key, value };
  if (secret && !options.ownValue)
    return { key, value: t.ref(options.apiKey ? key : t.envSecret(key)), expand: true, comment: t.note };
  return value.includes("${") ? { key, value, expand: true } : { key, value };
}

/** The map's variables, over generated values that are not service credentials. */
function additionalSection(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const { target, env, local } = t;
  const { input, protectedKeys, diagnostics } = c;
  const own = input.environments?.[env]?.variables ?? {};
  const extra: Record<string, string> = { ...input.variables, ...own };
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
    // A generated entry of a secret (an API key) is already a reference outside development.
    if (owner !== undefined && SECRET_NAME.test(key) && !local && !(key in own)) continue;
    const entry = variableEntry(t, key, value, { ownValue: key in own, apiKey: input.apiKeys.includes(key) });
    if (owner !== undefined) {
      owner.value = entry.value;
      delete owner.expand;
    } else additional.push(entry);
  }
  sections.push({ title: "Additional Configuration", entries: additional });
}

/**
 * Whether code reloads on change anywhere: in development the Compose file runs a dev server for
 * each backend and frontend whose framework slipway knows; workers and apps built from the user's
 * own Dockerfile keep their image's command.
 */
function reloads(apps: readonly EnvPlanApp[]): boolean {
  return apps.some((a) => a.kind !== "worker" && a.framework !== undefined);
}

/**
 * The secrets the map's settings reference (`"API_KEY": "${STRIPE_KEY}"`) that no section defines:
 * each is declared with the API keys — a placeholder in development, a `${VAR}` reference set via
 * CI/CD or a secrets manager elsewhere. A referenced name that is no secret must come from the
 * map's `variables` (the Compose phase says so).
 */
function referencedSecretEntries(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const defined = new Set(sections.flatMap((section) => section.entries.map((e) => e.key)));
  for (const key of Object.keys({ ...c.input.variables, ...c.input.environments?.[t.env]?.variables }))
    defined.add(key);
  const wanted = new Set<string>();
  for (const s of [...c.input.services, ...(c.input.images ?? [])])
    for (const setting of serviceSettings(s.name, s.settings))
      for (const name of setting.references ?? [])
        if (!defined.has(name) && SECRET_NAME.test(name)) wanted.add(name);
  if (wanted.size === 0) return;
  const api = sections.find((section) => section.title.startsWith("API Keys"));
  if (api === undefined) return;
  for (const key of [...wanted].sort()) {
    if (t.target === "development") c.declaredReferences.add(key);
    api.entries.push(
      t.local ? { key, value: apiKeyPlaceholder(key) } : { key, value: t.ref(key), expand: true },
    );
  }
}

/** API keys, then feature flags, security, logging and production settings for apps. */
function apiKeyAndAppTailSections(t: TargetView, c: EnvContext, sections: EnvSection[]): void {
  const { target, env, fixed, local, note, ref, envSecret } = t;
  const { input, jwtSecret, hasApps, usesNode } = c;
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
        {
          key: "ENABLE_HOT_RELOAD",
          value: fixed.hotReload === "true" && reloads(input.apps) ? "true" : "false",
        },
      ],
    });
    sections.push({
      title: "Security",
      entries: [
        local
          ? { key: "JWT_SECRET", value: target === "example" ? SECRET_PLACEHOLDER : jwtSecret }
          : { key: "JWT_SECRET", value: ref(envSecret("JWT_SECRET")), expand: true, comment: note },
        { key: "BCRYPT_ROUNDS", value: fixed.bcrypt },
        ...(c.symfony
          ? [
              local
                ? { key: "APP_SECRET", value: target === "example" ? SECRET_PLACEHOLDER : c.appSecret }
                : { key: "APP_SECRET", value: ref(envSecret("APP_SECRET")), expand: true, comment: note },
            ]
          : []),
      ],
    });
    sections.push({ title: "Logging", entries: [{ key: "LOG_LEVEL", value: fixed.logLevel }] });
    if (env === "production" && usesNode)
      sections.push({
        title: "Production Optimizations",
        entries: [{ key: "NODE_OPTIONS", value: "--max-old-space-size=4096" }],
      });
  }
}

/**
 * Drops later definitions of a key already defined, with a warning — unless the first one is the
 * map's own variable (`chosen`), which stands over a generated default on purpose.
 *
 * @example
 * ```ts
 * dedupe([{ title: "A", entries: [{ key: "X", value: "1" }, { key: "X", value: "2" }] }], []);
 * ```
 */
export function dedupe(
  sections: EnvSection[],
  diagnostics: Diagnostic[],
  chosen: ReadonlySet<string> = new Set(),
): EnvSection[] {
  const keys = new Set<string>();
  return sections.map((section) => ({
    title: section.title,
    entries: section.entries.filter((e) => {
      if (!keys.has(e.key)) {
        keys.add(e.key);
        return true;
      }
      if (chosen.has(e.key)) return false;
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
