// Port allocation benchmark: 50 services, 15 of whose preferred ports are held by real listeners on
// 127.0.0.1, 0.0.0.0, [::] (IPv6 only) and [::1]. Each tool allocates all 50 ports in one run (each
// service starting at its preferred port, no port given twice); medians over interleaved runs.
// An answer is wrong when the port is listening (per /proc/net/tcp{,6} on Linux, else the known
// listeners) or was already given to another service of the same run.
//
// Run: npm run bench:ports   (builds dist/ first)
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { platform } from "node:os";
import detectPort from "detect-port";
import getPort, { portNumbers } from "get-port";
import portfinder from "portfinder";
import { allocatePorts, PORT_RANGES, preferredPort } from "../dist/allocator.js";
import { SERVICE_KINDS } from "../dist/index.js";
import { createCryptoRandom, createSocketProbe } from "../dist/node.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const WARMUP = 3;
const SERVICES = 50;
const HELD = 15;
const projectPath = "/srv/bench/shop";

const requests = Array.from({ length: SERVICES }, (_, i) => {
  const kind = SERVICE_KINDS[i % SERVICE_KINDS.length];
  return { service: `svc-${String(i).padStart(2, "0")}`, kind };
});
const preferred = requests.map((r) =>
  preferredPort(projectPath, r.service, { base: PORT_RANGES[r.kind].base }),
);

// --- Real listeners on 15 distinct preferred ports, spread over the address families -----------
const hosts = [
  { host: "127.0.0.1", ipv6Only: false },
  { host: "0.0.0.0", ipv6Only: false },
  { host: "::", ipv6Only: true },
  { host: "::1", ipv6Only: false },
];
const servers = [];
const heldPorts = new Set();
for (const port of preferred) {
  if (heldPorts.size === HELD) break;
  if (heldPorts.has(port)) continue;
  const { host, ipv6Only } = hosts[heldPorts.size % hosts.length];
  const server = createServer();
  const bound = await new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen({ host, port, ipv6Only }, () => resolve(true));
  });
  if (bound) {
    servers.push(server);
    heldPorts.add(port);
  }
}
if (heldPorts.size !== HELD) throw new Error(`could hold only ${heldPorts.size} of ${HELD} preferred ports`);

// --- The oracle ---------------------------------------------------------------------------------
function listeningPorts() {
  const ports = new Set(heldPorts);
  if (platform() !== "linux") return ports;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === "0A") ports.add(Number.parseInt(cols[1].split(":").pop(), 16));
    }
  }
  return ports;
}

function wrongAnswers(ports) {
  const listening = listeningPorts();
  const seen = new Set();
  let wrong = 0;
  for (const port of ports) {
    if (!Number.isInteger(port) || listening.has(port) || seen.has(port)) wrong++;
    seen.add(port);
  }
  return wrong;
}

// --- The contenders -----------------------------------------------------------------------------
const probe = createSocketProbe();
const random = createCryptoRandom();

/** Asks `next(start)` for a port at or above the preferred one until it is one not yet given. */
async function oneByOne(next) {
  const given = [];
  for (const start of preferred) {
    let port = await next(start, given);
    while (given.includes(port)) port = await next(port + 1, given);
    given.push(port);
  }
  return given;
}

const tools = {
  slipway: async () => {
    const result = await allocatePorts(requests, { projectPath, probe, random });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return result.value.assignments.map((a) => a.port);
  },
  "get-port": () =>
    oneByOne((start, given) => getPort({ port: portNumbers(start, start + 99), exclude: given })),
  portfinder: () => oneByOne((start) => portfinder.getPortPromise({ port: start, stopPort: start + 99 })),
  "detect-port": () => oneByOne((start) => detectPort(start)),
};

const times = Object.fromEntries(Object.keys(tools).map((name) => [name, []]));
const wrong = Object.fromEntries(Object.keys(tools).map((name) => [name, 0]));
const names = Object.keys(tools);
for (let run = 0; run < WARMUP + RUNS; run++) {
  // Rotate the order each run so that no tool always goes first.
  const order = names.map((_, i) => names[(i + run) % names.length]);
  for (const name of order) {
    const start = process.hrtime.bigint();
    const ports = await tools[name]();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run < WARMUP) continue;
    times[name].push(ms);
    wrong[name] += wrongAnswers(ports);
  }
}
await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const medians = Object.fromEntries(names.map((n) => [n, median(times[n])]));
const fastestPeer = names.filter((n) => n !== "slipway").reduce((a, b) => (medians[a] <= medians[b] ? a : b));
const speedup = medians[fastestPeer] / medians.slipway;

console.log(
  `ports: ${SERVICES} services, ${HELD} preferred ports held (127.0.0.1, 0.0.0.0, [::] v6only, [::1]), ` +
    `${RUNS} runs after ${WARMUP} warm-up, node ${process.version}, ${platform()}`,
);
console.log("tool          median ms    min ms   × slipway   wrong answers");
for (const n of names) {
  const ratio = medians[n] / medians.slipway;
  console.log(
    `${n.padEnd(12)}  ${medians[n].toFixed(2).padStart(9)}  ${Math.min(...times[n])
      .toFixed(2)
      .padStart(
        8,
      )}   ${ratio.toFixed(1).padStart(8)}×   ${String(wrong[n]).padStart(5)} / ${SERVICES * RUNS}`,
  );
}
console.log(`slipway is ${speedup.toFixed(1)}× faster than the fastest peer (${fastestPeer}); goal ≥ 5×.`);
if (wrong.slipway > 0) {
  console.error(`slipway gave ${wrong.slipway} wrong answers`);
  process.exitCode = 1;
}
