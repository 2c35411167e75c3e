import { createHash } from "node:crypto";
import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import type { ExtraPortRole } from "../core/extra-ports.js";
import { type Environment, KIND_INFO, type ProjectType, type ServiceKind } from "../core/kinds.js";
import { type Result, resultOf } from "../core/result.js";
import { buildImageService, type ImageServiceInput, imageNameProblems } from "./custom.js";
import type { ComposeFile, ComposeService, DependsOnCondition } from "./model.js";
import { PROJECT_NAME_PATTERN, RESOURCE_NAME_PATTERN } from "./model.js";
import { applyProxy } from "./proxy.js";
import { type AppRuntime, RECIPES, type Recipe } from "./recipes.js";
import { compareNames } from "./render.js";
import { buildService, type ServiceContext } from "./service.js";

export { WORKER_MEMORY_LIMIT } from "./service.js";

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
  /** The host ports besides `hostPort`, by role (`extraPortsOf` the kind): a proxy's HTTPS, Mailpit's SMTP. */
  extraPorts?: Partial<Record<ExtraPortRole, number>>;
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
  /** Services run from an image slipway has no recipe for, written as given (see `buildImageService`). */
  images?: ImageServiceInput[];
}

/** Tags that name no fixed release (dclint's service-image-require-explicit-tag list). */
const FLOATING_TAGS = ["latest", "stable", "edge", "test", "nightly", "dev", "beta", "canary", "lts"];

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

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

  const ctx: ServiceContext = {
    environment: spec.environment,
    network,
    internalNetwork,
    isolated,
    hostIp,
    volumes,
    healthy,
    diagnostics,
  };
  const kinds = spec.services.map((s, i) => {
    const kind = effectiveKind(s, diagnostics, i);
    const image = chooseImage(s, RECIPES[kind], diagnostics, i);
    services[s.name] = buildService(s, i, kind, image, ctx);
    return kind;
  });
  const images = spec.images ?? [];
  diagnostics.push(...imageNameProblems(images, seen));
  images.forEach((s, i) => {
    if (seen.has(s.name)) return;
    services[s.name] = buildImageService(s, i, ctx);
    seen.set(s.name, spec.services.length + i);
  });

  // A reverse proxy publishes 80/443 and routes the apps; see docs/compose.md.
  applyProxy(
    services,
    spec.services.map((s, i) => {
      const kind = kinds[i] ?? s.kind;
      return { ...s, kind, containerPort: s.containerPort ?? KIND_INFO[kind].containerPort };
    }),
    { environment: spec.environment, network, hostIp, diagnostics },
  );

  // depends_on, once every healthcheck is known. A recipe that needs another kind (Promtail and
  // Grafana need Loki) waits for the project's services of that kind unless the spec says otherwise.
  const waiting = [
    ...spec.services.map((s, i) => {
      const waitsFor = RECIPES[s.kind].waitsFor ?? [];
      const targets =
        s.dependsOn ??
        spec.services.filter((t) => waitsFor.includes(t.kind) && t.name !== s.name).map((t) => t.name);
      return { name: s.name, targets, at: `services[${i}]` };
    }),
    ...images.map((s, i) => ({ name: s.name, targets: s.dependsOn ?? [], at: `images[${i}]` })),
  ];
  waiting.forEach(({ name: serviceName, targets, at }) => {
    const service = services[serviceName];
    if (service === undefined || targets.length === 0) return;
    const dependsOn: Record<string, { condition: DependsOnCondition }> = {};
    targets.forEach((target, j) => {
      const path = `${at}.dependsOn[${j}]`;
      if (target === serviceName) {
        diagnostics.push(
          diagnostic("compose/self-dependency", "error", `Service \`${serviceName}\` depends on itself`, {
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
            `Service \`${serviceName}\` depends on \`${target}\`, which is not a service of this project`,
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
