// Whole-process timings of the CLI, each paired with `node -e 0` in the same round and printed as a
// ratio, beside docker-compose config and dclint on the same generated file.
// Run: npm run bench:cli   (builds with tsup first, then runs dist/cli.js)
// Options (environment): BENCH_ROUNDS (default 11), BENCH_WARMUP (default 2), BENCH_CLI (another
// build of the CLI to time instead of dist/cli.js).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(root, "dist", "cli.js");
const chi = join(root, "examples", "chi-monitor", "architecture.json");
const dclint = join(root, "node_modules", ".bin", "dclint");
const rounds = Number(process.env.BENCH_ROUNDS ?? 11);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
const TIME = "/usr/bin/time"; // GNU time: max RSS of the child, written with -o
const work = mkdtempSync(join(tmpdir(), "slipway-bench-cli-"));
const env = { ...process.env, SOURCE_DATE_EPOCH: "1765000000", NO_COLOR: "1" };
const ledger = join(work, "ledger.json");

/**
 * Runs argv once; returns wall milliseconds, and with GNU time the CPU milliseconds (user + system,
 * steadier than wall time on a busy machine) and the max RSS in MiB.
 */
function once(argv, options = {}) {
  const rssFile = join(work, "rss");
  const useTime = existsSync(TIME);
  const full = useTime ? [TIME, "-f", "%M %U %S", "-o", rssFile, ...argv] : argv;
  const start = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { env, cwd: options.cwd ?? work, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const allowed = options.allowExit ?? [0];
  if (r.error !== undefined || !allowed.includes(r.status)) {
    throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.error ?? r.stderr}`);
  }
  if (!useTime) return { ms, cpu: Number.NaN, rss: Number.NaN };
  const [kb, user, sys] = readFileSync(rssFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return { ms, cpu: (user + sys) * 1000, rss: kb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// One generated project to validate and to hand to docker-compose and dclint.
once(["node", cli, "generate", chi, "--out", join(work, "chi"), "--ledger", ledger]);
const composeFile = join(work, "chi", "docker-compose.yml");
let generation = 0;

const cases = [
  { name: "slipway --version", argv: () => ["node", cli, "--version"] },
  { name: "slipway validate (CHI)", argv: () => ["node", cli, "validate", composeFile] },
  {
    name: "slipway generate (CHI)",
    // A fresh folder each time: a first generation, as a user runs it.
    argv: () => [
      "node",
      cli,
      "generate",
      chi,
      "--out",
      join(work, `gen-${generation++}`),
      "--ledger",
      ledger,
    ],
  },
  { name: "docker-compose config -q", argv: () => ["docker-compose", "-f", composeFile, "config", "-q"] },
  { name: "dclint", argv: () => [dclint, composeFile], allowExit: [0, 1] },
];

const present = (c) =>
  c.name !== "docker-compose config -q" || spawnSync("docker-compose", ["version"]).status === 0;
const rows = [];
for (const c of cases) {
  if (!present(c)) {
    rows.push({ name: c.name, missing: true });
    continue;
  }
  for (let i = 0; i < warmup; i++) once(c.argv(), c);
  const ratios = [];
  const times = [];
  const nodeTimes = [];
  const rss = [];
  const cpuRatios = [];
  const cpu = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate the order inside the pair so neither side always runs on a warmer machine.
    const pair =
      i % 2 === 0
        ? [once(["node", "-e", "0"]), once(c.argv(), c)]
        : [once(c.argv(), c), once(["node", "-e", "0"])].reverse();
    nodeTimes.push(pair[0].ms);
    times.push(pair[1].ms);
    rss.push(pair[1].rss);
    ratios.push(pair[1].ms / pair[0].ms);
    cpu.push(pair[1].cpu);
    // GNU time counts in 10 ms steps: a node -e 0 of 0 ms would divide by zero.
    cpuRatios.push(pair[1].cpu / Math.max(pair[0].cpu, 10));
  }
  rows.push({
    name: c.name,
    ms: median(times),
    node: median(nodeTimes),
    ratio: median(ratios),
    best: Math.min(...times) / Math.min(...nodeTimes),
    rss: Math.max(...rss),
    cpu: median(cpu),
    cpuRatio: median(cpuRatios),
  });
}
rmSync(work, { recursive: true, force: true });

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
console.log(`node ${process.version}, ${rounds} paired rounds (after ${warmup} warm-up runs) per command`);
console.log(
  "| command | median ms | node -e 0 ms | ratio (median of pairs) | ratio (fastest runs) | CPU ms | CPU ratio | max RSS MiB |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  if (r.missing) console.log(`| ${r.name} | not installed | | | | | | |`);
  else
    console.log(
      `| ${r.name} | ${fmt(r.ms)} | ${fmt(r.node)} | ${fmt(r.ratio, 2)}× | ${fmt(r.best, 2)}× | ${fmt(r.cpu)} | ${fmt(r.cpuRatio, 2)}× | ${fmt(r.rss, 1)} |`,
    );
}
