// The README's main job: generate the bundled CHI Monitor example into ./demo-output.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = spawnSync(process.execPath, ["dist/cli.js", "--help"], { cwd: root, stdio: "inherit" });
process.exitCode = run.status ?? 1;
