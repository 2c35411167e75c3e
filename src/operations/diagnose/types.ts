import type { ComposeFile } from "../../compose/model.js";
import type { Diagnostic, Severity, SkippedCheck } from "../../core/index.js";

/**
 * The part of an infrastructure registry a diagnosis reads: its services by application and
 * environment. A parsed `Registry` (`slipway/registry`) fits it; declared here so the operations
 * need nothing from the registry module (which re-exports them under their old names).
 */
export interface RegistryServices {
  services?: Record<string, Record<string, readonly RegisteredService[]>> | undefined;
}

/** One service entry of an infrastructure registry, as a diagnosis reads it. */
export interface RegisteredService {
  name: string;
  container_name?: string | undefined;
  image?: string | undefined;
  ports?: readonly number[] | undefined;
  networks?: readonly string[] | undefined;
  healthcheck?: boolean | undefined;
  dependencies?: readonly string[] | undefined;
}

/** One service as the Compose file or the registry says it should run. */
export interface ExpectedService {
  service: string;
  image?: string;
  /** A fixed `container_name` (registry entries are container names). */
  containerName?: string;
  /** Host ports it should publish (those that can be read without unknown variables). */
  hostPorts: number[];
  /** Engine network names it should be on. */
  networks: string[];
  healthcheck: boolean;
  dependsOn: string[];
  /** Where the service is defined, for the fix: the file and the path inside it. */
  source: { file?: string; path: string };
}

/** One service as the engine shows it. */
export interface CurrentServiceState {
  service: string;
  /** `ok` running (and healthy), `error` not running or unhealthy, `warning` starting, `unknown` no engine. */
  mark: "ok" | "error" | "warning" | "unknown";
  containers: string[];
  /** `running`, `exited`, `restarting`, `not running`, `unknown`, … */
  state: string;
  health?: string;
  exitCode?: number;
  ports: number[];
  networks: string[];
}

/** One problem found: the seed's Root Cause, Evidence, Fix and Verification Commands. */
export interface DiagnosisFinding {
  code: string;
  severity: Severity;
  service?: string;
  rootCause: string;
  evidence?: string;
  fix: { file?: string | undefined; path?: string | undefined; line?: number | undefined; change: string };
  verification: string[];
}

/** The seed's Diagnosis Report, as data. */
export interface DiagnosisReport {
  /** `pass`: everything runs as expected; `warn`: only warnings (or no engine); `fail`: an error. */
  status: "pass" | "warn" | "fail";
  engineAvailable: boolean;
  /** The checks that did not run, each with the reason (no engine, no port probe…); empty when all ran. */
  skipped: SkippedCheck[];
  project?: string;
  current: CurrentServiceState[];
  expected: ExpectedService[];
  findings: DiagnosisFinding[];
  /** Every verification command of the findings, once each, plus the overall status command. */
  verification: string[];
  /** The findings as diagnostics (message = root cause, hint = fix). */
  diagnostics: Diagnostic[];
}

/** What to diagnose: a Compose model (with its project), or a list of expected services (e.g. from a registry). */
export type DiagnoseTarget =
  | {
      compose: ComposeFile;
      composeProject?: string;
      /** The Compose file's path, for fixes. */
      file?: string;
      /** The Compose file's text: fixes then carry the line of the key they name. */
      source?: string;
      /** Values for `${VAR}` in ports (the development env file), so published ports can be compared. */
      env?: Record<string, string>;
    }
  | {
      /** A parsed infrastructure registry: its services are container names. */
      registry: RegistryServices;
      /** Only the services of this environment (`dev`, `prod`…); default all. */
      environment?: string;
      /** The registry file's path and text, for fixes with lines. */
      file?: string;
      source?: string;
    }
  | { expected: ExpectedService[]; project?: string };
