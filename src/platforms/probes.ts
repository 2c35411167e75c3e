import type { Healthcheck } from "../compose/index.js";
import { countOf, durationSeconds } from "./compose-facts.js";

/** A Kubernetes probe handler. */
export type ProbeHandler =
  | { exec: { command: string[] } }
  | { httpGet: { path: string; port: number } }
  | { tcpSocket: { port: number } };

/** A Kubernetes probe: a handler and its timing. */
export type Probe = ProbeHandler & {
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
};

/** The probes of one container. */
export interface ContainerProbes {
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
}

/** Tools that make a plain HTTP GET when a healthcheck names a localhost URL. */
const HTTP_TOOLS = new Set(["curl", "wget", "node", "python", "python3", "php"]);
const LOCAL_URL = /^http:\/\/(?:localhost|127\.0\.0\.1):(\d+)(\/[^\s'"`)]*)?/;

/** `$$` is Compose's escape for a literal `$`; in a container the command sees one `$`. */
function literalDollars(text: string): string {
  return text.replace(/\$\$/g, "$");
}

/**
 * The probe handler of a Compose healthcheck: an `httpGet` when the check is an HTTP GET of a
 * localhost URL (curl, wget, Node's fetch, Python's urllib), else an `exec` of the same command
 * (`CMD-SHELL` and string tests through `sh -c`). Undefined for `NONE` or a disabled check.
 *
 * @example
 * ```ts
 * probeHandler({ test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"] });
 * // { exec: { command: ["sh", "-c", "pg_isready -U ${POSTGRES_USER}"] } }
 * probeHandler({ test: ["CMD", "curl", "-fsS", "http://localhost:8000/health"] });
 * // { httpGet: { path: "/health", port: 8000 } }
 * ```
 */
export function probeHandler(healthcheck: Healthcheck | undefined): ProbeHandler | undefined {
  if (healthcheck === undefined || healthcheck.disable === true || healthcheck.test === undefined)
    return undefined;
  const test = healthcheck.test;
  let command: string[];
  if (typeof test === "string") command = ["sh", "-c", literalDollars(test)];
  else if (test[0] === "NONE" || test.length === 0) return undefined;
  else if (test[0] === "CMD-SHELL") command = ["sh", "-c", literalDollars(test.slice(1).join(" "))];
  else command = (test[0] === "CMD" ? test.slice(1) : test).map(literalDollars);
  const tool = command[0] === "sh" ? undefined : command[0]?.split("/").at(-1);
  if (tool !== undefined && HTTP_TOOLS.has(tool)) {
    const urls = command.flatMap((arg) => [...arg.matchAll(/http:\/\/[^\s'"`)]+/g)].map((m) => m[0]));
    const local = urls.length === 1 ? LOCAL_URL.exec(urls[0] ?? "") : null;
    if (local !== null) return { httpGet: { path: local[2] ?? "/", port: Number(local[1]) } };
  }
  return { exec: { command } };
}

/**
 * The probes of a container from its Compose healthcheck, with the same timing: readiness and
 * liveness checks every `interval` and give up after `retries`; a startup probe covers
 * `start_period` so a slow first start is not killed. Without a healthcheck, a container that
 * listens on a port gets a TCP readiness probe on it.
 *
 * @example
 * ```ts
 * containerProbes({ test: ["CMD", "redis-cli", "ping"], interval: "10s", timeout: "5s", retries: 5, start_period: "30s" }, [6379]);
 * // { readinessProbe: { exec: …, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 }, livenessProbe: …, startupProbe: … }
 * ```
 */
export function containerProbes(
  healthcheck: Healthcheck | undefined,
  ports: readonly number[],
): ContainerProbes {
  const handler = probeHandler(healthcheck);
  const period = durationSeconds(healthcheck?.interval) ?? 30;
  const timeout = durationSeconds(healthcheck?.timeout) ?? 30;
  const retries = countOf(healthcheck?.retries) ?? 3;
  if (handler === undefined) {
    const port = ports[0];
    if (port === undefined) return {};
    return {
      readinessProbe: { tcpSocket: { port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    };
  }
  const timing = {
    periodSeconds: period,
    timeoutSeconds: Math.min(timeout, period),
    failureThreshold: retries,
  };
  const probes: ContainerProbes = {
    readinessProbe: { ...handler, ...timing },
    livenessProbe: { ...handler, ...timing },
  };
  const startPeriod = durationSeconds(healthcheck?.start_period);
  if (startPeriod !== undefined) {
    const startInterval = durationSeconds(healthcheck?.start_interval) ?? Math.min(period, 5);
    probes.startupProbe = {
      ...handler,
      periodSeconds: startInterval,
      timeoutSeconds: Math.min(timeout, period),
      failureThreshold: Math.ceil(startPeriod / startInterval) + retries,
    };
  }
  return probes;
}
