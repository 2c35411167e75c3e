import { createServer, type Server } from "node:net";
import type { PortProbe } from "../core/index.js";

/** Options of `createSocketProbe`. */
export interface SocketProbeOptions {
  /**
   * The platform whose binding rules apply (default: `process.platform`). On darwin and win32 a
   * wildcard bind can succeed while a loopback address holds the port, so loopback is tried too.
   */
  platform?: string | undefined;
}

type Status = "free" | "in-use" | "forbidden";

interface Attempt {
  host: string;
  ipv6: boolean;
}

/**
 * Servers not listening right now, reused by `tryBind`: a closed `net.Server` may listen again, and
 * reusing it spares an allocation per check (many checks run at once while scanning).
 */
const idle: Server[] = [];
/** The most servers kept for reuse; beyond that a finished server is left to the collector. */
const IDLE_LIMIT = 64;

function release(server: Server): void {
  if (idle.length < IDLE_LIMIT) idle.push(server);
}

/** Binds `host:port` and closes at once. Resolves with the error code, or `undefined` when it bound. */
function tryBind(port: number, attempt: Attempt): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const server = idle.pop() ?? createServer().unref();
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      release(server);
      if (typeof error.code === "string") resolve(error.code);
      else reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      // close() releases the socket at once (its callback only reports that later), so the port is
      // free again before the answer is given, and the server can serve the next check.
      server.close();
      release(server);
      resolve(undefined);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    // exclusive: never share a handle with a cluster primary; ipv6Only false: `::` also covers IPv4.
    server.listen({ port, host: attempt.host, exclusive: true, ipv6Only: false });
  });
}

/**
 * The real port probe: answers whether a TCP port can be bound on this machine, in-process.
 *
 * Binding one address is not enough (a port held only on `[::1]` looks free from `127.0.0.1`), so it
 * binds `0.0.0.0`, then `::` with IPv4 mapping, one after the other, closing each; on darwin and win32
 * also `127.0.0.1` and `::1`. On Linux the dual-stack `::` bind alone answers for every address, so it
 * comes first and a success ends the check. `EADDRINUSE` means in use, `EACCES`/`EPERM` forbidden; a machine without
 * IPv6 (`EADDRNOTAVAIL`/`EAFNOSUPPORT` on an IPv6 address) is probed on IPv4 only. Any other error
 * is thrown: it is never read as "in use". Checks of one port made while it is being checked share
 * that answer; the sockets are closed before an answer is given.
 *
 * @example
 * ```ts
 * const probe = createSocketProbe();
 * await probe.check(5432); // "free" | "in-use" | "forbidden"
 * ```
 */
export function createSocketProbe(options: SocketProbeOptions = {}): PortProbe {
  const platform = options.platform ?? process.platform;
  // On Linux a dual-stack bind of `::` conflicts with every IPv4 and IPv6 listener of the port
  // (0.0.0.0, 127.0.0.x, [::] v6-only, [::1] — measured, and tested against real listeners), so when
  // it succeeds the port is free everywhere and the IPv4 bind is not needed; without IPv6 the
  // probe falls back to 0.0.0.0. Elsewhere every address is bound in turn.
  const linux = platform === "linux";
  const attempts: Attempt[] = linux
    ? [
        { host: "::", ipv6: true },
        { host: "0.0.0.0", ipv6: false },
      ]
    : [
        { host: "0.0.0.0", ipv6: false },
        { host: "::", ipv6: true },
      ];
  if (platform === "darwin" || platform === "win32") {
    attempts.push({ host: "127.0.0.1", ipv6: false }, { host: "::1", ipv6: true });
  }
  const probePort = async (port: number): Promise<Status> => {
    for (const attempt of attempts) {
      const code = await tryBind(port, attempt);
      if (code === undefined) {
        if (linux && attempt.ipv6) return "free";
        continue;
      }
      if (code === "EADDRINUSE") return "in-use";
      if (code === "EACCES" || code === "EPERM") return "forbidden";
      if (attempt.ipv6 && (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT")) continue;
      throw Object.assign(new Error(`Cannot probe port ${port} on ${attempt.host}: ${code}`), { code });
    }
    return "free";
  };
  // A check of a port already being checked shares that answer: two binds at once would see each other.
  const inFlight = new Map<number, Promise<Status>>();
  return {
    check(port: number): Promise<Status> {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        return Promise.reject(new RangeError(`Port must be an integer in 1–65535, got ${port}`));
      }
      let answer = inFlight.get(port);
      if (answer === undefined) {
        answer = probePort(port).finally(() => inFlight.delete(port));
        inFlight.set(port, answer);
      }
      return answer;
    },
  };
}
