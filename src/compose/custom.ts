import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { serviceSettings, settingValue } from "../core/service-settings.js";
import type { ComposeService, Healthcheck } from "./model.js";
import { RESOURCE_NAME_PATTERN } from "./model.js";
import type { ServiceContext } from "./service.js";

/**
 * One service run from an image slipway has no recipe for (an `infrastructure` entry with `image`
 * and no `tech`): written as the user gave it, with the project's network, restart policy, port
 * publishing and variable references.
 */
export interface ImageServiceInput {
  /** The Compose service name. */
  name: string;
  /** The image reference, written as it is. */
  image: string;
  /** The published host port (from the allocator); absent → not published. */
  hostPort?: number;
  /** The port the container listens on; without it nothing is published. */
  containerPort?: number;
  /** A Compose short volume, `source:/path[:ro]`; a named source is declared. */
  volume?: string;
  /**
   * Container variables (`{ MP_MAX_MESSAGES: "500" }`), written as references to the env files
   * (`MP_MAX_MESSAGES: ${MAILPIT_MP_MAX_MESSAGES}`, see `serviceSettings`), never as values.
   */
  settings?: Record<string, string>;
  /** A Compose healthcheck, written as it is. */
  healthcheck?: Healthcheck;
  command?: string | string[];
  /** Services this one waits for: healthy when they have a healthcheck, started otherwise. */
  dependsOn?: string[];
}

function isPath(source: string): boolean {
  return /^[./~]/.test(source) || source.includes("/") || source.includes("\\");
}

/** The volume as written; a named source is declared, an invalid name reported. */
function addImageVolume(s: ImageServiceInput, path: string, service: ComposeService, ctx: ServiceContext) {
  if (s.volume === undefined) return;
  const source = s.volume.slice(0, s.volume.indexOf(":"));
  if (!isPath(source)) {
    if (!RESOURCE_NAME_PATTERN.test(source)) {
      ctx.diagnostics.push(
        diagnostic(
          "compose/invalid-volume-name",
          "error",
          `Volume name \`${source}\` is not valid in Compose`,
          {
            path: `${path}.volume`,
            hint: "Use letters, digits, `.`, `_` and `-`, or a path starting with `./` for a bind mount.",
          },
        ),
      );
      return;
    }
    ctx.volumes[source] = { driver: "local" };
  }
  service.volumes = [s.volume];
}

/** The published port, when there is a host port, a container port, and no production isolation. */
function addImagePorts(
  s: ImageServiceInput,
  path: string,
  service: ComposeService,
  ctx: ServiceContext,
): void {
  if (s.hostPort === undefined || ctx.isolated) return;
  if (s.containerPort === undefined) {
    ctx.diagnostics.push(
      diagnostic(
        "compose/missing-container-port",
        "error",
        `Service \`${s.name}\` publishes host port ${s.hostPort} but has no container port`,
        { path: `${path}.containerPort`, hint: "Give the port the service listens on in `containerPort`." },
      ),
    );
    return;
  }
  service.ports = [`${ctx.hostIp}:${s.hostPort}:${s.containerPort}`];
}

/**
 * Builds the Compose service of an image entry: its image, volume, settings as `${VAR}` references,
 * published port, network (the internal one only in production, like every backing service),
 * command, `restart: unless-stopped` and healthcheck, all as written. Its `depends_on` is added by
 * `buildCompose` once every service's healthcheck is known; problems go to `ctx.diagnostics`.
 *
 * @example
 * ```ts
 * const service = buildImageService({ name: "mailpit", image: "axllent/mailpit:v1.21", hostPort: 9612, containerPort: 8025 }, 0, ctx);
 * service.ports; // ["127.0.0.1:9612:8025"]
 * ```
 */
export function buildImageService(s: ImageServiceInput, index: number, ctx: ServiceContext): ComposeService {
  const path = `images[${index}]`;
  const service: ComposeService = { image: s.image };
  addImageVolume(s, path, service, ctx);
  const environment: Record<string, string> = {};
  for (const setting of serviceSettings(s.name, s.settings)) environment[setting.key] = settingValue(setting);
  if (Object.keys(environment).length > 0) service.environment = environment;
  addImagePorts(s, path, service, ctx);
  service.networks = ctx.isolated ? [ctx.internalNetwork] : [ctx.network];
  if (s.command !== undefined) service.command = Array.isArray(s.command) ? [...s.command] : s.command;
  service.restart = "unless-stopped";
  if (s.healthcheck !== undefined) {
    service.healthcheck = structuredClone(s.healthcheck);
    ctx.healthy.add(s.name);
  }
  return service;
}

/**
 * The names of image services that clash with each other or with recipe and app services.
 *
 * @example
 * ```ts
 * imageNameProblems([{ name: "web", image: "nginx:1.27" }], new Map([["web", 0]])); // one compose/duplicate-service
 * ```
 */
export function imageNameProblems(
  images: readonly ImageServiceInput[],
  seen: Map<string, number>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const own = new Set<string>();
  images.forEach((s, i) => {
    const path = `images[${i}].name`;
    if (!RESOURCE_NAME_PATTERN.test(s.name))
      out.push(
        diagnostic(
          "compose/invalid-service-name",
          "error",
          `Service name \`${s.name}\` has characters Compose does not allow`,
          { path, hint: "Use only letters, digits, `.`, `_` and `-`." },
        ),
      );
    if (seen.has(s.name) || own.has(s.name))
      out.push(
        diagnostic("compose/duplicate-service", "error", `Service name \`${s.name}\` is used twice`, {
          path,
          hint: "Give every service its own name.",
        }),
      );
    own.add(s.name);
  });
  return out;
}
