import type { DockerProbe } from "../core/index.js";

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
  /** The last `tail` log lines of one service (for reports). */
  logs?(options: ComposeTarget & { service: string; tail?: number }): Promise<RunOutcome>;
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
