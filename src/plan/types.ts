import type {
  Clock,
  Diagnostic,
  DockerProbe,
  Environment,
  FileSystem,
  LedgerEntry,
  PortLedger,
  PortProbe,
  ProjectType,
  Random,
} from "../core/index.js";
import type { Registry } from "../registry/index.js";
import type { TemplateFileKind } from "../templates/index.js";
import type { Manifest } from "./manifest.js";

/** What `planEnvironment` starts from. */
export interface PlanInput {
  /** The architecture map: a parsed JSON value or its text. */
  architecture?: unknown;
  /** Direct requirements text, used when no map is given. */
  requirements?: string;
  /** The file the map came from, for diagnostics. */
  source?: string;
  /** Absolute path of the project: the seed of the preferred ports and of the Compose project name. */
  projectPath: string;
  /** The environment the metadata describes. Default `development`. */
  environment?: Environment;
  /** `docker-compose.yml` (default, as the seed asks) or `compose.yaml`. */
  composeFile?: "docker-compose.yml" | "compose.yaml";
  /** `compose-v1` leaves out what Docker Compose 1.x rejects. */
  composeTarget?: "compose-spec" | "compose-v1";
  /** Starter files (Dockerfile, README, Makefile …). Default true. */
  templates?: boolean;
  /** Address host ports are published on in development. Default `127.0.0.1`. */
  bindAddress?: string;
  /**
   * Also write a flat file of prefixed connection settings, as local infrastructure scripts read them
   * (`TILEMUD_PG_PORT=5438` in `.env.local.infra`).
   */
  infraEnv?: { prefix: string; path?: string };
  /**
   * An infrastructure registry and the application this project is in it: host ports stay inside
   * the application's range and off ports the registry gives others, and its rules are checked.
   */
  registry?: { registry: Registry; application: string };
  /** The command that regenerates the files, written into their headers. */
  regenerateCommand?: string;
  /** Also render the model for these platforms (`deploy/kubernetes/…`, `docker-stack.yml`). */
  platforms?: readonly ("kubernetes" | "swarm")[];
}

/** The injected effects `planEnvironment` may use. It only reads; it never writes files. */
export interface PlanDeps {
  probe: PortProbe;
  random: Random;
  clock: Clock;
  /** Reads the existing files of the output folder (user overrides, earlier secrets, the manifest). */
  fs?: Pick<FileSystem, "read">;
  /** Read for the ports other projects hold; planning records nothing in it (applyPlan does). */
  ledger?: PortLedger;
  docker?: DockerProbe;
}

/** What kind of file a planned file is. */
export type PlannedFileKind = "compose" | "env" | "metadata" | "manifest" | "platform" | TemplateFileKind;

/**
 * What applying the plan will do with a file: `create` a new one, `update` one slipway wrote and
 * nobody changed, `merge` the user's edits with the new content, leave it `unchanged`, `keep` a
 * starter file the user made their own, or report a `conflict` (a file slipway did not write, or
 * changed by the user where no merge is possible).
 */
export type FileAction = "create" | "update" | "merge" | "unchanged" | "keep" | "conflict";

/** One file of a plan. */
export interface PlannedFile {
  path: string;
  content: string;
  kind: PlannedFileKind;
  action: FileAction;
  /** sha256 of the file on disk when planned, `null` when absent: applyPlan refuses to write if it changed since. */
  basis: string | null;
  mode?: number;
  /** A unified diff from the file on disk to the planned content, for conflicts and merges. */
  diff?: string;
}

/** One service in the infra-config metadata, in the seed's shape. */
export interface InfraConfigService {
  name: string;
  type: string;
  kind: string;
  image?: string;
  port?: number;
  port_mapping?: string;
  volume?: string;
  network?: string;
  healthcheck?: string;
  depends_on?: string[];
  env_vars?: string[];
  replicas?: number;
}

/** The metadata JSON for other tools (`specs/infra-config-DDMMYY-HHMM.json`). */
export interface InfraConfig {
  generated_at: string;
  environment: Environment;
  project: { name: string; slug: string; compose_project: string; type?: ProjectType };
  services: InfraConfigService[];
  volumes: string[];
  networks: string[];
  custom_ports: Record<string, number>;
  port_assignments: { service: string; port: number; reason: string; explanation: string }[];
  env_files: string[];
  compose_file: string;
  /**
   * What planning checked. A check that needs something planning could not reach (the Docker
   * engine) is `null` when it did not run, and `skipped` names it with the reason: `null` is
   * "not checked", never "failed".
   */
  validation: {
    port_conflicts_checked: boolean;
    volume_paths_validated: boolean;
    /** Whether the network names are free on the Docker engine; `null` when no engine answered. */
    network_names_unique: boolean | null;
    secrets_placeholder: boolean;
    dependency_graph_valid: boolean;
    skipped: SkippedCheck[];
  };
}

/** A check of the metadata's `validation` that did not run, and why. */
export interface SkippedCheck {
  /** The `validation` key it would have set (`network_names_unique`). */
  check: string;
  reason: string;
}

/** The result of planning: every file in memory, the metadata and every diagnostic. Nothing is written. */
export interface Plan {
  ok: boolean;
  project: { name: string; slug: string; composeProject: string; type?: ProjectType };
  files: PlannedFile[];
  metadata: InfraConfig;
  metadataPath: string;
  /** The line orchestrators look for: `INFRA_CONFIG: specs/infra-config-DDMMYY-HHMM.json`. */
  marker: string;
  ports: { service: string; port: number; reason: string; explanation: string }[];
  /** Start order of the services, tier by tier. */
  tiers: string[][];
  diagnostics: Diagnostic[];
  /** The manifest applyPlan writes with the files. */
  manifest: Manifest;
  /**
   * The host ports this project holds once the plan is written: `applyPlan` records them in the
   * port ledger (planning and dry runs record nothing).
   */
  ledger: LedgerEntry[];
  /**
   * Other projects' port-ledger entries as planning read them: a port one of them holds now but did
   * not then was taken since, and `applyPlan` refuses to write over it.
   */
  ledgerSeen?: LedgerEntry[];
}

/** A progress event of `planEnvironmentEvents`, as orchestrators stream them. */
export type PlanEvent =
  | { type: "status"; phase: PlanPhase; message: string; timestamp: string }
  | { type: "error"; phase: PlanPhase; message: string; timestamp: string; diagnostics: Diagnostic[] }
  | { type: "result"; phase: "done"; message: string; timestamp: string; plan: Plan };

/** The phases of planning, in order. */
export type PlanPhase =
  | "input"
  | "ports"
  | "compose"
  | "env"
  | "templates"
  | "validation"
  | "secrets"
  | "metadata"
  | "done";

/** Options of `applyPlan`. */
export interface ApplyOptions {
  /** Report what would be written without writing. */
  dryRun?: boolean;
  /** Overwrite conflicting files. */
  force?: boolean;
}

/** What `applyPlan` did. */
export interface ApplyResult {
  ok: boolean;
  written: string[];
  unchanged: string[];
  /** Starter files kept as the user changed them. */
  skipped: string[];
  conflicts: { path: string; reason: string; diff?: string }[];
  diagnostics: Diagnostic[];
  dryRun: boolean;
}
