import type { AppServiceSpec, ArchitectureMap, extractMetadata } from "../architecture/index.js";
import type { ComposeFile } from "../compose/index.js";
import type { Diagnostic, Environment, FileSystem, LedgerEntry, ProjectType } from "../core/index.js";
import type { EnvDocument } from "../env/index.js";
import type { Manifest } from "./manifest.js";
import type { ServiceRow } from "./rows.js";
import type { SharedUse } from "./shared.js";
import type {
  FileAction,
  InfraConfig,
  PlanDeps,
  PlanInput,
  PlannedFile,
  PlannedFileKind,
  PlanPhase,
} from "./types.js";

/** The env files every plan writes, in the order it writes them. */
export const ENV_FILES = [".env.development", ".env.staging", ".env.production", ".env.example"] as const;

/** Project files read for project-type detection. */
export const DETECTION_FILES = ["package.json", "requirements.txt", "pyproject.toml", "composer.json"];

/** The files of the output folder that planning looked at, read once each. */
export interface ExistingFiles {
  /** Reads the paths not read yet (through `fs.read`); absent files read as `undefined`. */
  load(paths: readonly string[]): Promise<void>;
  /** The text of a loaded path; reading a path that was not loaded is a programming error. */
  read(path: string): string | undefined;
}

/**
 * A cache of the output folder's files for one planning run.
 *
 * @example
 * ```ts
 * const existing = createExistingFiles(deps.fs);
 * await existing.load(["docker-compose.yml"]);
 * existing.read("docker-compose.yml"); // the text, or undefined
 * ```
 */
export function createExistingFiles(fs: Pick<FileSystem, "read"> | undefined): ExistingFiles {
  const contents = new Map<string, string | undefined>();
  return {
    async load(paths) {
      const missing = [...new Set(paths)].filter((p) => !contents.has(p));
      const texts = await Promise.all(missing.map((p) => (fs ? fs.read(p) : undefined)));
      missing.forEach((p, i) => {
        contents.set(p, texts[i]);
      });
    },
    read(path) {
      if (!contents.has(path)) throw new Error(`planning read ${path} before loading it`);
      return contents.get(path);
    },
  };
}

/** What the input phase learns: the map, what is on disk, the project's names and its services. */
export interface SourceSection {
  map: ArchitectureMap;
  /** The manifest slipway wrote last time (empty when none). */
  previous: Manifest;
  existingDevText: string | undefined;
  existingDev: EnvDocument | undefined;
  projectType: ProjectType | undefined;
  databaseName: string;
  apiEndpoints: ReturnType<typeof extractMetadata>["apiEndpoints"];
  slug: string;
  composeProject: string;
  /** Infrastructure first, then apps; the first of each family is primary. */
  rows: ServiceRow[];
  /** Infrastructure services a registry's shared service stands in for, by map service name. */
  shared?: ReadonlyMap<string, SharedUse>;
}

/** A service as the env files and the starter files describe it. */
export interface InfraServiceView {
  name: string;
  kind: ServiceRow["kind"];
  containerPort: number;
  primary: boolean;
  hostPort?: number;
}

/** An app as the env files and the starter files describe it. */
export type AppServiceView = {
  name: string;
  kind: AppServiceSpec["kind"];
  port?: number;
  hostPort?: number;
} & Partial<Pick<AppServiceSpec, "framework" | "runtime" | "customFramework" | "context">>;

/** What the ports phase decides. */
export interface PortsSection {
  ports: Record<string, number>;
  assignments: { service: string; port: number; reason: string; explanation: string }[];
  infraServices: InfraServiceView[];
  appServices: AppServiceView[];
  /** The port-ledger entries of other projects that planning read. */
  ledgerSeen: LedgerEntry[];
}

/** What the env phase plans. */
export interface EnvSection {
  generated: Record<string, EnvDocument>;
  contents: Record<string, string>;
  actions: Record<string, FileAction>;
  /** Generated credentials, longest first. */
  credentials: string[];
  generatedSecrets: string[];
  /** Values of .env.development the user set that differ from slipway's: not secrets to report. */
  userKeptValues: string[];
  /** The keys slipway generates for .env.development. */
  devKeys: Set<string>;
  /** Secrets declared only because a service's setting references them: not given to the apps. */
  serviceReferences: Set<string>;
}

/** What the compose phase builds. */
export interface ComposeSection {
  model: ComposeFile;
  text: string;
}

/** A starter file rendered by the templates phase. */
export interface TemplateFile {
  path: string;
  content: string;
  kind: PlannedFileKind;
}

/** What the validate phase finds, kept for the metadata's checks. */
export interface ValidationSection {
  graphDiagnostics: Diagnostic[];
  tiers: string[][];
  tiersOk: boolean;
}

/** Every file of the plan with its action, and the manifest that goes with them. */
export interface FilesSection {
  planned: PlannedFile[];
  manifest: Manifest;
}

/** The metadata file. */
export interface MetadataSection {
  metadata: InfraConfig;
  path: string;
}

/**
 * The one state planning builds up, phase by phase. The fields at the top are known before any
 * phase runs; each section is filled by the phase of the same name and read by the later ones.
 */
export interface PlanState {
  readonly input: PlanInput;
  readonly environment: Environment;
  readonly composePath: string;
  readonly infraEnvPath: string | undefined;
  readonly envFileNames: readonly string[];
  /** Every diagnostic of the phases run so far, in order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed map, as soon as the input phase has one (even when it then stops). */
  readonly map?: ArchitectureMap;
  readonly source?: SourceSection;
  readonly ports?: PortsSection;
  readonly env?: EnvSection;
  readonly compose?: ComposeSection;
  readonly templates?: readonly TemplateFile[];
  readonly validation?: ValidationSection;
  readonly files?: FilesSection;
  readonly secretsClean?: boolean;
  readonly metadata?: MetadataSection;
}

/**
 * The state before the first phase.
 *
 * @example
 * ```ts
 * const state = initialPlanState({ architecture: map, projectPath: "/home/me/chi" });
 * state.envFileNames; // [".env.development", ".env.staging", ".env.production", ".env.example"]
 * ```
 */
export function initialPlanState(input: PlanInput): PlanState {
  const infraEnvPath = input.infraEnv ? (input.infraEnv.path ?? ".env.local.infra") : undefined;
  return {
    input,
    environment: input.environment ?? "development",
    composePath: input.composeFile ?? "docker-compose.yml",
    infraEnvPath,
    envFileNames: [...ENV_FILES, ...(infraEnvPath !== undefined ? [infraEnvPath] : [])],
    diagnostics: [],
  };
}

/** What a phase may use: the plan's injected effects and the run's cache of existing files. */
export interface PhaseDeps extends PlanDeps {
  existing: ExistingFiles;
}

/**
 * What a phase returns: the state with its section filled, the diagnostics it found, and `halt`
 * when it could not produce its section (planning stops there; the plan is not ok). A phase that
 * finds errors but can still produce its section does not halt, so later phases report their
 * problems too and the user sees them all at once.
 */
export interface PhaseResult {
  state: PlanState;
  diagnostics: Diagnostic[];
  halt?: boolean;
}

/**
 * One step of planning. `event` and `message` give the progress event emitted before it runs
 * (none when `message` returns undefined).
 */
export interface PlanStep {
  name: string;
  event?: PlanPhase;
  message?(state: PlanState): string | undefined;
  run(state: PlanState, deps: PhaseDeps): PhaseResult | Promise<PhaseResult>;
}

/**
 * A section a phase needs from an earlier one; its absence is a programming error (phases out of
 * order), never a user's.
 *
 * @example
 * ```ts
 * const { rows } = need(state.source, "source");
 * ```
 */
export function need<T>(section: T | undefined, name: string): T {
  if (section === undefined) throw new Error(`planning phase ran before the ${name} section was built`);
  return section;
}
