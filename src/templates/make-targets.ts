import type { ServiceKind } from "../core/index.js";
import type { MakeTarget, PreparedApp, PreparedService, ShellTarget } from "./types.js";

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

/** Escapes a shell command for a make recipe line. */
function forMake(command: string): string {
  return command.replace(/\$/g, "$$$$");
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

function target(
  name: string,
  description: string,
  recipe: string[],
  prerequisites: string[] = [],
): MakeTarget {
  return { name, description, prerequisites, recipe };
}

/**
 * The guard every slipway target runs first: the Makefile's `CHECK_SLIPWAY` (see Makefile.eta), which
 * stops with one line saying how to install slipway or set `SLIPWAY` when `$(SLIPWAY) --version`
 * fails (npx's own error names neither).
 */
export const SLIPWAY_CHECK = "@$(CHECK_SLIPWAY)";

/** The lifecycle targets: slipway's commands (preflight, health waits, migrations) on the development env file. */
function slipwayTargets(services: PreparedService[]): MakeTarget[] {
  const run = (command: string) => [SLIPWAY_CHECK, `$(SLIPWAY) ${command}`];
  const targets = [
    target(
      "up",
      "Start every service and wait until it is healthy (slipway up)",
      run("up --env $(ENV_FILE)"),
    ),
    target(
      "down",
      "Stop and remove the containers; data volumes stay (slipway down)",
      run("down --env $(ENV_FILE)"),
    ),
    target(
      "status",
      "State, health and ports of each service (slipway status)",
      run("status --env $(ENV_FILE)"),
    ),
    target(
      "logs",
      "Show the logs (one service: make logs SERVICE=name)",
      run("logs --env $(ENV_FILE) $(SERVICE)"),
    ),
  ];
  if (services.some((s) => s.category === "database")) {
    targets.push(
      target(
        "migrate",
        "Apply the pending database migrations (slipway migrate)",
        run("migrate --env $(ENV_FILE)"),
      ),
    );
  }
  targets.push(
    target("reset", "Delete the containers and data volumes, then start again (make reset CONFIRM=yes)", [
      '@if [ "$(CONFIRM)" != yes ]; then echo "make: reset deletes every data volume of this project; run make reset CONFIRM=yes" >&2; exit 1; fi',
      ...run("reset --yes --env $(ENV_FILE)"),
    ]),
  );
  return targets;
}

/**
 * Doctrine and Messenger commands of a Symfony project, run in its first Symfony app that serves
 * (the workers share its image): `db-migrate`, `db-diff`, and `worker`, a Messenger consumer in the
 * foreground with its log.
 */
function symfonyTargets(apps: PreparedApp[]): MakeTarget[] {
  const app = apps.find((a) => a.framework === "symfony" && a.kind !== "worker");
  if (app === undefined) return [];
  const binConsole = (command: string) => [`$(COMPOSE) exec ${app.name} php bin/console ${command}`];
  return [
    {
      name: "db-migrate",
      description: "Apply the Doctrine migrations",
      prerequisites: [],
      recipe: binConsole("doctrine:migrations:migrate --no-interaction"),
    },
    {
      name: "db-diff",
      description: "Generate a migration from the entity changes",
      prerequisites: [],
      recipe: binConsole("doctrine:migrations:diff"),
    },
    {
      name: "worker",
      description: "Consume the async Messenger queue in the foreground",
      prerequisites: [],
      recipe: binConsole("messenger:consume async -vv"),
    },
  ];
}

/**
 * The Makefile's targets: slipway's lifecycle commands (`up`, `down`, `status`, `logs`, `migrate`
 * with a database, `reset` behind `CONFIRM=yes`), then the plain Compose ones that stay useful
 * (`ps`, `config`, `build`, `rebuild`, a shell per app, a client per database or cache), then `help`
 * listing them all first.
 *
 * @example
 * ```ts
 * const { targets } = makeTargets(apps, services);
 * targets.map((t) => t.name); // ["help", "up", "down", "status", "logs", "migrate", "reset", "ps", …]
 * ```
 */
export function makeTargets(
  apps: PreparedApp[],
  services: PreparedService[],
): { targets: MakeTarget[]; shells: ShellTarget[] } {
  const targets: MakeTarget[] = [
    ...slipwayTargets(services),
    target("ps", "List the containers with their state (docker compose ps)", ["$(COMPOSE) ps"]),
    target("config", "Check the Compose file with the development env file", ["$(COMPOSE) config --quiet"]),
  ];
  if (apps.length > 0) {
    targets.push(
      target("build", "Build the application images", ["$(COMPOSE) build"]),
      // `down` first: new containers get fresh volumes for the dependencies the new images installed.
      target("rebuild", "Rebuild the images without cache and start again", [
        "$(COMPOSE) down",
        "$(COMPOSE) build --no-cache",
        SLIPWAY_CHECK,
        "$(SLIPWAY) up --env $(ENV_FILE)",
      ]),
    );
  }
  const shells: ShellTarget[] = [];
  apps.forEach((app, i) => {
    const name = i === 0 ? "shell" : `shell-${app.name}`;
    shells.push({ target: name, service: app.name, description: `a shell in ${app.name}` });
    targets.push(target(name, `Open a shell in ${app.name}`, [`$(COMPOSE) exec ${app.name} sh`]));
  });
  const clients = shellTargets(services);
  shells.push(...clients.shells);
  targets.push(...clients.targets);
  targets.push(...symfonyTargets(apps));
  const width = Math.max(...targets.map((x) => x.name.length));
  const help = target("help", "List these commands", [
    "@echo 'Usage: make <command>'",
    ...targets.map((x) => `@echo '  ${x.name.padEnd(width)}  ${x.description.replace(/'/g, "")}'`),
  ]);
  return { targets: [help, ...targets], shells };
}
