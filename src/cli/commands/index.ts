import type { Command } from "../context.js";

/** One option of a command, as `--help` lists it: the flag with its value, and one line saying what it does. */
export interface OptionHelp {
  /** The flag as typed, with its value if it takes one: `--out DIR`, `-p, --project NAME`. */
  flag: string;
  /** What the option does, in one line. */
  text: string;
}

/**
 * What the dispatcher knows about a command without loading it: enough for `--help` and for usage
 * errors. `load` imports the command's module (and with it the library code it needs) only when the
 * command runs, so `--version`, `--help` and each command load no more than they use.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  usage: string;
  options: readonly OptionHelp[];
  load: () => Promise<Command>;
}

const json: OptionHelp = {
  flag: "--json",
  text: "print the result as JSON on stdout (every diagnostic included)",
};

/** The options of the lifecycle commands (`up`, `down`, `reset`, `status`, `logs`). */
const STACK_OPTION_HELP: readonly OptionHelp[] = [
  { flag: "--env FILE", text: "env file Compose reads (default: .env.development)" },
  {
    flag: "-f, --file FILE",
    text: "Compose file (default: compose.yaml, docker-compose.yml, … in the folder)",
  },
  { flag: "-p, --project NAME", text: "Compose project (default: COMPOSE_PROJECT_NAME of the env file)" },
];

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly CommandEntry[] = [
  {
    name: "generate",
    summary:
      "generate docker-compose.yml, .env files, metadata and starter files from an architecture map or text",
    usage:
      'slipway generate <architecture.json | "requirements text"> [--env development|staging|production] [--out DIR] [--project-path P] [--compose-file docker-compose.yml|compose.yaml] [--target compose-spec|compose-v1] [--no-templates] [--env-prefix NAME] [--registry FILE --app NAME] [--platform kubernetes[,swarm]] [--ledger FILE] [--minimal] [--dry-run] [--force] [--json]',
    options: [
      { flag: "--env NAME", text: "environment to generate: development (default), staging or production" },
      { flag: "--out DIR", text: "folder to write into (default: the current folder)" },
      { flag: "--project-path P", text: "project folder the ports are remembered for (default: --out)" },
      { flag: "--compose-file NAME", text: "docker-compose.yml (default) or compose.yaml" },
      { flag: "--target T", text: "compose-spec (default) or compose-v1 for docker-compose 1.x" },
      { flag: "--no-templates", text: "write no starter files (Dockerfile, README, …)" },
      { flag: "--env-prefix NAME", text: "prefix of the infrastructure variables, e.g. TILEMUD" },
      {
        flag: "--registry FILE",
        text: "infrastructure registry to take the application's ports and names from",
      },
      { flag: "--app NAME", text: "the application in --registry to generate" },
      { flag: "--platform P", text: "also render kubernetes, swarm or kubernetes,swarm (deploy/)" },
      { flag: "--ledger FILE", text: "port ledger to use instead of the per-user default" },
      { flag: "--minimal", text: "without a map or text: generate the minimal project (PostgreSQL only)" },
      { flag: "--dry-run", text: "show what would be written; write nothing" },
      { flag: "--force", text: "overwrite files changed since slipway wrote them" },
      json,
    ],
    load: () => import("./generate.js").then((m) => m.generate),
  },
  {
    name: "validate",
    summary: "check a Compose file against the graph rules and an optional infrastructure registry",
    usage:
      "slipway validate [compose-file] [--registry FILE] [--app NAME] [--environment development|staging|production] [--json]",
    options: [
      { flag: "--registry FILE", text: "also check the file against this infrastructure registry" },
      { flag: "--app NAME", text: "the registry's application the Compose file belongs to" },
      { flag: "--environment ENV", text: "development, staging or production (rules that depend on it)" },
      json,
    ],
    load: () => import("./validate.js").then((m) => m.validateCommand),
  },
  {
    name: "graph",
    summary: "draw the services, startup tiers and dependencies of a Compose file (Mermaid or DOT)",
    usage: "slipway graph [compose-file] [--format mermaid|dot]",
    options: [{ flag: "--format F", text: "mermaid (default) or dot" }],
    load: () => import("./graph.js").then((m) => m.graphCommand),
  },
  {
    name: "scan",
    summary: "scan files for secrets written in clear (exit 1 on any error-level finding)",
    usage: "slipway scan <file…> [--json]",
    options: [json],
    load: () => import("./scan.js").then((m) => m.scanCommand),
  },
  {
    name: "ports",
    summary: "assign collision-free host ports to services and explain each choice",
    usage: "slipway ports <service[:kind]…> [--project-path P] [--ledger FILE] [--json]",
    options: [
      { flag: "--project-path P", text: "project folder the ports are for (default: the current folder)" },
      { flag: "--ledger FILE", text: "port ledger to use instead of the per-user default" },
      json,
    ],
    load: () => import("./ports.js").then((m) => m.portsCommand),
  },
  {
    name: "diagnose",
    summary: "compare the running containers with a Compose file or registry; report root causes and fixes",
    usage:
      "slipway diagnose [compose-file] [--project NAME] [--env-file FILE] [--registry FILE [--environment ENV]] [--strict] [--json]",
    options: [
      {
        flag: "-p, --project NAME",
        text: "Compose project name of the containers (default: from the folder)",
      },
      { flag: "--env-file FILE", text: "env file with the expected values (default: .env.development)" },
      {
        flag: "--registry FILE",
        text: "diagnose against an infrastructure registry instead of a Compose file",
      },
      { flag: "--environment ENV", text: "the registry's environment to compare with" },
      { flag: "--strict", text: "fail when a check could not run (no engine, no probe)" },
      json,
    ],
    load: () => import("./diagnose.js").then((m) => m.diagnoseCommand),
  },
  {
    name: "digests",
    summary: "pin Compose images to their digests (IMAGE_DIGESTS) or verify them for drift",
    usage: "slipway digests pin|verify [compose-file] [--digests-file FILE] [--dry-run] [--strict] [--json]",
    options: [
      { flag: "--digests-file FILE", text: "digests file (default: IMAGE_DIGESTS next to the Compose file)" },
      { flag: "--dry-run", text: "pin: print the digests file; change nothing" },
      { flag: "--strict", text: "verify: fail when an image could not be verified (not checked)" },
      json,
    ],
    load: () => import("./digests.js").then((m) => m.digestsCommand),
  },
  {
    name: "up",
    summary: "check ports, engine, disk and memory, start the stack and wait until it is healthy",
    usage:
      "slipway up [SERVICE...] [--env FILE] [-f FILE] [-p NAME] [--no-wait] [--timeout SECONDS] [--no-migrate] [--json]",
    options: [
      ...STACK_OPTION_HELP,
      { flag: "--wait", text: "wait until every started service with a healthcheck is healthy (default)" },
      { flag: "--no-wait", text: "return once Compose has started the containers" },
      { flag: "--timeout SECONDS", text: "how long --wait waits (default 120)" },
      { flag: "--no-migrate", text: "do not apply the pending migrations in migrations/ after the wait" },
      json,
    ],
    load: () => import("./up.js").then((m) => m.upCommand),
  },
  {
    name: "down",
    summary: "stop the stack and remove its containers and networks (volumes kept unless --volumes)",
    usage: "slipway down [--volumes] [--env FILE] [-f FILE] [-p NAME] [--json]",
    options: [
      ...STACK_OPTION_HELP,
      { flag: "-v, --volumes", text: "also remove the stack's named volumes (all its data)" },
      json,
    ],
    load: () => import("./down.js").then((m) => m.downCommand),
  },
  {
    name: "reset",
    summary: "remove the stack's containers, networks and volumes: all its data (asks, or needs --yes)",
    usage: "slipway reset --yes [--env FILE] [-f FILE] [-p NAME] [--json]",
    options: [
      ...STACK_OPTION_HELP,
      { flag: "-y, --yes", text: "confirm the data loss without asking (required without a terminal)" },
      json,
    ],
    load: () => import("./reset.js").then((m) => m.resetCommand),
  },
  {
    name: "status",
    summary: "show each service's state, health and ports, and drift from the Compose file and IMAGE_DIGESTS",
    usage: "slipway status [--env FILE] [-f FILE] [-p NAME] [--digests-file FILE] [--json]",
    options: [
      ...STACK_OPTION_HELP,
      { flag: "--digests-file FILE", text: "digests file (default: IMAGE_DIGESTS next to the Compose file)" },
      json,
    ],
    load: () => import("./status.js").then((m) => m.statusCommand),
  },
  {
    name: "logs",
    summary: "print the logs of the stack or one service (--follow keeps streaming)",
    usage: "slipway logs [SERVICE] [--tail N] [--follow] [--env FILE] [-f FILE] [-p NAME]",
    options: [
      ...STACK_OPTION_HELP,
      { flag: "-n, --tail N", text: "the last N lines of each container (default 50; all with --follow)" },
      { flag: "--follow", text: "keep streaming new lines until interrupted" },
    ],
    load: () => import("./logs.js").then((m) => m.logsCommand),
  },
  {
    name: "schema",
    summary: "print a JSON Schema (architecture) for editors and other tools",
    usage: "slipway schema <architecture>",
    options: [],
    load: () => import("./schema.js").then((m) => m.schemaCommand),
  },
  {
    name: "migrate",
    summary: "apply pending SQL migrations through the Compose database service, or list them (--status)",
    usage:
      "slipway migrate [compose-file] [--status] [--env FILE] [--dir migrations] [--service NAME] [--project NAME] [--table NAME] [--json]",
    options: [
      { flag: "--status", text: "list applied, pending and changed migrations; apply nothing" },
      { flag: "--env FILE", text: "env file Compose reads (default: .env.development)" },
      { flag: "--dir DIR", text: "folder of the .sql files, applied in name order (default: migrations)" },
      { flag: "--service NAME", text: "database service (default: the only PostgreSQL or MySQL one)" },
      {
        flag: "-p, --project NAME",
        text: "Compose project name (default: COMPOSE_PROJECT_NAME of the env file)",
      },
      { flag: "--table NAME", text: "ledger table in the database (default: slipway_migrations)" },
      json,
    ],
    load: () => import("./migrate.js").then((m) => m.migrateCommand),
  },
  {
    name: "add-service",
    summary:
      "add a service to the project's architecture map and regenerate, or allocate it in an infrastructure registry",
    usage:
      "slipway add-service <tech|image|backend|frontend|worker> [--name N] [--port P] [--map FILE] [--ledger FILE] [--registry FILE --app APP [--environment ENV]] [--dry-run] [--json]",
    options: [
      {
        flag: "--name N",
        text: "service name (default: the tech's family, e.g. redis; <app>-<tech> in a registry)",
      },
      {
        flag: "--port P",
        text: "host port (default: assigned; with --registry it must be in the app's range)",
      },
      {
        flag: "--map FILE",
        text: "architecture map to add to (default: the one the Compose file's header names)",
      },
      { flag: "--ledger FILE", text: "port ledger to use instead of the per-user default" },
      {
        flag: "--registry FILE",
        text: "add to this infrastructure registry (and infrastructure.md beside it)",
      },
      { flag: "--app APP", text: "the registry's application the service belongs to" },
      { flag: "--environment ENV", text: "the registry's environment list to add to (default: dev)" },
      { flag: "--dry-run", text: "show what would change; write nothing" },
      json,
    ],
    load: () => import("./add-service.js").then((m) => m.addServiceCommand),
  },
];

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionHelp[] = [
  { flag: "--verbose", text: "also print info-level diagnostics (JSON output always has them)" },
  { flag: "-h, --help", text: "show this help" },
];
