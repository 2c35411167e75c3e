import {
  type Diagnostic,
  diagnostic,
  fail,
  KIND_INFO,
  type ProjectType,
  type Result,
  resultOf,
} from "../core/index.js";
import { buildArchitectureMap, type Loose } from "./build.js";
import { missingMapResult } from "./parse-architecture.js";
import type { ArchitectureInput } from "./schema.js";
import { COMPOSE_NAME_PATTERN } from "./schema.js";
import { familyName, infraKindOfWord, isPostgresFamily } from "./techs.js";
import type { AppKind, ArchitectureMap, InfraKind } from "./types.js";
import type { WalkContext } from "./walk.js";

/** Options of {@link parseRequirements}. */
export interface ParseRequirementsOptions {
  /** The project name (default `app`); requirements text does not name the project. */
  name?: string;
  /** The file the text came from, named in diagnostics. */
  file?: string;
}

type Category = "database" | "cache" | "queue" | "search" | "storage" | "proxy";

interface ServiceDraft {
  kind: InfraKind;
  tech: string;
  generic: boolean;
  offset: number;
  port?: number;
  version?: string;
  volume?: string;
  network?: string;
  extensions: string[];
}

interface AppDraft {
  kind: AppKind;
  framework?: ProjectType;
  replicas?: number;
}

/** Words that name a category; they create a service only when no tech of that category is near. */
const GENERIC_WORDS: Record<string, { category: Category; kind: InfraKind }> = {
  database: { category: "database", kind: "postgres" },
  databases: { category: "database", kind: "postgres" },
  db: { category: "database", kind: "postgres" },
  cache: { category: "cache", kind: "redis" },
  caching: { category: "cache", kind: "redis" },
  queue: { category: "queue", kind: "rabbitmq" },
  queues: { category: "queue", kind: "rabbitmq" },
  broker: { category: "queue", kind: "rabbitmq" },
  search: { category: "search", kind: "meilisearch" },
  storage: { category: "storage", kind: "minio" },
  s3: { category: "storage", kind: "minio" },
  bucket: { category: "storage", kind: "minio" },
  buckets: { category: "storage", kind: "minio" },
  proxy: { category: "proxy", kind: "traefik" },
};

const FRAMEWORK_WORDS: Record<string, { kind: AppKind; framework?: ProjectType }> = {
  fastapi: { kind: "backend", framework: "fastapi" },
  uvicorn: { kind: "backend", framework: "fastapi" },
  express: { kind: "backend", framework: "express" },
  expressjs: { kind: "backend", framework: "express" },
  "express.js": { kind: "backend", framework: "express" },
  node: { kind: "backend", framework: "express" },
  nodejs: { kind: "backend", framework: "express" },
  "node.js": { kind: "backend", framework: "express" },
  symfony: { kind: "backend", framework: "symfony" },
  frankenphp: { kind: "backend", framework: "symfony" },
  react: { kind: "frontend", framework: "react" },
  reactjs: { kind: "frontend", framework: "react" },
  "react.js": { kind: "frontend", framework: "react" },
  nextjs: { kind: "frontend", framework: "nextjs" },
  "next.js": { kind: "frontend", framework: "nextjs" },
  worker: { kind: "worker" },
  workers: { kind: "worker" },
  messenger: { kind: "worker" },
};

/** Words that carry no information of their own here. */
const FILLER = new Set(
  (
    "a an the with without on at using use uses used need needs needed want wants require requires required " +
    "and or plus + & for in of as to into via also including include includes set setup run running runs " +
    "container containers docker compose local locally default persistent persistence service services instance " +
    "instances server servers app application apps api backend frontend extension extensions enabled enable " +
    "support supports host localhost mapped exposed expose data engine message messaging object store " +
    "single one primary main is be should must it its our my we i please named called - — = : " +
    "latest stable dev development layer full-text fulltext text replicas replica"
  ).split(" "),
);

const isSeparator = (token: string) => token === "," || token === ";" || token === "\n";

function stripToken(token: string): { core: string; endsSentence: boolean } {
  let core = token.replace(/^[("'`[{]+/, "").replace(/[)"'`\]}!?]+$/, "");
  let endsSentence = false;
  if (core.length > 1 && core.endsWith(".") && !/^\.+\/?$/.test(core)) {
    core = core.replace(/\.+$/, "");
    endsSentence = true;
  }
  return { core, endsSentence };
}

/**
 * Parses requirements written as text, such as `PostgreSQL on port 5434, Redis on 6380, network:
 * myapp_network`, into an architecture map. It knows PostgreSQL (with PostGIS or pgvector), PostGIS,
 * pgvector, MySQL, MariaDB, MongoDB, Redis, RabbitMQ, Meilisearch and MinIO; ports written as
 * `port 5434`, `port: 5434`, `on 6380`, `:5434` or a bare `5434` after the service; versions
 * (`PostgreSQL 16`); `volume <name or path>`; `network: <name>`; and app frameworks (FastAPI,
 * Express/Node.js, React, Next.js, Symfony/FrankenPHP, workers). Words it does not understand are
 * reported as `requirements/unrecognized` warnings naming the fragment; empty text gives the
 * minimal configuration with a `map/missing` warning. Never throws.
 *
 * @example
 * ```ts
 * const r = parseRequirements("PostgreSQL on port 5434, Redis on 6380, network: myapp_network");
 * if (r.ok) r.value.infrastructure.map((s) => [s.name, s.port]); // [["postgres", 5434], ["redis", 6380]]
 * if (r.ok) r.value.network; // "myapp_network"
 * ```
 */
export function parseRequirements(
  text: string,
  options: ParseRequirementsOptions = {},
): Result<ArchitectureMap> {
  const ctx: WalkContext = { diagnostics: [], file: options.file };
  if (typeof text !== "string")
    return fail([
      diagnostic("map/invalid-type", "error", `Requirements must be text, got ${typeof text}`, {
        file: options.file,
      }),
    ]);
  if (text.trim() === "") return missingMapResult(ctx, options.name, "The requirements text is empty");

  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const at = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - lineStarts[line]! + 1 };
  };
  const issue = (
    code: string,
    severity: Diagnostic["severity"],
    message: string,
    offset: number,
    hint?: string,
  ) => ctx.diagnostics.push(diagnostic(code, severity, message, { file: options.file, ...at(offset), hint }));

  const r: Reader = {
    text,
    issue,
    services: [],
    apps: [],
    globalNetwork: undefined,
    clauseStart: 0,
    current: undefined,
    currentApp: undefined,
    pending: undefined,
    previousWasTech: false,
    unrecognized: [],
    run: undefined,
  };
  readTokens(r);
  const { services, apps, globalNetwork } = r;

  if (services.length === 0 && apps.length === 0) {
    ctx.diagnostics.push(
      diagnostic("requirements/empty", "error", "No service was recognized in the requirements text", {
        file: options.file,
        hint: "Name at least one service, e.g. 'PostgreSQL on port 5434'.",
      }),
    );
    return fail(ctx.diagnostics);
  }

  // Build the map through the same rules as a written map, so both inputs behave alike.
  const used = new Map<string, number>();
  const uniqueName = (base: string) => {
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
  const raw: Loose<ArchitectureInput> = {
    project: { name: options.name?.trim() || "app" },
    infrastructure: services.map((s) => {
      const entry: NonNullable<NonNullable<Loose<ArchitectureInput>["infrastructure"]>[number]> = {
        tech: s.tech,
        name: uniqueName(familyName(s.kind)),
        // After a conflict (reported above) keep the extension of the chosen kind only.
        extensions: s.extensions.filter((e) => s.kind === "postgres" || e === s.kind),
      };
      if (s.port !== undefined) entry.port = s.port;
      if (s.version !== undefined) entry.version = s.version;
      if (s.volume !== undefined) entry.volume = s.volume;
      if (s.network !== undefined) entry.network = s.network;
      return entry;
    }),
    apps: apps.map((a) => {
      const entry: NonNullable<NonNullable<Loose<ArchitectureInput>["apps"]>[number]> = {
        name: uniqueName(a.kind),
        kind: a.kind,
      };
      if (a.framework !== undefined) entry.framework = a.framework;
      if (a.replicas !== undefined) entry.replicas = a.replicas;
      return entry;
    }),
  };
  if (globalNetwork !== undefined) raw.network = globalNetwork;
  const inner: WalkContext = { diagnostics: [] };
  const map = buildArchitectureMap(raw, new Set(Object.keys(raw)), inner);
  for (const s of map.infrastructure) {
    const i = Number(/\[(\d+)\]/.exec(s.source)?.[1] ?? 0);
    const where = at(services[i]?.offset ?? 0);
    s.source = `requirements:${where.line}:${where.column}`;
    // A tech found by a category word ("a cache") is recorded by its family name.
    if (services[i]?.generic) s.tech = s.kind === "postgres" ? "postgresql" : s.kind;
  }
  for (const a of map.apps) a.source = "requirements";
  // Builder diagnostics refer to the synthetic map; keep them without its paths.
  for (const d of inner.diagnostics) {
    const { path: _path, ...rest } = d;
    ctx.diagnostics.push({ ...rest, ...(options.file === undefined ? {} : { file: options.file }) });
  }
  return resultOf(map, ctx.diagnostics);
}

/** The state of one reading: drafts so far and the clause being read. */
interface Reader {
  text: string;
  /** Reports a problem at an offset of the text. */
  issue: (
    code: string,
    severity: Diagnostic["severity"],
    message: string,
    offset: number,
    hint?: string,
  ) => void;
  services: ServiceDraft[];
  apps: AppDraft[];
  globalNetwork: string | undefined;
  // Clause state; a clause ends at ',', ';', a newline or the end of a sentence.
  clauseStart: number;
  current: ServiceDraft | undefined;
  currentApp: AppDraft | undefined;
  pending: "port" | "network" | "volume" | "version" | "on" | undefined;
  previousWasTech: false | "infra" | "app";
  unrecognized: { start: number; end: number }[];
  run: { start: number; end: number } | undefined;
}

function flushRun(r: Reader): void {
  if (r.run !== undefined) r.unrecognized.push(r.run);
  r.run = undefined;
}
function endClause(r: Reader, end: number): void {
  flushRun(r);
  const clause = r.text.slice(r.clauseStart, end).trim();
  for (const u of r.unrecognized)
    r.issue(
      "requirements/unrecognized",
      "warning",
      `Unrecognized text "${r.text.slice(u.start, u.end)}" in "${clause}"`,
      u.start,
      "Name a known service (PostgreSQL, PostGIS, pgvector, MySQL, MariaDB, MongoDB, Redis, RabbitMQ, Meilisearch, MinIO, Loki, Promtail, Grafana, Mailpit, Elasticsearch, OpenSearch, Kafka, NATS, Mosquitto), a port, `volume <name>` or `network: <name>`.",
    );
  r.unrecognized = [];
  r.current = undefined;
  r.currentApp = undefined;
  r.pending = undefined;
  r.previousWasTech = false;
}

function target(r: Reader, field: "port" | "volume" | "version"): ServiceDraft | undefined {
  if (r.current !== undefined) return r.current[field] === undefined ? r.current : undefined;
  const last = r.services[r.services.length - 1];
  return last !== undefined && last[field] === undefined ? last : undefined;
}

function setPort(r: Reader, value: string, offset: number): boolean {
  const port = Number(value);
  const t = target(r, "port");
  if (t === undefined) return false;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    r.issue("port/invalid", "error", `Port ${value} is not an integer between 1 and 65535`, offset);
    return true;
  }
  t.port = port;
  return true;
}

function newService(r: Reader, kind: InfraKind, tech: string, offset: number, generic: boolean): void {
  const s: ServiceDraft = { kind, tech, generic, offset, extensions: [] };
  if (kind === "postgis" || kind === "pgvector") s.extensions.push(kind);
  r.services.push(s);
  r.current = s;
}

function addExtension(
  r: Reader,
  s: ServiceDraft,
  kind: "postgis" | "pgvector",
  word: string,
  offset: number,
): void {
  if (!s.extensions.includes(kind)) s.extensions.push(kind);
  if (s.kind !== "postgres" && s.kind !== kind) {
    r.issue(
      "map/extension-conflict",
      "error",
      "PostGIS and pgvector are asked for together, but no default image has both",
      offset,
      "Use two databases, or write an architecture map with an `image` that bundles both.",
    );
    return;
  }
  s.kind = kind;
  if (s.generic) s.tech = word;
}

function handleWord(r: Reader, raw: string, offset: number, afterTech: false | "infra" | "app"): boolean {
  const lower = raw.toLowerCase();
  // Inline forms: network:name, port:5434, volume:./data.
  const inline = /^(network|port|volume|mount)[:=](.+)$/.exec(lower);
  if (inline !== null) {
    const value = raw.slice(inline[1]!.length + 1);
    if (inline[1] === "network") return setNetwork(r, value);
    if (inline[1] === "port") return /^\d+$/.test(value) && setPort(r, value, offset);
    return setVolume(r, value);
  }
  if (r.pending === "network") {
    if (lower === "named" || lower === "called" || lower === ":" || lower === "=") return true;
    r.pending = undefined;
    if (setNetwork(r, raw)) return true;
  }
  if (r.pending === "volume") {
    if (["named", "called", "at", "on", ":", "=", "in"].includes(lower)) return true;
    r.pending = undefined;
    if (!FILLER.has(lower) && infraKindOfWord(lower) === undefined && setVolume(r, raw)) return true;
  }
  if (r.pending === "version") {
    r.pending = undefined;
    const t = target(r, "version");
    if (/^v?\d+[a-z0-9.-]*$/.test(lower) && t !== undefined) {
      t.version = raw.replace(/^v/i, "");
      return true;
    }
  }
  if (lower === "network" || lower === "network:" || lower === "networks" || lower === "net") {
    r.pending = "network";
    return true;
  }
  if (lower === "port" || lower === "port:" || lower === "ports") {
    r.pending = "port";
    return true;
  }
  if (
    lower === "volume" ||
    lower === "volume:" ||
    lower === "volumes" ||
    lower === "mount" ||
    lower === "mount:"
  ) {
    r.pending = "volume";
    return true;
  }
  if (lower === "version" || lower === "version:") {
    r.pending = "version";
    return true;
  }
  // "postgres:5434": a tech and its port in one word; "postgres:17", "redis:7.4-alpine": a tech and
  // its version, written as an image tag (a number below 1024 is no port a service would get).
  const techPort = /^([a-z][a-z0-9.]*):(\d+(?:\.\d+)*(?:-[a-z0-9.]+)?)$/.exec(lower);
  if (techPort !== null && infraKindOfWord(techPort[1]!) !== undefined) {
    handleWord(r, raw.slice(0, techPort[1]!.length), offset, afterTech);
    r.previousWasTech = false;
    const value = raw.slice(techPort[1]!.length + 1);
    if (/^\d+$/.test(value) && Number(value) >= 1024)
      return setPort(r, value, offset + techPort[1]!.length + 1);
    const t = target(r, "version");
    if (t === undefined) return false;
    t.version = value;
    return true;
  }
  // Ports: ":5434", "localhost:5434", "5434" after "port"/"on", or a bare port-sized number.
  const colon = /^(?:[a-z0-9.-]*):(\d+)$/.exec(lower);
  if (colon !== null) {
    r.pending = undefined;
    return setPort(r, colon[1]!, offset);
  }
  if (/^\d+$/.test(lower)) {
    const wasPending = r.pending;
    r.pending = undefined;
    if (wasPending === "port" || wasPending === "on") return setPort(r, lower, offset);
    if (afterTech && Number(lower) < 100) {
      const t = target(r, "version");
      if (afterTech === "infra" && t !== undefined) t.version = lower;
      return true;
    }
    if (Number(lower) >= 100) return setPort(r, lower, offset);
    return false;
  }
  if (afterTech && /^v?\d+(?:\.\d+)+(?:-[a-z0-9.]+)?$|^v?\d+-[a-z0-9.]+$/.test(lower)) {
    const t = target(r, "version");
    if (afterTech === "infra" && t !== undefined) t.version = raw.replace(/^v/i, "");
    return true;
  }
  if (lower === "on" || lower === "at") {
    r.pending = "on";
    return true;
  }
  // Technologies.
  const kind =
    infraKindOfWord(lower) ??
    (lower === "vector" && r.current && isPostgresFamily(r.current.kind) ? "pgvector" : undefined);
  if (kind !== undefined) {
    r.previousWasTech = "infra";
    if (
      (kind === "postgis" || kind === "pgvector") &&
      r.current !== undefined &&
      isPostgresFamily(r.current.kind)
    ) {
      addExtension(r, r.current, kind, raw, offset);
      return true;
    }
    if (r.current?.generic && KIND_INFO[r.current.kind].category === KIND_INFO[kind].category) {
      r.current.kind = kind;
      r.current.tech = raw;
      r.current.generic = false;
      if (kind === "postgis" || kind === "pgvector") r.current.extensions.push(kind);
      return true;
    }
    newService(r, kind, raw, offset, false);
    return true;
  }
  const generic = Object.hasOwn(GENERIC_WORDS, lower) ? GENERIC_WORDS[lower] : undefined;
  if (generic !== undefined) {
    const category = r.current === undefined ? undefined : KIND_INFO[r.current.kind].category;
    const fits = category === generic.category || (generic.category === "database" && category === "cache");
    if (!fits)
      newService(r, generic.kind, generic.kind === "postgres" ? "postgresql" : generic.kind, offset, true);
    return true;
  }
  const framework = Object.hasOwn(FRAMEWORK_WORDS, lower) ? FRAMEWORK_WORDS[lower] : undefined;
  if (framework !== undefined) {
    r.previousWasTech = "app";
    const same = r.apps.find(
      (a) =>
        a.kind === framework.kind &&
        (a === r.currentApp || a.framework === framework.framework || framework.framework === undefined),
    );
    if (same !== undefined) {
      if (same.framework === undefined && framework.framework !== undefined)
        same.framework = framework.framework;
      r.currentApp = same;
    } else {
      const app: AppDraft = { kind: framework.kind };
      if (framework.framework !== undefined) app.framework = framework.framework;
      r.apps.push(app);
      r.currentApp = app;
    }
    return true;
  }
  if (FILLER.has(lower)) return true;
  return false;
}

function setNetwork(r: Reader, value: string): boolean {
  if (!COMPOSE_NAME_PATTERN.test(value) || FILLER.has(value.toLowerCase())) return false;
  if (r.current !== undefined) r.current.network = value;
  r.globalNetwork ??= value;
  return true;
}

function setVolume(r: Reader, value: string): boolean {
  const t = target(r, "volume");
  if (t === undefined) return false;
  if (!/^(?:[./~]|[A-Za-z]:[\\/])/.test(value) && !COMPOSE_NAME_PATTERN.test(value)) return false;
  if (/^\d+$/.test(value)) return false;
  t.volume = value;
  return true;
}

/** Reads the text token by token, clause by clause, into service and app drafts. */
function readTokens(r: Reader): void {
  const tokens = /[,;\n]|[^\s,;]+/g;
  for (let m = tokens.exec(r.text); m !== null; m = tokens.exec(r.text)) {
    const token = m[0];
    if (isSeparator(token)) {
      endClause(r, m.index);
      r.clauseStart = m.index + 1;
      continue;
    }
    const { core, endsSentence } = stripToken(token);
    // "2 workers": a count before a worker word sets its replicas.
    const nextWorker = /^\d+$/.test(core)
      ? /^\s*(workers?|replicas?)\b/i.exec(r.text.slice(m.index + token.length))
      : null;
    let recognized: boolean;
    if (core === "") recognized = true;
    else if (nextWorker !== null) {
      const count = Number(core);
      if (nextWorker[1]!.toLowerCase().startsWith("worker")) {
        let worker = r.apps.find((a) => a.kind === "worker");
        if (worker === undefined) {
          worker = { kind: "worker" };
          r.apps.push(worker);
        }
        worker.replicas = Math.min(count, 1000);
        r.currentApp = worker;
      } else if (r.currentApp !== undefined) r.currentApp.replicas = Math.min(count, 1000);
      recognized = true;
    } else {
      const afterTech = r.previousWasTech;
      r.previousWasTech = false;
      recognized = handleWord(r, core, m.index + token.indexOf(core), afterTech);
    }
    if (recognized) flushRun(r);
    else {
      const start = m.index + token.indexOf(core);
      if (r.run === undefined) r.run = { start, end: start + core.length };
      else r.run.end = start + core.length;
    }
    if (endsSentence) {
      endClause(r, m.index + token.length);
      r.clauseStart = m.index + token.length;
    }
  }
  endClause(r, r.text.length);
}
