import type { Diagnostic, ProjectType, ServiceKind } from "../core/index.js";
import { diagnostic, KIND_INFO, portVariable } from "../core/index.js";
import { envFileIgnored, isExampleEnvFile } from "./gitignore.js";
import { normaliseRelativePath } from "./paths.js";
import type {
  AppRuntime,
  MakeTarget,
  PortRow,
  PreparedApp,
  PreparedService,
  ShellTarget,
  TemplateApp,
  TemplateData,
  TemplateInput,
} from "./types.js";
import { BASE_IMAGES, NODE_PACKAGES, PYTHON_PACKAGES } from "./versions.js";

/** Compose service names: what `docker compose` accepts, and safe in make targets and shells. */
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Compose project names (`docker compose -p`). */
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** Environment variable names. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Paths that go into commands unquoted. */
const PLAIN_PATH = /^[A-Za-z0-9._/-]+$/;

const RUNTIME_OF: Record<ProjectType, AppRuntime> = {
  fastapi: "python",
  express: "node",
  react: "node",
  nextjs: "node",
  symfony: "php",
};

const DEFAULT_PORT: Record<ProjectType, number> = {
  fastapi: 8000,
  express: 3000,
  react: 3000,
  nextjs: 3000,
  symfony: 8080,
};

const FRAMEWORK_LABEL: Record<ProjectType, string> = {
  fastapi: "FastAPI",
  express: "Express",
  react: "React",
  nextjs: "Next.js",
  symfony: "Symfony",
};

/** The template of a worker, by runtime: the same image family, without a published port. */
const WORKER_TEMPLATE: Record<AppRuntime, string> = {
  python: "docker/fastapi.Dockerfile.eta",
  node: "docker/express.Dockerfile.eta",
  php: "docker/symfony.Dockerfile.eta",
};

/** How to open an interactive client inside a service's container, by kind. */
const SHELLS: Partial<Record<ServiceKind, { tool: string; command: string }>> = {
  postgres: { tool: "psql", command: `psql -U "$POSTGRES_USER" -d "$POSTGRES_DB"` },
  postgis: { tool: "psql", command: `psql -U "$POSTGRES_USER" -d "$POSTGRES_DB"` },
  pgvector: { tool: "psql", command: `psql -U "$POSTGRES_USER" -d "$POSTGRES_DB"` },
  mysql: { tool: "mysql", command: `MYSQL_PWD="$MYSQL_PASSWORD" mysql -u"$MYSQL_USER" "$MYSQL_DATABASE"` },
  mariadb: {
    tool: "mariadb",
    command: `MYSQL_PWD="\${MARIADB_PASSWORD:-$MYSQL_PASSWORD}" mariadb -u"\${MARIADB_USER:-$MYSQL_USER}" "\${MARIADB_DATABASE:-$MYSQL_DATABASE}"`,
  },
  mongodb: {
    tool: "mongosh",
    command: `mongosh -u "$MONGO_INITDB_ROOT_USERNAME" -p "$MONGO_INITDB_ROOT_PASSWORD" --authenticationDatabase admin`,
  },
  redis: {
    tool: "redis-cli",
    command: `if [ -n "$REDIS_PASSWORD" ]; then REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli; else redis-cli; fi`,
  },
};

/** One line of text: control characters become spaces; a trailing backslash (a make line continuation) goes. */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\\+$/, "")
    .trim();
}

function validPort(port: number | undefined): boolean {
  return port === undefined || (Number.isInteger(port) && port >= 1 && port <= 65535);
}

/** Escapes a shell command for a make recipe line. */
function forMake(command: string): string {
  return command.replace(/\$/g, "$$$$");
}

interface Checked<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

function checkPlainPath(value: string, where: string, what: string): Checked<string> {
  const checked = normaliseRelativePath(value);
  if (!checked.ok) {
    return {
      diagnostics: [
        diagnostic("template/unsafe-path", "error", `Unsafe ${what} "${oneLine(value)}": ${checked.reason}`, {
          path: where,
          hint: "Use a relative path inside the project folder, with forward slashes and no `..`.",
        }),
      ],
    };
  }
  if (!PLAIN_PATH.test(checked.path)) {
    return {
      diagnostics: [
        diagnostic(
          "template/unsafe-path",
          "error",
          `Unsafe ${what} "${oneLine(value)}": it contains characters a shell command would need quoted`,
          { path: where, hint: "Use letters, digits, `.`, `_`, `-` and `/` only." },
        ),
      ],
    };
  }
  return { value: checked.path, diagnostics: [] };
}

function chooseFramework(
  app: TemplateApp,
  projectType: ProjectType | undefined,
  where: string,
  diagnostics: Diagnostic[],
): ProjectType {
  if (app.framework !== undefined) {
    const runtime = RUNTIME_OF[app.framework];
    if (app.runtime !== undefined && app.runtime !== runtime) {
      diagnostics.push(
        diagnostic(
          "template/framework-mismatch",
          "warning",
          `App "${app.name}" is ${FRAMEWORK_LABEL[app.framework]}, which runs on ${runtime}, not ${app.runtime}`,
          {
            path: `${where}.runtime`,
            hint: `The ${runtime} Dockerfile is used; fix the framework or the runtime.`,
          },
        ),
      );
    }
    return app.framework;
  }
  if (app.runtime === "python") return "fastapi";
  if (app.runtime === "php") return "symfony";
  if (app.runtime === "node") {
    if (app.kind === "frontend" && (projectType === "nextjs" || projectType === "react")) return projectType;
    if (app.kind !== "frontend" && projectType === "nextjs") return projectType;
    return app.kind === "frontend" ? "react" : "express";
  }
  if (projectType !== undefined) {
    const frontendType = projectType === "react" || projectType === "nextjs";
    if (app.kind === "frontend" ? frontendType : projectType !== "react") return projectType;
  }
  const assumed: ProjectType = app.kind === "frontend" ? "react" : "express";
  diagnostics.push(
    diagnostic(
      "template/framework-assumed",
      "info",
      `App "${app.name}" names no framework or runtime; its Dockerfile assumes ${FRAMEWORK_LABEL[assumed]}`,
      {
        path: where,
        hint: "Set `framework` (fastapi, express, react, nextjs, symfony) or `runtime` on the app.",
      },
    ),
  );
  return assumed;
}

function templateFor(framework: ProjectType, kind: TemplateApp["kind"]): string {
  if (kind === "worker") return WORKER_TEMPLATE[RUNTIME_OF[framework]];
  return `docker/${framework}.Dockerfile.eta`;
}

function prepareApps(input: TemplateInput, diagnostics: Diagnostic[]): PreparedApp[] {
  const apps: PreparedApp[] = [];
  input.apps.forEach((app, i) => {
    const where = `apps[${i}]`;
    let failed = false;
    if (!SERVICE_NAME.test(app.name)) {
      failed = true;
      diagnostics.push(
        diagnostic(
          "template/invalid-name",
          "error",
          `App name "${oneLine(app.name)}" is not a valid service name`,
          {
            path: `${where}.name`,
            hint: "Use letters, digits, `_`, `.` and `-`, starting with a letter or digit.",
          },
        ),
      );
    }
    for (const field of ["port", "hostPort"] as const) {
      if (!validPort(app[field])) {
        failed = true;
        diagnostics.push(
          diagnostic(
            "template/invalid-port",
            "error",
            `Port ${String(app[field])} of app "${app.name}" is not 1–65535`,
            {
              path: `${where}.${field}`,
            },
          ),
        );
      }
    }
    const defaultContext = input.apps.length === 1 ? "." : app.name;
    const context = checkPlainPath(app.context ?? defaultContext, `${where}.context`, "build context");
    diagnostics.push(...context.diagnostics);
    // An app on a framework without a template gets no Dockerfile: nothing to assume for it.
    const framework = chooseFramework(
      app,
      input.projectType,
      where,
      app.customFramework === undefined ? diagnostics : [],
    );
    if (failed || context.value === undefined) return;
    const prepared: PreparedApp = {
      name: app.name,
      kind: app.kind,
      framework,
      runtime: RUNTIME_OF[framework],
      context: context.value,
      root: context.value === "." ? "" : `${context.value}/`,
      template: templateFor(framework, app.kind),
    };
    if (app.kind !== "worker") prepared.port = app.port ?? DEFAULT_PORT[framework];
    if (app.hostPort !== undefined) prepared.hostPort = app.hostPort;
    if (app.customFramework !== undefined) {
      prepared.customFramework = oneLine(app.customFramework);
      if (app.runtime === undefined) prepared.assumedRuntime = true;
      else prepared.runtime = app.runtime;
    }
    apps.push(prepared);
  });
  return apps;
}

function prepareServices(input: TemplateInput, diagnostics: Diagnostic[]): PreparedService[] {
  const services: PreparedService[] = [];
  input.services.forEach((service, i) => {
    const where = `services[${i}]`;
    let failed = false;
    if (!SERVICE_NAME.test(service.name)) {
      failed = true;
      diagnostics.push(
        diagnostic(
          "template/invalid-name",
          "error",
          `Service name "${oneLine(service.name)}" is not a valid service name`,
          {
            path: `${where}.name`,
            hint: "Use letters, digits, `_`, `.` and `-`, starting with a letter or digit.",
          },
        ),
      );
    }
    for (const field of ["hostPort", "containerPort"] as const) {
      if (!validPort(service[field])) {
        failed = true;
        diagnostics.push(
          diagnostic(
            "template/invalid-port",
            "error",
            `Port ${String(service[field])} of service "${service.name}" is not 1–65535`,
            { path: `${where}.${field}` },
          ),
        );
      }
    }
    const info = KIND_INFO[service.kind];
    if (info === undefined) {
      failed = true;
      diagnostics.push(
        diagnostic(
          "template/invalid-name",
          "error",
          `Service kind "${oneLine(String(service.kind))}" is unknown`,
          {
            path: `${where}.kind`,
          },
        ),
      );
    }
    if (failed || info === undefined) return;
    const prepared: PreparedService = {
      name: service.name,
      kind: service.kind,
      label: info.label,
      category: info.category,
      containerPort: service.containerPort,
      variable: portVariable(service.name),
    };
    if (service.hostPort !== undefined) prepared.hostPort = service.hostPort;
    if (service.image !== undefined) prepared.image = oneLine(service.image);
    services.push(prepared);
  });
  return services;
}

/** The development env file: the one named `.development`, else the first that is not an example. */
function pickDevelopmentEnvFile(envFiles: string[]): string {
  return (
    envFiles.find((f) => /(^|[./])development$/.test(f)) ??
    envFiles.find((f) => !isExampleEnvFile(f)) ??
    ".env.development"
  );
}

function envIgnoreLines(envFiles: string[], fragment: string | undefined): string[] {
  let lines: string[];
  if (fragment !== undefined && fragment.trim() !== "") {
    lines = [];
    for (const raw of fragment.split(/\r?\n/)) {
      const line = raw.replace(/[\u0000-\u001f\u007f]/g, "").trimEnd();
      if (line === "" && (lines.length === 0 || lines[lines.length - 1] === "")) continue;
      lines.push(line);
    }
    while (lines[lines.length - 1] === "") lines.pop();
  } else {
    const examples = [".env.example", ...envFiles.filter(isExampleEnvFile)];
    lines = [".env", ".env.*", ...[...new Set(examples)].map((f) => `!${f}`)];
  }
  // Whatever the fragment says, every env file but the examples ends up ignored.
  for (const file of new Set([...envFiles, ".env", ".env.example"])) {
    const wanted = !isExampleEnvFile(file);
    if (envFileIgnored(lines, file) !== wanted) lines.push(wanted ? file : `!${file}`);
  }
  return lines;
}

function envFileRow(file: string): { file: string; purpose: string; committed: boolean } {
  if (isExampleEnvFile(file)) {
    return { file, purpose: "every variable, without real values: the template to copy", committed: true };
  }
  if (/(^|[./])development$/.test(file)) {
    return { file, purpose: "local values and generated development credentials", committed: false };
  }
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} shown in the README
  return { file, purpose: "`${VAR}` references your deployment fills in", committed: false };
}

function shellTargets(services: PreparedService[]): { shells: ShellTarget[]; targets: MakeTarget[] } {
  const shells: ShellTarget[] = [];
  const targets: MakeTarget[] = [];
  const usedTools = new Set<string>();
  let firstDatabase: string | undefined;
  let firstCache: string | undefined;
  for (const service of services) {
    const shell = SHELLS[service.kind];
    if (shell === undefined) continue;
    const target = usedTools.has(shell.tool) ? `${shell.tool}-${service.name}` : shell.tool;
    usedTools.add(shell.tool);
    const description = `${shell.tool} in ${service.name} (${service.label})`;
    shells.push({ target, service: service.name, description });
    targets.push({
      name: target,
      description: `Open ${description}`,
      prerequisites: [],
      recipe: [`$(COMPOSE) exec ${service.name} sh -c '${forMake(shell.command)}'`],
    });
    if (service.category === "database") firstDatabase ??= target;
    if (service.category === "cache") firstCache ??= target;
  }
  if (firstDatabase !== undefined) {
    shells.push({
      target: "db-shell",
      service: "",
      description: `the database client (same as \`make ${firstDatabase}\`)`,
    });
    targets.push({
      name: "db-shell",
      description: `Same as make ${firstDatabase}`,
      prerequisites: [firstDatabase],
      recipe: [],
    });
  }
  if (firstCache !== undefined) {
    shells.push({
      target: "cache-shell",
      service: "",
      description: `the cache client (same as \`make ${firstCache}\`)`,
    });
    targets.push({
      name: "cache-shell",
      description: `Same as make ${firstCache}`,
      prerequisites: [firstCache],
      recipe: [],
    });
  }
  return { shells, targets };
}

/**
 * Doctrine and Messenger commands of a Symfony project, run in its first Symfony app that serves
 * (the workers share its image): `db-migrate`, `db-diff`, and `worker`, a Messenger consumer in the
 * foreground with its log.
 */
function symfonyTargets(apps: PreparedApp[]): MakeTarget[] {
  const app = apps.find((a) => a.framework === "symfony" && a.kind !== "worker");
  if (app === undefined) return [];
  const run = (command: string) => [`$(COMPOSE) exec ${app.name} php bin/console ${command}`];
  return [
    {
      name: "db-migrate",
      description: "Apply the Doctrine migrations",
      prerequisites: [],
      recipe: run("doctrine:migrations:migrate --no-interaction"),
    },
    {
      name: "db-diff",
      description: "Generate a migration from the entity changes",
      prerequisites: [],
      recipe: run("doctrine:migrations:diff"),
    },
    {
      name: "worker",
      description: "Consume the async Messenger queue in the foreground",
      prerequisites: [],
      recipe: run("messenger:consume async -vv"),
    },
  ];
}

function makeTargets(
  apps: PreparedApp[],
  services: PreparedService[],
): { targets: MakeTarget[]; shells: ShellTarget[] } {
  const t = (
    name: string,
    description: string,
    recipe: string[],
    prerequisites: string[] = [],
  ): MakeTarget => ({
    name,
    description,
    prerequisites,
    recipe,
  });
  const targets: MakeTarget[] = [
    t("up", "Start every service in the background", ["$(COMPOSE) up -d"]),
    t("down", "Stop and remove the containers (data volumes stay)", ["$(COMPOSE) down"]),
    t("ps", "List the services with their state and health", ["$(COMPOSE) ps"]),
    t("logs", "Follow the logs (one service: make logs SERVICE=name)", ["$(COMPOSE) logs -f $(SERVICE)"]),
    t("config", "Check the Compose file with the development env file", ["$(COMPOSE) config --quiet"]),
  ];
  if (apps.length > 0) {
    targets.push(
      t("build", "Build the application images", ["$(COMPOSE) build"]),
      t("rebuild", "Rebuild the images without cache and restart", [
        "$(COMPOSE) down",
        "$(COMPOSE) build --no-cache",
        "$(COMPOSE) up -d",
      ]),
    );
  }
  const shells: ShellTarget[] = [];
  apps.forEach((app, i) => {
    const target = i === 0 ? "shell" : `shell-${app.name}`;
    shells.push({ target, service: app.name, description: `a shell in ${app.name}` });
    targets.push(t(target, `Open a shell in ${app.name}`, [`$(COMPOSE) exec ${app.name} sh`]));
  });
  const clients = shellTargets(services);
  shells.push(...clients.shells);
  targets.push(...clients.targets);
  targets.push(...symfonyTargets(apps));
  targets.push(
    t("reset", "Delete the containers, network and data volumes, then start again", [
      "$(COMPOSE) down --volumes --remove-orphans",
      "$(COMPOSE) up -d",
    ]),
  );
  const width = Math.max(...targets.map((x) => x.name.length));
  const help = t("help", "List these commands", [
    "@echo 'Usage: make <command>'",
    ...targets.map((x) => `@echo '  ${x.name.padEnd(width)}  ${x.description}'`),
  ]);
  return { targets: [help, ...targets], shells };
}

function portRows(apps: PreparedApp[], services: PreparedService[]): PortRow[] {
  const rows: PortRow[] = [];
  for (const s of services) {
    const row: PortRow = { name: s.name, label: s.label, containerPort: s.containerPort };
    if (s.hostPort !== undefined) {
      row.hostPort = s.hostPort;
      row.variable = s.variable;
      row.address = `\`localhost:${s.hostPort}\``;
    }
    rows.push(row);
  }
  for (const a of apps) {
    if (a.port === undefined) continue;
    const row: PortRow = {
      name: a.name,
      label: `${a.kind} (${a.customFramework ?? FRAMEWORK_LABEL[a.framework]})`,
      containerPort: a.port,
    };
    if (a.hostPort !== undefined) {
      row.hostPort = a.hostPort;
      row.variable = portVariable(a.name);
      row.address = `http://localhost:${a.hostPort}`;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Checks a template input and turns it into the variables the templates receive (`it`). Every
 * problem is reported at once; with an error, `data` is `undefined`.
 *
 * @example
 * ```ts
 * const { data, diagnostics } = prepareTemplateData(input);
 * data?.compose; // "docker compose --env-file .env.development -f docker-compose.yml -p shop"
 * ```
 */
export function prepareTemplateData(input: TemplateInput): {
  data?: TemplateData;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const composeFile = checkPlainPath(input.composeFile, "composeFile", "Compose file path");
  diagnostics.push(...composeFile.diagnostics);
  const envFiles: string[] = [];
  input.envFiles.forEach((file, i) => {
    const checked = checkPlainPath(file, `envFiles[${i}]`, "env file path");
    diagnostics.push(...checked.diagnostics);
    if (checked.value !== undefined) envFiles.push(checked.value);
  });
  if (!PROJECT_NAME.test(input.composeProject)) {
    diagnostics.push(
      diagnostic(
        "template/invalid-name",
        "error",
        `Compose project name "${oneLine(input.composeProject)}" is not valid`,
        {
          path: "composeProject",
          hint: "Use lowercase letters, digits, `_` and `-`, starting with a letter or digit.",
        },
      ),
    );
  }
  input.apiKeys.forEach((key, i) => {
    if (!VARIABLE_NAME.test(key)) {
      diagnostics.push(
        diagnostic(
          "template/invalid-name",
          "error",
          `API key variable "${oneLine(key)}" is not a valid variable name`,
          {
            path: `apiKeys[${i}]`,
            hint: "Use letters, digits and `_`, not starting with a digit.",
          },
        ),
      );
    }
  });
  const services = prepareServices(input, diagnostics);
  const apps = prepareApps(input, diagnostics);
  if (diagnostics.some((d) => d.severity === "error") || composeFile.value === undefined)
    return { diagnostics };

  const envFile = pickDevelopmentEnvFile(envFiles);
  const composeArgs = `--env-file ${envFile} -f ${composeFile.value} -p ${input.composeProject}`;
  const runtimes = (["node", "python", "php"] as const).filter((r) => apps.some((a) => a.runtime === r));
  const { targets, shells } = makeTargets(apps, services);
  const kinds = new Set(services.map((s) => s.kind));
  const has = (...list: ServiceKind[]) => list.some((k) => kinds.has(k));
  const data: TemplateData = {
    project: { name: oneLine(input.project.name), slug: oneLine(input.project.slug) },
    composeFile: composeFile.value,
    composeProject: input.composeProject,
    envFile,
    envFiles,
    compose: `docker compose ${composeArgs}`,
    composeArgs,
    services,
    apps,
    runtimes,
    apiKeys: [...input.apiKeys],
    apiEndpoints: (input.apiEndpoints ?? [])
      .map((e) => oneLine(e).replace(/`/g, "'"))
      .filter((e) => e !== ""),
    envIgnore: envIgnoreLines(envFiles, input.gitignore),
    ports: portRows(apps, services),
    shells,
    targets,
    envFileRows: envFiles.map(envFileRow),
    needs: {
      sql: has("postgres", "postgis", "pgvector", "mysql", "mariadb"),
      postgres: has("postgres", "postgis", "pgvector"),
      mysql: has("mysql", "mariadb"),
      mongodb: has("mongodb"),
      redis: has("redis"),
      rabbitmq: has("rabbitmq"),
    },
    images: BASE_IMAGES,
    packages: NODE_PACKAGES,
    python: PYTHON_PACKAGES,
  };
  if (input.projectType !== undefined) data.projectType = input.projectType;
  return { data, diagnostics };
}
