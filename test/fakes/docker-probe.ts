import type {
  ComposeRunner,
  ContainerDetails,
  ContainerInfo,
  InspectingDockerProbe,
  PortProbe,
  RunOutcome,
} from "../../src/core/index.js";

/** An in-memory DockerProbe; `containers` may be a function to change answers between polls. */
export function fakeDocker(
  state: {
    available?: boolean;
    containers?: ContainerInfo[] | (() => ContainerInfo[]);
    networks?: string[];
    digests?: Record<string, string>;
    details?: Record<string, ContainerDetails>;
  } = {},
): InspectingDockerProbe {
  const up = state.available ?? true;
  return {
    available: async () => up,
    containers: async () =>
      up ? (typeof state.containers === "function" ? state.containers() : (state.containers ?? [])) : [],
    networks: async () => (up ? [...(state.networks ?? [])].sort() : []),
    imageDigest: async (ref) => (up ? state.digests?.[ref] : undefined),
    inspectContainer: async (id) => state.details?.[id],
  };
}

/** A container as the real probe reports one of a Compose project. */
export function container(
  project: string,
  service: string,
  extra: Partial<ContainerInfo> = {},
): ContainerInfo {
  const name = `${project}-${service}-1`;
  return {
    id: name,
    name,
    image: `${service}:1`,
    state: "running",
    project,
    service,
    labels: { "com.docker.compose.project": project, "com.docker.compose.service": service },
    ports: [],
    networks: [`${project}_default`],
    ...extra,
  };
}

/** A PortProbe answering from a map (default free). */
export function fakePorts(states: Record<number, "free" | "in-use" | "forbidden"> = {}): PortProbe {
  return { check: async (port) => states[port] ?? "free" };
}

/** A ComposeRunner that records calls and answers with fixed outcomes. */
export function fakeRunner(
  outcomes: { up?: Partial<RunOutcome>; down?: Partial<RunOutcome>; logs?: string } = {},
) {
  const calls: { op: string; options: unknown }[] = [];
  const outcome = (op: string, partial: Partial<RunOutcome> | undefined): RunOutcome => ({
    ok: true,
    exitCode: 0,
    stdout: "",
    stderr: "",
    command: ["docker-compose", op],
    ...partial,
  });
  const runner: ComposeRunner = {
    up: async (options) => {
      calls.push({ op: "up", options });
      return outcome("up", outcomes.up);
    },
    down: async (options) => {
      calls.push({ op: "down", options });
      return outcome("down", outcomes.down);
    },
    logs: async (options) => {
      calls.push({ op: "logs", options });
      return outcome("logs", { stdout: outcomes.logs ?? "" });
    },
  };
  return { runner, calls };
}
