import process from "node:process";
import { runCli } from "./main.js";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An adapter broke (disk, permissions): say so in one line, keep the stack for SLIPWAY_DEBUG.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`slipway: internal error: ${message}\n`);
    if (process.env.SLIPWAY_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = 70;
  },
);
