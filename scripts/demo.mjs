// The README's main job: generate the bundled CHI Monitor example into ./demo-output, then
// validate what was written with slipway's own checks.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const slipway = (...args) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { cwd: root, stdio: "inherit" }).status ?? 1;

let status = slipway("generate", "examples/chi-monitor/architecture.json", "--out", "demo-output");
if (status === 0) status = slipway("validate", "demo-output/docker-compose.yml");
if (status === 0) status = slipway("graph", "demo-output/docker-compose.yml");
process.exitCode = status;
