import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

const ANY_ADDRESS = new Set(["", "0.0.0.0", "::", "[::]"]);

interface Holder {
  service: string;
  index: number;
  ip: string;
}

function overlaps(a: string, b: string): boolean {
  return ANY_ADDRESS.has(a) || ANY_ADDRESS.has(b) || a === b;
}

/** `port/duplicate`: two entries publish the same host port, protocol and address. */
export const portDuplicate: Rule = {
  code: "port/duplicate",
  severity: "error",
  description: "Each host port is published by one service only",
  check(context) {
    // One pass over every published port: a map from protocol/port to the entries holding it.
    const held = new Map<string, Holder[]>();
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const port of service.ports) {
        if (port.host === undefined || port.problems.length > 0) continue;
        const ip = port.hostIp ?? "";
        let clash: { port: number; holder: Holder } | undefined;
        for (let p = port.host.start; p <= port.host.end; p++) {
          const key = `${port.protocol}/${p}`;
          const holders = held.get(key);
          const other = holders?.find((h) => overlaps(h.ip, ip));
          if (other !== undefined && clash === undefined) clash = { port: p, holder: other };
          const me = { service: service.name, index: port.index, ip };
          if (holders === undefined) held.set(key, [me]);
          else holders.push(me);
        }
        if (clash === undefined) continue;
        const where = context.path(clash.holder.service, "ports", clash.holder.index);
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Port ${clash.port}/${port.protocol} of service ${service.name} is already published by ${clash.holder.service} (${where})`,
            {
              path: context.path(service.name, "ports", port.index),
              hint: "Give one of them another host port; two containers cannot bind the same port.",
            },
          ),
        );
      }
    }
    return out;
  },
};
