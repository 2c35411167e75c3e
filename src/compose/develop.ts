import type { ProjectType } from "../core/kinds.js";
import type { ComposeFile, ComposeService } from "./model.js";

/** The working directory of every bundled Dockerfile (`WORKDIR /app`). */
export const APP_WORKDIR = "/app";

/** The Dockerfile stage the development loop builds (`build.target`). */
export const DEVELOPMENT_STAGE = "development";

/** The variable that tells an app whether its code reloads on change. */
export const HOT_RELOAD_VARIABLE = "ENABLE_HOT_RELOAD";

/**
 * What the development stage of a framework's Dockerfile installs under the working directory, which
 * a bind mount of the source would otherwise hide: each becomes an anonymous volume, filled from the
 * image when the container is created. FastAPI installs its packages outside `/app`, so it needs none.
 */
const INSTALLED: Record<ProjectType, readonly string[]> = {
  express: ["node_modules"],
  react: ["node_modules"],
  nextjs: ["node_modules", ".next"],
  fastapi: [],
  symfony: ["vendor", "var"],
};

/**
 * The dev server of a framework, listening on every interface of the container on `port`, and
 * reloading when a source file changes. Express runs the project's own `dev` script (nodemon,
 * `node --watch`, tsx watch…); Vite takes its host and port after `--`.
 * FrankenPHP: https://frankenphp.dev/docs/worker/ (`--watch` restarts the workers on change).
 */
const DEV_COMMAND: Record<ProjectType, (port: number) => string[]> = {
  express: () => ["npm", "run", "dev"],
  react: (port) => ["npm", "run", "dev", "--", "--host", "0.0.0.0", "--port", String(port)],
  nextjs: (port) => ["npx", "next", "dev", "--hostname", "0.0.0.0", "--port", String(port)],
  fastapi: (port) => ["uvicorn", "app.main:app", "--reload", "--host", "0.0.0.0", "--port", String(port)],
  symfony: (port) => [
    "frankenphp",
    "php-server",
    "--listen",
    `:${port}`,
    "--root",
    "public/",
    "--worker",
    "public/index.php",
    `--watch=${APP_WORKDIR}/**/*.{php,yaml,yml,twig,env}`,
  ],
};

/** How an app service runs in development. */
export interface DevelopmentLoop {
  /** The Dockerfile stage to build. */
  target: string;
  /** The bind mount of the source, then one anonymous volume per installed folder. */
  volumes: string[];
  /** The dev server; absent for workers, which keep their image's command. */
  command?: string[];
  /** Whether the running code follows edits without a restart. */
  reloads: boolean;
}

/** What {@link developmentLoop} looks at. */
export interface DevelopmentLoopInput {
  kind: "backend" | "frontend" | "worker";
  /** The framework slipway wrote the Dockerfile for; absent for the user's own Dockerfile. */
  framework?: ProjectType;
  /** The build context, relative to the Compose file (default `.`). */
  context?: string;
  /** The port the app listens on in its container. */
  containerPort: number;
}

/**
 * A build context as a bind-mount source: Compose reads a short-form source that does not start
 * with `.`, `/` or `~` as a volume name, so a plain folder name gets `./` in front.
 *
 * @example
 * ```ts
 * bindSource("backend"); // "./backend"
 * bindSource(".");       // "."
 * ```
 */
export function bindSource(context: string | undefined): string {
  const path = context === undefined || context === "" ? "." : context.replace(/\/+$/, "") || "/";
  return /^(\.{1,2}(\/|$)|\/|~)/.test(path) ? path : `./${path}`;
}

/**
 * The development loop of an app built from a bundled Dockerfile: its source bind-mounted over
 * the image's working directory (installed dependencies kept in anonymous volumes), the
 * Dockerfile's `development` stage (dev dependencies installed), and the framework's dev server
 * for backends and frontends. Workers get the mount and the stage but keep their command: a queue
 * consumer picks up edits when it restarts. An app built from the user's own Dockerfile
 * (`framework` absent) gets none: its working directory, its build output and where its
 * dependencies live are unknown, and a mount over them could hide the very program the image built.
 *
 * @example
 * ```ts
 * developmentLoop({ kind: "backend", framework: "fastapi", context: "api", containerPort: 8000 });
 * // { target: "development", volumes: ["./api:/app"],
 * //   command: ["uvicorn", "app.main:app", "--reload", "--host", "0.0.0.0", "--port", "8000"], reloads: true }
 * ```
 */
export function developmentLoop(input: DevelopmentLoopInput): DevelopmentLoop | undefined {
  const { framework, kind } = input;
  if (framework === undefined) return undefined;
  const volumes = [
    `${bindSource(input.context)}:${APP_WORKDIR}`,
    ...INSTALLED[framework].map((folder) => `${APP_WORKDIR}/${folder}`),
  ];
  if (kind === "worker" || input.containerPort <= 0) {
    return { target: DEVELOPMENT_STAGE, volumes, reloads: false };
  }
  return {
    target: DEVELOPMENT_STAGE,
    volumes,
    command: DEV_COMMAND[framework](input.containerPort),
    reloads: true,
  };
}

/** Whether `command` is the dev server {@link developmentLoop} writes for some framework and port. */
function isDevCommand(command: unknown): boolean {
  if (!Array.isArray(command) || !command.every((part) => typeof part === "string")) return false;
  const ports = command.flatMap((part) => {
    const m = /^:?(\d{1,5})$/.exec(part);
    return m?.[1] !== undefined ? [Number(m[1])] : [];
  });
  const written = JSON.stringify(command);
  return Object.values(DEV_COMMAND).some((make) =>
    [0, ...ports].some((port) => JSON.stringify(make(port)) === written),
  );
}

/**
 * The model without the development loop {@link developmentLoop} added: no `development` build
 * target, no mount of the source or volumes under `/app`, no dev-server command. For renderers that
 * start from the development model but describe deployed environments (Kubernetes, Swarm), where
 * the production image runs as built. Other volumes and a command of the user's own stay.
 *
 * @example
 * ```ts
 * const deployable = withoutDevelopmentLoop(developmentModel);
 * deployable.services.api?.build; // { context: "api", dockerfile: "Dockerfile" }
 * ```
 */
export function withoutDevelopmentLoop(model: ComposeFile): ComposeFile {
  const services: ComposeFile["services"] = {};
  for (const [name, service] of Object.entries(model.services)) {
    const build = service.build;
    if (typeof build !== "object" || build.target !== DEVELOPMENT_STAGE) {
      services[name] = service;
      continue;
    }
    const { target: _target, ...production } = build;
    const copy: ComposeService = { ...service, build: production };
    const source = `${bindSource(build.context)}:${APP_WORKDIR}`;
    const volumes = (service.volumes ?? []).filter(
      (v) =>
        typeof v !== "string" || (v !== source && !(v.startsWith(`${APP_WORKDIR}/`) && !v.includes(":"))),
    );
    if (volumes.length > 0) copy.volumes = volumes;
    else delete copy.volumes;
    if (isDevCommand(service.command)) delete copy.command;
    services[name] = copy;
  }
  return { ...model, services };
}
