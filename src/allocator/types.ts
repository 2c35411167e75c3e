import type { DockerProbe, PortLedger, PortProbe, Random, ServiceKind } from "../core/index.js";

/** One service that needs a host port. */
export interface PortRequest {
  /** The service name; the preferred port is derived from it and the project path. */
  service: string;
  /** The kind of service; picks the range in `PORT_RANGES` unless `base` is given. */
  kind?: ServiceKind | undefined;
  /** The first port of the hashed range (overrides the kind's base). */
  base?: number | undefined;
  /** The size of the hashed range (default: the kind's, else 256). */
  rangeSize?: number | undefined;
  /** The lowest port this service may get (a registry's app range). */
  min?: number | undefined;
  /** The highest port this service may get (a registry's app range). */
  max?: number | undefined;
  /** Allow ports below 1024 (reverse proxies). Default false. */
  allowSystemPort?: boolean | undefined;
}

/** A port the user set, e.g. `POSTGRES_PORT=5434` read from `.env.development`. */
export interface PortOverride {
  port: number;
  /** The file the value came from, for messages. */
  file?: string | undefined;
  /** The 1-based line of the value in `file`. */
  line?: number | undefined;
  /** The variable name (default: `portVariable(service)`). */
  variable?: string | undefined;
  /**
   * The setting the port came from when it is not an env variable, e.g. `infrastructure[1].port`
   * of an architecture map: messages then name it, and hints say to change it.
   */
  field?: string | undefined;
}

/** The effects and facts `allocatePorts` works with. */
export interface AllocateDeps {
  /** The project's folder; the preferred ports are derived from it. */
  projectPath: string;
  probe: PortProbe;
  /** Draws the random fallback ports. */
  random: Random;
  /** Ports given to projects across runs; this project's final ports are recorded in it. */
  ledger?: PortLedger | undefined;
  /** Read-only view of Docker, to recognise containers of this project and of others. */
  docker?: DockerProbe | undefined;
  /** The Compose project name of this checkout, to recognise its own containers. */
  composeProject?: string | undefined;
  /** Ports no service of this allocation may get. */
  reserved?: Iterable<number> | undefined;
  /** Service name → the port the user set for it. */
  overrides?: Readonly<Record<string, PortOverride>> | undefined;
}

/** Why a service got its port. */
export type AssignmentReason = "override" | "preferred" | "scanned" | "fallback" | "kept" | "moved";

/** The port one service got, and why. */
export interface PortAssignment {
  service: string;
  port: number;
  /** The hashed preferred port of the service, whether or not it got it. */
  preferred: number;
  reason: AssignmentReason;
  /** One line for a log, e.g. `✓ postgres port: 5423 (auto-assigned from project path)`. */
  explanation: string;
}

/** The outcome of a successful allocation. */
export interface Allocation {
  /** One assignment per request, in request order. */
  assignments: PortAssignment[];
  /** Service name → port. */
  ports: Record<string, number>;
}

/** How many ports above the preferred one are tried before the random fallback. */
export const SCAN_LIMIT = 99;
/** The range the random fallback draws from (narrowed by a request's `min`/`max`). */
export const FALLBACK_RANGE: Readonly<{ min: number; max: number }> = Object.freeze({
  min: 10000,
  max: 20000,
});
/** How many random ports are tried before `port/exhausted`. */
export const FALLBACK_TRIES = 64;

/** Ports below this need `allowSystemPort`. */
export const SYSTEM_PORT_LIMIT = 1024;
/** The highest port. */
export const MAX_PORT = 65535;
/**
 * Ports probed at once while scanning grow 1, 1, 2, 4 … up to this; answers are used in port order, so
 * the result is the same as probing one by one.
 */
export const SCAN_WINDOW = 16;

export type Status = "free" | "in-use" | "forbidden";

/** A request that passed the checks, with its allowed range and hashed preferred port. */
export interface Plan {
  index: number;
  path: string;
  service: string;
  kind: ServiceKind | undefined;
  lo: number;
  hi: number;
  preferred: number;
  override: PortOverride | undefined;
}
