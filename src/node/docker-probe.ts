import { request } from "node:http";
import type {
  ContainerDetails,
  ContainerInfo,
  ContainerInspector,
  Diagnostic,
  DockerProbe,
  PublishedPort,
} from "../core/index.js";
import { composeConfigDiagnostics, detectComposeCommand, runCommand } from "./compose-runner.js";

/** Options of {@link createDockerProbe}. */
export interface DockerProbeOptions {
  /** The Engine API socket. Default: the path of a `unix://` `dockerHost`, else `/var/run/docker.sock`. */
  socketPath?: string;
  /** A `DOCKER_HOST` value; only `unix://` hosts are supported (others make the engine unavailable). */
  dockerHost?: string;
  /** Time limit of one Engine API request or Compose command, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** The Compose command `composeConfig` runs. Default: `docker compose` when it works, else `docker-compose`. */
  composeCommand?: string[];
}

/** The real DockerProbe: read-only, and it can also inspect one container. */
export type NodeDockerProbe = DockerProbe &
  ContainerInspector & { composeConfig(files: string[]): Promise<Diagnostic[]> };

interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * The real DockerProbe over the Docker Engine API on its unix socket (`node:http`, no extra
 * dependency). Every method resolves — when no engine answers within `timeoutMs`, `available()` is
 * false, lists are empty and lookups `undefined` — so generation works without Docker.
 *
 * @example
 * ```ts
 * import { createDockerProbe } from "slipway/node";
 * const docker = createDockerProbe({ timeoutMs: 2000 });
 * if (await docker.available()) {
 *   for (const c of await docker.containers()) console.log(c.name, c.project, c.ports);
 * }
 * ```
 */
export function createDockerProbe(options: DockerProbeOptions = {}): NodeDockerProbe {
  const timeoutMs = options.timeoutMs ?? 5000;
  const socketPath = resolveSocketPath(options);

  const api = (path: string): Promise<ApiAnswer | undefined> =>
    socketPath === undefined ? Promise.resolve(undefined) : getJson(socketPath, path, timeoutMs);

  return {
    async available() {
      const answer = await api("/_ping");
      return answer !== undefined && answer.status === 200;
    },

    async containers() {
      const answer = await api("/containers/json?all=1");
      if (answer === undefined || answer.status !== 200 || !Array.isArray(answer.body)) return [];
      return answer.body
        .map((raw) => toContainerInfo(raw as RawContainer))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },

    async networks() {
      const answer = await api("/networks");
      if (answer === undefined || answer.status !== 200 || !Array.isArray(answer.body)) return [];
      const names = answer.body
        .map((n) => (n as { Name?: unknown }).Name)
        .filter((n): n is string => typeof n === "string");
      return [...new Set(names)].sort();
    },

    async imageDigest(ref) {
      const name = ref.split("@")[0] ?? ref;
      const answer = await api(`/images/${encodeURI(name)}/json`);
      if (answer === undefined || answer.status !== 200) return undefined;
      const repoDigests = (answer.body as { RepoDigests?: unknown }).RepoDigests;
      if (!Array.isArray(repoDigests)) return undefined;
      const wanted = normalizeRepository(name);
      for (const entry of repoDigests) {
        if (typeof entry !== "string") continue;
        const at = entry.indexOf("@");
        if (at > 0 && normalizeRepository(entry.slice(0, at)) === wanted) return entry.slice(at + 1);
      }
      return undefined;
    },

    async composeConfig(files) {
      const command = options.composeCommand ?? (await detectComposeCommand({ timeoutMs }));
      if (command === undefined) {
        return [
          {
            code: "engine/compose-missing",
            severity: "warning",
            message:
              "Neither `docker compose` nor `docker-compose` runs here; the Compose file was not checked",
            hint: "Install Docker Compose (Debian: apt-get install docker-compose)",
          } satisfies Diagnostic,
        ];
      }
      const args = [...files.flatMap((f) => ["-f", f]), "config", "-q"];
      const outcome = await runCommand(command, args, { timeoutMs: Math.max(timeoutMs, 30_000) });
      return composeConfigDiagnostics(outcome, files[0]);
    },

    async inspectContainer(idOrName): Promise<ContainerDetails | undefined> {
      const answer = await api(`/containers/${encodeURIComponent(idOrName)}/json`);
      if (answer === undefined || answer.status !== 200) return undefined;
      return toContainerDetails(answer.body as RawInspect);
    },
  };
}

function resolveSocketPath(options: DockerProbeOptions): string | undefined {
  if (options.socketPath !== undefined) return options.socketPath;
  const host = options.dockerHost;
  if (host === undefined || host === "") return "/var/run/docker.sock";
  if (host.startsWith("unix://")) return host.slice("unix://".length);
  return undefined;
}

function getJson(socketPath: string, path: string, timeoutMs: number): Promise<ApiAnswer | undefined> {
  return new Promise((resolvePromise) => {
    let settled = false;
    const finish = (value: ApiAnswer | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(value);
    };
    const req = request({ socketPath, path, method: "GET", headers: { host: "docker" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", () => finish(undefined));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // `/_ping` answers plain text; keep it as a string.
        }
        finish({ status: res.statusCode ?? 0, body });
      });
    });
    // One timer bounds connect + response: a socket that accepts but never answers cannot hang us.
    const timer = setTimeout(() => {
      req.destroy();
      finish(undefined);
    }, timeoutMs);
    req.on("error", () => finish(undefined));
    req.end();
  });
}

interface RawContainer {
  Id?: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Labels?: Record<string, string> | null;
  Ports?: { IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
}

function toContainerInfo(raw: RawContainer): ContainerInfo {
  const labels = { ...(raw.Labels ?? {}) };
  const ports: PublishedPort[] = [];
  const seen = new Set<string>();
  for (const p of raw.Ports ?? []) {
    if (typeof p.PublicPort !== "number" || typeof p.PrivatePort !== "number") continue;
    const protocol = p.Type === "udp" || p.Type === "sctp" ? p.Type : "tcp";
    const key = `${p.IP ?? ""}|${p.PublicPort}|${p.PrivatePort}|${protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const port: PublishedPort = { hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol };
    if (p.IP !== undefined && p.IP !== "") port.hostIp = p.IP;
    ports.push(port);
  }
  ports.sort(
    (a, b) =>
      a.hostPort - b.hostPort ||
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      (a.hostIp ?? "").localeCompare(b.hostIp ?? ""),
  );
  const info: ContainerInfo = {
    id: raw.Id ?? "",
    name: (raw.Names?.[0] ?? "").replace(/^\//, ""),
    image: raw.Image ?? "",
    state: raw.State ?? "unknown",
    labels,
    ports,
    networks: Object.keys(raw.NetworkSettings?.Networks ?? {}).sort(),
  };
  const health = healthFromStatus(raw.Status ?? "");
  if (health !== undefined) info.health = health;
  const project = labels["com.docker.compose.project"];
  if (project !== undefined) info.project = project;
  const service = labels["com.docker.compose.service"];
  if (service !== undefined) info.service = service;
  return info;
}

/** The list endpoint carries health only in its status text: `Up 3 seconds (health: starting)`. */
function healthFromStatus(status: string): string | undefined {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (match === null) return undefined;
  return match[1] === "health: starting" ? "starting" : match[1];
}

interface RawInspect {
  Id?: string;
  Name?: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    ExitCode?: number;
    Error?: string;
    Health?: {
      Status?: string;
      FailingStreak?: number;
      Log?: { ExitCode?: number; Output?: string }[] | null;
    } | null;
  };
}

function toContainerDetails(raw: RawInspect): ContainerDetails {
  const state = raw.State ?? {};
  const details: ContainerDetails = {
    id: raw.Id ?? "",
    name: (raw.Name ?? "").replace(/^\//, ""),
    state: state.Status ?? "unknown",
  };
  if (typeof state.ExitCode === "number") details.exitCode = state.ExitCode;
  if (typeof state.Error === "string" && state.Error !== "") details.error = state.Error;
  if (typeof raw.RestartCount === "number") details.restartCount = raw.RestartCount;
  if (state.Health) {
    details.health = {
      status: state.Health.Status ?? "unknown",
      failingStreak: state.Health.FailingStreak ?? 0,
      log: (state.Health.Log ?? []).map((entry) => ({
        exitCode: entry.ExitCode ?? -1,
        output: (entry.Output ?? "").trim(),
      })),
    };
  }
  return details;
}

/** `postgres`, `library/postgres` and `docker.io/library/postgres` name one repository. */
function normalizeRepository(ref: string): string {
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  let repo = colon > lastSlash ? ref.slice(0, colon) : ref;
  repo = repo.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
  if (!repo.includes("/")) repo = `library/${repo}`;
  return repo;
}
