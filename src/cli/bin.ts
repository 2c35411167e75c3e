import process from "node:process";
import type { CliContext } from "./context.js";
import { runCli } from "./main.js";

const ctx: CliContext = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
};
if (process.stdin.isTTY === true) {
  ctx.prompt = async (question) => {
    const { createInterface } = await import("node:readline/promises");
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

runCli(process.argv.slice(2), ctx).then(
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
