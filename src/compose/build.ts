import { createHash } from "node:crypto";
import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { type Environment, KIND_INFO, type ProjectType, type ServiceKind } from "../core/kinds.js";
import { type Result, resultOf } from "../core/result.js";
import { serviceSettings } from "../core/service-settings.js";
import { serviceVariables } from "../core/variables.js";
import type { ComposeFile, ComposeService, DependsOnCondition, Healthcheck } from "./model.js";
import { PROJECT_NAME_PATTERN, RESOURCE_NAME_PATTERN } from "./model.js";
import { type AppRuntime, appHealthcheck, RECIPES, type Recipe } from "./recipes.js";
import { compareNames } from "./render.js";

/** One service to generate. */
export interface ServiceSpec {
  /** The Compose service name (`^[a-zA-Z0-9._-]+$`). */
  name: string;
  kind: ServiceKind;
  /** The published host port (from the allocator); absent → not published. */
  hostPort?: number;
  /** The port inside the container; default `KIND_INFO[kind].containerPort`. */
  containerPort?: number;
  /** A full image reference that replaces the recipe's image (must carry a tag or a digest). */
  image?: string;
  /** A version or tag for the recipe's image: `"16"` → `postgres:16-alpine`, `"18.0-alpine"` as it is. */
  version?: string;
  /** A digest pin, `sha256:<64 hex>`; written as `image:tag@sha256:…`. */
  digest?: string;
  /** A named volume (default `<name>-data`), or a path (`./data/pg`) for a bind mount. */
  volume?: string;
  /** Database extensions; `postgis` and `vector` select the PostGIS and pgvector images for a `postgres` service. */
  extensions?: string[];
  /** First service of its family (gets `DATABASE_URL`/`REDIS_URL` naming in env files). */
  primary?: boolean;
  /** App services: the detected framework, which implies the runtime when `runtime` is absent. */
  framework?: ProjectType;
  runtime?: AppRuntime;
  /** App services: the build context (default `.`) and Dockerfile (default `Dockerfile`). */
  context?: string;
  dockerfile?: string;
  command?: string;
  /** Copies of the service (`deploy.replicas`), e.g. for queue workers. */
  replicas?: number;
  /** Services this one waits for: healthy when they have a healthcheck, started otherwise. */
  dependsOn?: string[];
  /** Extra container variables, written verbatim (usually `${VAR}` references). */
  environment?: Record<string, string>;
  /**
   * Infrastructure services: the map's own container variables (`{ PGTZ: "UTC" }`), written as
   * references to the env files (`PGTZ: ${POSTGRES_PGTZ}`, see `serviceSettings`), never as values.
   */
  settings?: Record<string, string>;
  /** App services: the HTTP health endpoint (default `/health` for backends, `/` for frontends). */
  healthcheckPath?: string;
  /**
   * App services: `false` writes no healthcheck, for an image whose tools and endpoints are unknown
   * (the user's own Dockerfile for a framework without a template); services that wait on it wait
   * until it has started.
   */
  healthcheck?: false;
}

/** What {@link buildCompose} turns into a Compose model. */
export interface ComposeSpec {
  /** The project slug from the architecture description. */
  projectName: string;
  /** The project's checkout path; makes the Compose project name unique per checkout. */
  projectPath: string;
  environment: Environment;
  /** The project network; default `<slug>_network` (with `-` turned into `_`). */
  network?: string;
  /** The host address ports are published on; default `127.0.0.1`. */
  bindAddress?: string;
  services: ServiceSpec[];
}

/** Memory limit of worker services outside development (seed 003: "worker without memory limit"). */
export const WORKER_MEMORY_LIMIT = "512M";

/** Tags that name no fixed release (dclint's service-image-require-explicit-tag list). */
const FLOATING_TAGS = ["latest", "stable", "edge", "test", "nightly", "dev", "beta", "canary", "lts"];

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

const FRAMEWORK_RUNTIME: Record<ProjectType, AppRuntime> = {
  express: "node",
  react: "node",
  nextjs: "node",
  fastapi: "python",
  symfony: "php",
};

function slugOf(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 48)
    .replace(/[-_]+$/, "");
  return slug === "" ? "project" : slug;
}

/**
 * The Compose project name of one checkout: the slug, then the first 8 hex digits of the SHA-256 of
 * the project path. Two checkouts of one project get different names, so their containers,
 * networks and volumes never mix; the same checkout always gets the same name. The result always
 * matches `^[a-z0-9][a-z0-9_-]*$`.
 *
 * @example
 * ```ts
 * composeProjectName("chi-monitor", "/home/ana/src/chi"); // "chi-monitor-" + 8 hex digits
 * composeProjectName("My App!", "/srv/app");              // "my-app-" + 8 hex digits
 * ```
 */
export function composeProjectName(slug: string, projectPath: string): string {
  const hash = createHash("sha256").update(projectPath, "utf8").digest("hex").slice(0, 8);
  return `${slugOf(slug)}-${hash}`;
}

/**
 * The default project network of a slug: `<slug>_network`, `-` turned into `_` (seed: `chi_network`).
 *
 * @example
 * ```ts
 * defaultNetworkName("chi-monitor"); // "chi_monitor_network"
 * ```
 */
export function defaultNetworkName(slug: string): string {
  return `${slugOf(slug).replace(/-/g, "_")}_network`;
}

function isPath(volume: string): boolean {
  return /^[./~]/.test(volume) || volume.includes("/") || volume.includes("\\");
}

/** `repo:tag` → the tag, `repo@sha256:…` → undefined; a port in a registry host is not a tag. */
function tagOf(reference: string): string | undefined {
  const withoutDigest = reference.split("@")[0] ?? reference;
  const last = withoutDigest.split("/").pop() ?? withoutDigest;
  const colon = last.indexOf(":");
  return colon === -1 ? undefined : last.slice(colon + 1);
}

function effectiveKind(spec: ServiceSpec, diagnostics: Diagnostic[], index: number): ServiceKind {
  const extensions = (spec.extensions ?? []).map((e) => e.toLowerCase());
  const wantsPostgis = extensions.includes("postgis");
  const wantsVector = extensions.includes("vector") || extensions.includes("pgvector");
  let kind = spec.kind;
  if (kind === "postgres" && wantsPostgis) kind = "postgis";
  else if (kind === "postgres" && wantsVector) kind = "pgvector";
  if ((kind === "postgis" && wantsVector) || (kind === "pgvector" && wantsPostgis)) {
    diagnostics.push(
      diagnostic(
        "compose/extension-not-in-image",
        "warning",
        `Service \`${spec.name}\` asks for both PostGIS and pgvector; the ${kind} image has only one of them`,
        {
          path: `services[${index}].extensions`,
          hint: "Set `image` to an image that ships both extensions, or split the data into two databases.",
        },
      ),
    );
  }
  return kind;
}

interface ImageChoice {
  reference: string;
  tag: string | undefined;
}

function chooseImage(
  spec: ServiceSpec,
  recipe: Recipe,
  diagnostics: Diagnostic[],
  index: number,
): ImageChoice | undefined {
  const path = `services[${index}]`;
  let reference: string;
  let tag: string | undefined;
  if (spec.image !== undefined) {
    reference = spec.image;
    tag = tagOf(spec.image);
    if (spec.version !== undefined) {
      diagnostics.push(
        diagnostic(
          "compose/version-ignored",
          "warning",
          `Service \`${spec.name}\` gives both \`image\` and \`version\`; the version is not used`,
          { path: `${path}.version`, hint: "Put the tag in `image` (`name:tag`) and drop `version`." },
        ),
      );
    }
  } else if (recipe.image !== undefined && recipe.tag !== undefined) {
    tag = spec.version !== undefined ? (recipe.tagFor?.(spec.version) ?? spec.version) : recipe.tag;
    reference = `${recipe.image}:${tag}`;
  } else {
    return undefined;
  }

  const digestInReference = reference.includes("@");
  if (spec.digest !== undefined) {
    if (!DIGEST.test(spec.digest)) {
      diagnostics.push(
        diagnostic("compose/invalid-digest", "error", `Digest \`${spec.digest}\` is not a sha256 digest`, {
          path: `${path}.digest`,
          hint: "Write it as `sha256:` followed by 64 lowercase hex digits, as `docker images --digests` shows.",
        }),
      );
    } else if (!digestInReference) {
      reference = `${reference}@${spec.digest}`;
    }
  }
  const pinnedByDigest = reference.includes("@");
  if (!pinnedByDigest && (tag === undefined || tag === "" || FLOATING_TAGS.includes(tag.toLowerCase()))) {
    diagnostics.push(
      diagnostic(
        "compose/unpinned-image",
        "error",
        `Image \`${reference}\` of service \`${spec.name}\` has no fixed version`,
        {
          path: spec.image !== undefined ? `${path}.image` : `${path}.version`,
          hint: "Name a release tag such as `postgres:17.6-alpine`, or pin a digest with `digest`.",
        },
      ),
    );
  }
  if (tag?.includes("${") || tag?.includes("$")) tag = undefined;
  return { reference, tag };
}

function validPort(port: number | undefined): boolean {
  return port === undefined || (Number.isInteger(port) && port >= 1 && port <= 65535);
}

/**
 * Builds the Compose model of a project from its services: each infrastructure service from its
 * recipe (see {@link RECIPES}), each app service from its build context, all on one project
 * network with `restart: unless-stopped`, named volumes, credentials as `${VAR}` references named
 * by the shared variable convention, host ports published on `bindAddress` (default `127.0.0.1`),
 * and `depends_on` waiting for `service_healthy` where the target has a healthcheck. Outside
 * development workers get a memory limit; Redis requires a password everywhere. In production the
 * infrastructure services sit on an internal network (`<network>_internal`) only, with no
 * published port, and the apps join both networks. No `container_name`; the
 * top-level `name` is {@link composeProjectName}.
 *
 * Problems in the spec (invalid names or ports, unknown dependencies, floating image tags, bad
 * digests) are reported all at once.
 *
 * @example
 * ```ts
 * const r = buildCompose({
 *   projectName: "shop", projectPath: "/home/ana/shop", environment: "development",
 *   services: [
 *     { name: "postgres", kind: "postgres", hostPort: 5423, primary: true },
 *     { name: "backend", kind: "backend", hostPort: 4000, framework: "express", dependsOn: ["postgres"],
 *       environment: { DATABASE_URL: "${DATABASE_URL}" } },
 *   ],
 * });
 * if (r.ok) console.log(renderCompose(r.value));
 * ```
 */
export function buildCompose(spec: ComposeSpec): Result<ComposeFile> {
  const diagnostics: Diagnostic[] = [];
  const name = composeProjectName(spec.projectName, spec.projectPath);
  if (!PROJECT_NAME_PATTERN.test(name)) {
    // composeProjectName always yields a valid name; this guards the invariant.
    throw new Error(`composeProjectName produced an invalid name: ${name}`);
  }

  const network = spec.network ?? defaultNetworkName(spec.projectName);
  const isolated = spec.environment === "production";
  const internalNetwork = `${network}_internal`;
  if (!RESOURCE_NAME_PATTERN.test(network)) {
    diagnostics.push(
      diagnostic(
        "compose/invalid-network-name",
        "error",
        `Network name \`${network}\` is not valid in Compose`,
        {
          path: "network",
          hint: "Use only letters, digits, `.`, `_` and `-`.",
        },
      ),
    );
  }

  const bind = spec.bindAddress ?? "127.0.0.1";
  const bindIsV6 = bind.includes(":");
  if (!(IPV4.test(bind) || (bindIsV6 && IPV6.test(bind)))) {
    diagnostics.push(
      diagnostic("compose/invalid-bind-address", "error", `Bind address \`${bind}\` is not an IP address`, {
        path: "bindAddress",
        hint: "Use `127.0.0.1` (this machine only) or `0.0.0.0` (every interface).",
      }),
    );
  }
  const hostIp = bindIsV6 ? `[${bind}]` : bind;

  const seen = new Map<string, number>();
  spec.services.forEach((s, i) => {
    if (!RESOURCE_NAME_PATTERN.test(s.name)) {
      diagnostics.push(
        diagnostic(
          "compose/invalid-service-name",
          "error",
          `Service name \`${s.name}\` has characters Compose does not allow`,
          { path: `services[${i}].name`, hint: "Use only letters, digits, `.`, `_` and `-`." },
        ),
      );
    }
    const first = seen.get(s.name);
    if (first !== undefined) {
      diagnostics.push(
        diagnostic(
          "compose/duplicate-service",
          "error",
          `Service name \`${s.name}\` is used twice (services[${first}] and services[${i}])`,
          { path: `services[${i}].name`, hint: "Give every service its own name." },
        ),
      );
    } else {
      seen.set(s.name, i);
    }
  });

  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, { driver: string }> = {};
  const healthy = new Set<string>();

  spec.services.forEach((s, i) => {
    const path = `services[${i}]`;
    const kind = effectiveKind(s, diagnostics, i);
    const recipe = RECIPES[kind];
    const info = KIND_INFO[kind];
    const app = info.category === "application";
    const service: ComposeService = {};

    // Image or build.
    const image = chooseImage(s, recipe, diagnostics, i);
    if (image !== undefined) service.image = image.reference;
    else service.build = { context: s.context ?? ".", dockerfile: s.dockerfile ?? "Dockerfile" };

    // Data volume (infrastructure kinds only).
    if (recipe.dataPath !== undefined) {
      const tag = image?.tag ?? recipe.tag ?? "";
      const dataPath = recipe.dataPath(tag);
      const volume = s.volume ?? `${s.name}-data`;
      if (isPath(volume)) {
        service.volumes = [`${volume}:${dataPath}`];
      } else if (!RESOURCE_NAME_PATTERN.test(volume)) {
        diagnostics.push(
          diagnostic(
            "compose/invalid-volume-name",
            "error",
            `Volume name \`${volume}\` is not valid in Compose`,
            {
              path: `${path}.volume`,
              hint: "Use letters, digits, `.`, `_` and `-`, or a path starting with `./` for a bind mount.",
            },
          ),
        );
      } else {
        service.volumes = [`${volume}:${dataPath}`];
        volumes[volume] = { driver: "local" };
      }
    } else if (s.volume !== undefined) {
      diagnostics.push(
        diagnostic(
          "compose/volume-ignored",
          "warning",
          `Service \`${s.name}\` is an app service; its \`volume\` is not used`,
          {
            path: `${path}.volume`,
            hint: "Data volumes belong to database, cache, queue and storage services.",
          },
        ),
      );
    }

    // Environment: the recipe's credentials as references, literal settings, auth outside development, then the caller's.
    const vars = serviceVariables(kind, s.name, s.primary === undefined ? {} : { primary: s.primary });
    const environment: Record<string, string> = {};
    for (const [container, role] of Object.entries(recipe.environment)) {
      const variable = vars[role];
      if (variable !== undefined) environment[container] = `\${${variable}}`;
    }
    if (recipe.settings !== undefined) Object.assign(environment, recipe.settings(spec.environment));
    // Caches and queues require a password in every environment: the development env file carries one and
    // its connection URLs use it, so clients connect with the generated values as they are.
    if (recipe.authentication !== undefined) {
      for (const [container, role] of Object.entries(recipe.authentication.environment)) {
        const variable = vars[role];
        if (variable !== undefined) environment[container] = `\${${variable}}`;
      }
    }
    for (const setting of serviceSettings(s.name, s.settings))
      environment[setting.key] = `\${${setting.variable}}`;
    if (s.environment !== undefined) Object.assign(environment, s.environment);
    if (Object.keys(environment).length > 0) service.environment = environment;

    // Ports.
    const containerPort = s.containerPort ?? info.containerPort;
    if (!validPort(s.hostPort)) {
      diagnostics.push(
        diagnostic(
          "compose/invalid-port",
          "error",
          `Host port ${s.hostPort} of \`${s.name}\` is outside 1–65535`,
          {
            path: `${path}.hostPort`,
          },
        ),
      );
    }
    if (s.containerPort !== undefined && !validPort(s.containerPort)) {
      diagnostics.push(
        diagnostic(
          "compose/invalid-port",
          "error",
          `Container port ${s.containerPort} of \`${s.name}\` is outside 1–65535`,
          { path: `${path}.containerPort` },
        ),
      );
    }
    if (s.hostPort !== undefined && !(isolated && !app)) {
      if (containerPort > 0) {
        service.ports = [`${hostIp}:${s.hostPort}:${containerPort}`];
      } else {
        diagnostics.push(
          diagnostic(
            "compose/missing-container-port",
            "error",
            `Service \`${s.name}\` publishes host port ${s.hostPort} but has no container port`,
            {
              path: `${path}.containerPort`,
              hint: "Give the port the service listens on in `containerPort`.",
            },
          ),
        );
      }
    }

    // In production the backing services live on an internal network only (no route outside, no
    // published port); apps join it and the project network, where their ports are published.
    service.networks = !isolated ? [network] : app ? [network, internalNetwork] : [internalNetwork];

    // Command.
    if (s.command !== undefined) service.command = s.command;
    else if (recipe.authentication !== undefined && vars.password !== undefined)
      service.command = recipe.authentication.command(`\${${vars.password}}`);
    else if (recipe.command !== undefined) service.command = [...recipe.command];

    service.restart = "unless-stopped";

    // Healthcheck.
    let healthcheck: Healthcheck | undefined;
    if (recipe.healthcheck !== undefined) {
      healthcheck = structuredClone(recipe.healthcheck);
    } else if (
      app &&
      s.healthcheck !== false &&
      containerPort > 0 &&
      (kind !== "worker" || s.healthcheckPath !== undefined)
    ) {
      const runtime = s.runtime ?? (s.framework !== undefined ? FRAMEWORK_RUNTIME[s.framework] : "node");
      healthcheck = appHealthcheck(
        runtime,
        containerPort,
        s.healthcheckPath ?? (kind === "frontend" ? "/" : "/health"),
      );
    }
    if (healthcheck !== undefined) {
      service.healthcheck = healthcheck;
      healthy.add(s.name);
    }

    if (recipe.hostname === true) service.hostname = s.name;

    // Deploy: replicas, and a memory limit for workers outside development.
    if (s.replicas !== undefined) {
      if (!Number.isInteger(s.replicas) || s.replicas < 0) {
        diagnostics.push(
          diagnostic(
            "compose/invalid-replicas",
            "error",
            `Replicas of \`${s.name}\` must be a whole number ≥ 0`,
            {
              path: `${path}.replicas`,
            },
          ),
        );
      } else {
        service.deploy = { replicas: s.replicas };
        if (s.replicas > 1 && service.ports !== undefined) {
          diagnostics.push(
            diagnostic(
              "compose/replicas-with-host-port",
              "warning",
              `Service \`${s.name}\` runs ${s.replicas} replicas on one host port; only one of them can bind it`,
              { path: `${path}.replicas`, hint: "Do not publish a host port for a replicated service." },
            ),
          );
        }
      }
    }
    if (kind === "worker" && spec.environment !== "development") {
      service.deploy = { ...service.deploy, resources: { limits: { memory: WORKER_MEMORY_LIMIT } } };
    }

    services[s.name] = service;
  });

  // depends_on, once every healthcheck is known.
  spec.services.forEach((s, i) => {
    const service = services[s.name];
    if (service === undefined || s.dependsOn === undefined || s.dependsOn.length === 0) return;
    const dependsOn: Record<string, { condition: DependsOnCondition }> = {};
    s.dependsOn.forEach((target, j) => {
      const path = `services[${i}].dependsOn[${j}]`;
      if (target === s.name) {
        diagnostics.push(
          diagnostic("compose/self-dependency", "error", `Service \`${s.name}\` depends on itself`, {
            path,
            hint: "Remove it from its own `dependsOn`.",
          }),
        );
        return;
      }
      if (!seen.has(target)) {
        diagnostics.push(
          diagnostic(
            "compose/unknown-dependency",
            "error",
            `Service \`${s.name}\` depends on \`${target}\`, which is not a service of this project`,
            { path, hint: `Known services: ${[...seen.keys()].sort(compareNames).join(", ")}.` },
          ),
        );
        return;
      }
      dependsOn[target] = { condition: healthy.has(target) ? "service_healthy" : "service_started" };
    });
    if (Object.keys(dependsOn).length > 0) service.depends_on = dependsOn;
  });

  const model: ComposeFile = { name, services };
  if (Object.keys(volumes).length > 0) model.volumes = volumes;
  model.networks = { [network]: { driver: "bridge" } };
  if (isolated) model.networks[internalNetwork] = { driver: "bridge", internal: true };
  return resultOf(model, diagnostics);
}
