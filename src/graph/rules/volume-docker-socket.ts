import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

const SOCKETS = new Set([
  "/var/run/docker.sock",
  "/run/docker.sock",
  "//./pipe/docker_engine",
  "\\\\.\\pipe\\docker_engine",
]);

/**
 * `volume/docker-socket`: a service mounts the Docker socket. Whoever talks to it controls the
 * engine — root on the host — whatever the mount's `:ro`.
 */
export const volumeDockerSocket: Rule = {
  code: "volume/docker-socket",
  severity: "warning",
  description: "No service mounts the Docker socket",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const volume of service.volumes) {
        if ((volume.type !== "bind" && volume.type !== "npipe") || volume.source === undefined) continue;
        if (!SOCKETS.has(volume.source.replace(/\/+$/, ""))) continue;
        out.push(
          diagnostic(this.code, this.severity, `Service ${service.name} mounts the Docker socket`, {
            path: context.path(service.name, "volumes", volume.index),
            hint: "Access to the socket is root on the host; use a socket proxy that allows only the calls needed.",
          }),
        );
      }
    }
    return out;
  },
};
