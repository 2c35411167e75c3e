import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { type Environment, KIND_INFO, type ProjectType, type ServiceKind } from "../core/kinds.js";
import { serviceConfigFiles, serviceConfigPath } from "../core/service-configs.js";
import { serviceSettings, settingValue } from "../core/service-settings.js";
import { serviceVariables } from "../core/variables.js";
import type { ServiceSpec } from "./build.js";
import { developmentLoop, HOT_RELOAD_VARIABLE } from "./develop.js";
import type { ComposeService, Healthcheck } from "./model.js";
import { RESOURCE_NAME_PATTERN } from "./model.js";
import { extraPublished } from "./proxy.js";
import { type AppRuntime, appHealthcheck, RECIPES, type Recipe } from "./recipes.js";

/** Memory limit of worker services outside development (seed 003: "worker without memory limit"). */
export const WORKER_MEMORY_LIMIT = "512M";

const FRAMEWORK_RUNTIME: Record<ProjectType, AppRuntime> = {
  express: "node",
  react: "node",
  nextjs: "node",
  fastapi: "python",
  symfony: "php",
};

/** What every service of one Compose file shares, and where the steps put what they find. */
export interface ServiceContext {
  environment: Environment;
  /** The project network, and the internal one used in production. */
  network: string;
  internalNetwork: string;
  /** Production: backing services on the internal network only, with no published port. */
  isolated: boolean;
  /** The host address in `ports` form (`127.0.0.1`, `[::1]`). */
  hostIp: string;
  /** Named volumes declared so far. */
  volumes: Record<string, { driver: string }>;
  /** Services that have a healthcheck, for `depends_on` conditions. */
  healthy: Set<string>;
  diagnostics: Diagnostic[];
}

/** One service being built: its spec, place, kind and recipe, and the Compose service so far. */
interface Step {
  s: ServiceSpec;
  path: string;
  kind: ServiceKind;
  recipe: Recipe;
  app: boolean;
  service: ComposeService;
  ctx: ServiceContext;
}

function isPath(volume: string): boolean {
  return /^[./~]/.test(volume) || volume.includes("/") || volume.includes("\\");
}

function validPort(port: number | undefined): boolean {
  return port === undefined || (Number.isInteger(port) && port >= 1 && port <= 65535);
}

/**
 * Builds the Compose service of one spec, step by step: image or build, data volume, environment,
 * ports, networks, command, healthcheck, hostname, deploy. Problems go to `ctx.diagnostics`.
 *
 * @example
 * ```ts
 * const service = buildService({ name: "postgres", kind: "postgres", hostPort: 5423 }, 0, ctx, image);
 * service.ports; // ["127.0.0.1:5423:5432"]
 * ```
 */
export function buildService(
  s: ServiceSpec,
  index: number,
  kind: ServiceKind,
  image: { reference: string; tag?: string | undefined } | undefined,
  ctx: ServiceContext,
): ComposeService {
  const recipe = RECIPES[kind];
  const step: Step = {
    s,
    path: `services[${index}]`,
    kind,
    recipe,
    app: KIND_INFO[kind].category === "application",
    service: {},
    ctx,
  };
  const { service } = step;
  if (image !== undefined) service.image = image.reference;
  else service.build = { context: s.context ?? ".", dockerfile: s.dockerfile ?? "Dockerfile" };
  addVolume(step, image?.tag ?? recipe.tag ?? "");
  addMounts(step);
  addEnvironment(step);
  const containerPort = addPorts(step);
  // In production the backing services live on an internal network only (no route outside, no
  // published port); apps join it and the project network, where their ports are published.
  service.networks = !ctx.isolated
    ? [ctx.network]
    : step.app
      ? [ctx.network, ctx.internalNetwork]
      : [ctx.internalNetwork];
  addCommand(step);
  if (step.app && ctx.environment === "development") addDevelopmentLoop(step, containerPort);
  service.restart = "unless-stopped";
  addHealthcheck(step, containerPort);
  if (recipe.hostname === true) service.hostname = s.name;
  if (recipe.ulimits !== undefined) service.ulimits = structuredClone(recipe.ulimits);
  addDeploy(step);
  return service;
}

/** The recipe's configuration files (`./config/<service>/…`, read-only) and fixed mounts, after the data volume. */
function addMounts({ s, recipe, service }: Step): void {
  const mounts: string[] = [];
  if (recipe.configFiles === true)
    for (const file of serviceConfigFiles(recipe.kind))
      mounts.push(`./${serviceConfigPath(s.name, file.file)}:${file.target}:ro`);
  mounts.push(...(recipe.mounts ?? []));
  if (mounts.length > 0) service.volumes = [...(service.volumes ?? []), ...mounts];
}

/** The data volume (infrastructure kinds only): named, or a bind mount for a path. */
function addVolume({ s, path, recipe, service, ctx }: Step, tag: string): void {
  const { diagnostics, volumes } = ctx;
  if (recipe.dataPath !== undefined) {
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
}

/** The recipe's credentials as references, literal settings, auth outside development, the map's settings, then the caller's. */
function addEnvironment({ s, kind, recipe, service, ctx }: Step): void {
  const vars = serviceVariables(kind, s.name, s.primary === undefined ? {} : { primary: s.primary });
  const environment: Record<string, string> = {};
  for (const [container, role] of Object.entries(recipe.environment)) {
    const variable = vars[role];
    if (variable !== undefined) environment[container] = `\${${variable}}`;
  }
  if (recipe.settings !== undefined)
    Object.assign(environment, recipe.settings(ctx.environment, { name: s.name, hostPort: s.hostPort }));
  // Caches and queues require a password in every environment: the development env file carries one and
  // its connection URLs use it, so clients connect with the generated values as they are.
  if (recipe.authentication !== undefined) {
    for (const [container, role] of Object.entries(recipe.authentication.environment)) {
      const variable = vars[role];
      if (variable !== undefined) environment[container] = `\${${variable}}`;
    }
  }
  for (const setting of serviceSettings(s.name, s.settings)) environment[setting.key] = settingValue(setting);
  if (s.environment !== undefined) Object.assign(environment, s.environment);
  if (Object.keys(environment).length > 0) service.environment = environment;
}

/** The published port, when the service has one; returns the container port. */
function addPorts({ s, path, app, service, kind, ctx }: Step): number {
  const { diagnostics, isolated, hostIp } = ctx;
  const containerPort = s.containerPort ?? KIND_INFO[kind].containerPort;
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
      service.ports = [`${hostIp}:${s.hostPort}:${containerPort}`, ...extraPublished({ ...s, kind }, ctx)];
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

  return containerPort;
}

/** The command: the spec's, else the recipe's with the password spliced in, else the recipe's. */
function addCommand({ s, kind, recipe, service }: Step): void {
  const vars = serviceVariables(kind, s.name, s.primary === undefined ? {} : { primary: s.primary });
  if (s.command !== undefined) service.command = s.command;
  else if (recipe.authentication !== undefined && vars.password !== undefined)
    service.command = recipe.authentication.command(`\${${vars.password}}`);
  else if (recipe.command !== undefined) service.command = [...recipe.command];
}

/**
 * Development: an app built from a bundled Dockerfile runs from the user's source (see
 * `developmentLoop`); the spec's own command still wins. `ENABLE_HOT_RELOAD` is `false` in the
 * container of an app whose code does not reload.
 */
function addDevelopmentLoop({ s, kind, service }: Step, containerPort: number): void {
  const build = service.build;
  const loop =
    typeof build === "object" && (kind === "backend" || kind === "frontend" || kind === "worker")
      ? developmentLoop({
          kind,
          ...(s.framework !== undefined ? { framework: s.framework } : {}),
          ...(s.context !== undefined ? { context: s.context } : {}),
          containerPort,
        })
      : undefined;
  if (typeof build === "object" && loop !== undefined) {
    service.build = { ...build, target: loop.target };
    service.volumes = [...loop.volumes];
    if (s.command === undefined && loop.command !== undefined) service.command = loop.command;
  }
  const reloads = loop?.reloads === true && s.command === undefined;
  const environment = service.environment;
  if (
    !reloads &&
    environment !== undefined &&
    !Array.isArray(environment) &&
    HOT_RELOAD_VARIABLE in environment
  )
    environment[HOT_RELOAD_VARIABLE] = "false";
}

/** The recipe's healthcheck, or an HTTP check for apps that listen. */
function addHealthcheck({ s, kind, recipe, app, service, ctx }: Step, containerPort: number): void {
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
    ctx.healthy.add(s.name);
  }
}

/** Deploy: replicas, and a memory limit for workers outside development. */
function addDeploy(step: Step): void {
  const { s, path, kind, service, ctx } = step;
  const { diagnostics } = ctx;
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
  if (kind === "worker" && ctx.environment !== "development") {
    service.deploy = { ...service.deploy, resources: { limits: { memory: WORKER_MEMORY_LIMIT } } };
  }
  // JVM services size their heap below this limit in every environment.
  if (step.recipe.memoryLimit !== undefined) {
    service.deploy = { ...service.deploy, resources: { limits: { memory: step.recipe.memoryLimit } } };
  }
}
