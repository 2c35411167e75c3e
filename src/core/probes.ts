import type { Diagnostic } from "./diagnostic.js";

/**
 * Answers whether a host port can be bound right now.
 * `forbidden` means the operating system refuses it (privileged port, policy), not that it is taken.
 */
export interface PortProbe {
  check(port: number): Promise<"free" | "in-use" | "forbidden">;
}

/** The process that listens on a host port. */
export interface PortHolder {
  pid: number;
  /** The process's command name (`node`, `postgres`), when the system tells. */
  command?: string;
}

/**
 * Names the process listening on a host port (the real one reads /proc on Linux). Resolves
 * `undefined` when the holder is unknown: another user's process, another OS, a container's proxy.
 */
export interface PortHolderProbe {
  holder(port: number): Promise<PortHolder | undefined>;
}

/** A port a container publishes on the host. */
export interface PublishedPort {
  hostPort: number;
  containerPort: number;
  protocol: "tcp" | "udp" | "sctp";
  hostIp?: string;
}

/** What a DockerProbe reports of one container. */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: string;
  /** Health status when the container has a healthcheck: `healthy`, `unhealthy`, `starting`. */
  health?: string;
  /** The `com.docker.compose.project` label, when the container belongs to a Compose project. */
  project?: string;
  /** The `com.docker.compose.service` label. */
  service?: string;
  labels: Record<string, string>;
  ports: PublishedPort[];
  networks: string[];
}

/** Read-only view of a Docker engine. Every method resolves; none starts or stops anything. */
export interface DockerProbe {
  available(): Promise<boolean>;
  containers(): Promise<ContainerInfo[]>;
  networks(): Promise<string[]>;
  /** The repository digest (`sha256:…`) of a local image, or `undefined` when the engine has none. */
  imageDigest(ref: string): Promise<string | undefined>;
  /** Validates Compose files with the engine's Compose implementation; problems as diagnostics. */
  composeConfig?(files: string[]): Promise<Diagnostic[]>;
}

/** One file to write. `mode` is a POSIX permission mode such as `0o600`. */
export interface FileWrite {
  path: string;
  content: string;
  mode?: number;
}

/**
 * The file system as the core sees it. `writeAll` writes every file or none: a failure part-way
 * leaves all previous contents in place.
 */
export interface FileSystem {
  read(path: string): Promise<string | undefined>;
  writeAll(files: FileWrite[]): Promise<void>;
}

/** One port a project holds, in a ledger shared by the projects of one user. */
export interface LedgerEntry {
  /** The project path that holds the port. */
  project: string;
  service: string;
  port: number;
}

/** What the function given to `PortLedger.transaction` returns. */
export interface LedgerTransaction<T> {
  /** The value `transaction` resolves to. */
  result: T;
  /** Entries to record before the lock is released, with the same meaning as `record`. */
  record?: LedgerEntry[] | undefined;
}

/** A record of the ports given to projects, shared across runs and processes. */
export interface PortLedger {
  held(): Promise<LedgerEntry[]>;
  /** Records the entries of the projects named in them, replacing what those projects held. */
  record(entries: LedgerEntry[]): Promise<void>;
  /**
   * Runs `fn` with the entries held now, under a lock that other runs (and other processes) wait
   * for, then records what `fn` asks to record before releasing it. A ledger that offers this makes
   * parallel allocations safe: read, allocate and record happen as one step.
   */
  transaction?<T>(fn: (held: LedgerEntry[]) => Promise<LedgerTransaction<T>>): Promise<T>;
}

/** The time source. The CLI honours `SOURCE_DATE_EPOCH`. */
export interface Clock {
  now(): Date;
}

/** The randomness source. Real adapters are cryptographic. */
export interface Random {
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** A random integer with `min <= x <= max`. */
  int(min: number, max: number): number;
}

/** What one run of a Compose command produced. */
export interface RunOutcome {
  /** True when the command exited with status 0. */
  ok: boolean;
  /** The exit status; `-1` when the command could not be started or was stopped by the timeout. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The command line that ran, for reports (`["docker-compose", "-p", "app", "up", "-d"]`). */
  command: string[];
}

/** The files and project a Compose command works on. */
export interface ComposeTarget {
  files: string[];
  envFile?: string;
  project?: string;
}

/**
 * Runs Compose commands. The real one (`createComposeRunner` in `slipway/node`) shells out to
 * `docker compose` or `docker-compose`; tests pass a fake.
 */
export interface ComposeRunner {
  /** `up -d` (detached), optionally for some services only. */
  up(options: ComposeTarget & { services?: string[] }): Promise<RunOutcome>;
  /** `down`, with `-v` when `volumes` is true (removes the named volumes: data loss). */
  down(options: ComposeTarget & { volumes?: boolean }): Promise<RunOutcome>;
  /** `ps` output (for reports). */
  ps?(options: ComposeTarget): Promise<RunOutcome>;
  /**
   * The last `tail` log lines of one service (every service when none is named). With `follow`, keeps
   * streaming until the process ends; `onOutput` then receives the output as it comes.
   */
  logs?(
    options: ComposeTarget & {
      service?: string;
      tail?: number;
      follow?: boolean;
      onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
    },
  ): Promise<RunOutcome>;
}

/** One entry of a container's health log. */
export interface HealthLogEntry {
  exitCode: number;
  output: string;
}

/** What an inspection of one container tells beyond `ContainerInfo`. */
export interface ContainerDetails {
  id: string;
  name: string;
  /** `created`, `running`, `restarting`, `exited`, `dead`, … */
  state: string;
  exitCode?: number;
  /** The engine's error text when the container could not start. */
  error?: string;
  restartCount?: number;
  health?: { status: string; failingStreak: number; log: HealthLogEntry[] };
}

/** An optional capability of a DockerProbe: inspecting one container (health log, exit code). */
export interface ContainerInspector {
  inspectContainer(idOrName: string): Promise<ContainerDetails | undefined>;
}

/** A DockerProbe that may also inspect containers; the real one from `slipway/node` does. */
export type InspectingDockerProbe = DockerProbe & Partial<ContainerInspector>;

/** Free disk and memory, for the pre-flight baseline. The real one is `createSystemResources` in `slipway/node`. */
export interface SystemResources {
  freeDiskBytes(): Promise<number>;
  freeMemoryBytes(): Promise<number>;
}

/** Runs SQL against the database. A rejection means the SQL failed; its message is reported. */
export interface SqlExecutor {
  execute(sql: string, context: { name: string }): Promise<void>;
  /**
   * Runs a query and resolves with its rows, each a list of column values as text. Needed to keep
   * the migration ledger in the database itself (`migrate`).
   */
  query?(sql: string, context: { name: string }): Promise<string[][]>;
}
