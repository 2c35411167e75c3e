// Port allocation benchmark: 50 services, 15 of whose preferred ports are held by real listeners on
// 127.0.0.1, 0.0.0.0, [::] (IPv6 only) and [::1]. Each tool allocates all 50 ports in one run (each
// service starting at its preferred port, no port given twice); medians over interleaved runs.
// An answer is wrong when the port is listening (per /proc/net/tcp{,6} on Linux, else the known
// listeners) or was already given to another service of the same run.
//
// Each tool runs in a process of its own (this file with `--tool NAME`), driven in lockstep by the
// parent, which holds the listeners and judges the answers: one tool's garbage, timers and locked-port
// lists cannot slow another down, and the runs still interleave so that machine noise hits all alike.
//
// Run: npm run bench:ports   (builds dist/ first; BENCH_ROUNDS, BENCH_BLOCK and BENCH_WARMUP change the
// counts: rounds measured, back-to-back runs per tool in a round, rounds dropped as warm-up)
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { platform } from "node:os";
import { fileURLToPath } from "node:url";
import { PORT_RANGES, preferredPort } from "../dist/allocator.js";
import { SERVICE_KINDS } from "../dist/index.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
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

// --- The contenders (each in its own process) -----------------------------------------------------
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

async function contender(name) {
  switch (name) {
    case "slipway": {
      const { allocatePorts } = await import("../dist/allocator.js");
      const { createCryptoRandom, createSocketProbe } = await import("../dist/node.js");
      const probe = createSocketProbe();
      const random = createCryptoRandom();
      return async () => {
        const result = await allocatePorts(requests, { projectPath, probe, random });
        if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
        return result.value.assignments.map((a) => a.port);
      };
    }
    case "get-port": {
      const { default: getPort, clearLockedPorts, portNumbers } = await import("get-port");
      // get-port locks every port it hands out for 15–30 s in a module-level set; each run starts
      // unlocked, as a fresh process would, instead of scanning past the previous runs' ports.
      return {
        before: clearLockedPorts,
        run: () =>
          oneByOne((start, given) => getPort({ port: portNumbers(start, start + 99), exclude: given })),
      };
    }
    case "portfinder": {
      const { default: portfinder } = await import("portfinder");
      return () => oneByOne((start) => portfinder.getPortPromise({ port: start, stopPort: start + 99 }));
    }
    case "detect-port": {
      const { default: detectPort } = await import("detect-port");
      return () => oneByOne((start) => detectPort(start));
    }
    default:
      throw new Error(`unknown tool ${name}`);
  }
}

const TOOLS = ["slipway", "get-port", "portfinder", "detect-port"];
const toolFlag = process.argv.indexOf("--tool");
if (toolFlag !== -1) {
  // Child: run the tool whenever the parent asks, and report the time and the ports.
  const tool = await contender(process.argv[toolFlag + 1]);
  const { before, run } = typeof tool === "function" ? { run: tool } : tool;
  process.on("message", async ({ runs }) => {
    const results = [];
    for (let i = 0; i < runs; i++) {
      before?.();
      const start = process.hrtime.bigint();
      const ports = await run();
      results.push({ ms: Number(process.hrtime.bigint() - start) / 1e6, ports });
    }
    process.send(results);
  });
  process.send({ ready: true });
} else {
  await parent();
}

async function parent() {
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
  if (heldPorts.size !== HELD)
    throw new Error(`could hold only ${heldPorts.size} of ${HELD} preferred ports`);

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

  const children = Object.fromEntries(
    TOOLS.map((name) => [name, fork(fileURLToPath(import.meta.url), ["--tool", name])]),
  );
  const ask = (name) => new Promise((resolve) => children[name].once("message", resolve));
  await Promise.all(TOOLS.map(ask)); // ready
  const times = Object.fromEntries(TOOLS.map((name) => [name, []]));
  const cold = Object.fromEntries(TOOLS.map((name) => [name, []]));
  const wrong = Object.fromEntries(TOOLS.map((name) => [name, 0]));
  const names = TOOLS;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Rotate the order each round so that no tool always goes first.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const answer = ask(name);
      children[name].send({ runs: BLOCK });
      const results = await answer;
      if (round < WARMUP) continue;
      cold[name].push(results[0].ms);
      for (const { ms, ports } of results) {
        times[name].push(ms);
        wrong[name] += wrongAnswers(ports);
      }
    }
  }
  for (const child of Object.values(children)) child.kill();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const medians = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  const fastestPeer = names
    .filter((n) => n !== "slipway")
    .reduce((a, b) => (medians[a] <= medians[b] ? a : b));
  const speedup = medians[fastestPeer] / medians.slipway;

  const coldMedians = Object.fromEntries(names.map((n) => [n, median(cold[n])]));
  const runs = ROUNDS * BLOCK;
  console.log(
    `ports: ${SERVICES} services, ${HELD} preferred ports held (127.0.0.1, 0.0.0.0, [::] v6only, [::1]); ` +
      `${ROUNDS} rounds of ${BLOCK} back-to-back runs per tool after ${WARMUP} warm-up rounds; ` +
      `node ${process.version}, ${platform()}`,
  );
  console.log(
    "tool          median ms    min ms   × slipway   first-of-block ms   × slipway   wrong answers",
  );
  const cell = (x, width) => x.toFixed(2).padStart(width);
  for (const n of names) {
    console.log(
      `${n.padEnd(12)}  ${cell(medians[n], 9)}  ${cell(Math.min(...times[n]), 8)}   ` +
        `${(medians[n] / medians.slipway).toFixed(1).padStart(8)}×   ${cell(coldMedians[n], 17)}   ` +
        `${(coldMedians[n] / coldMedians.slipway).toFixed(1).padStart(8)}×   ` +
        `${String(wrong[n]).padStart(5)} / ${SERVICES * runs}`,
    );
  }
  const coldSpeedup = coldMedians[fastestPeer] / coldMedians.slipway;
  const fastestSpeedup = Math.min(...times[fastestPeer]) / Math.min(...times.slipway);
  console.log(
    `slipway is ${speedup.toFixed(1)}× faster than the fastest peer (${fastestPeer}) by median ` +
      `(${fastestSpeedup.toFixed(1)}× by fastest run, ${coldSpeedup.toFixed(1)}× on the first run of each ` +
      "block); goal ≥ 5×.",
  );
  if (wrong.slipway > 0) {
    console.error(`slipway gave ${wrong.slipway} wrong answers`);
    process.exitCode = 1;
  }
}
