import { runCli } from "../../src/cli/main.js";

/** Runs the CLI in-process and captures its output and exit code. */
export async function run(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, out, err };
}
