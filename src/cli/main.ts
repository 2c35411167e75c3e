import { version } from "../../package.json";
import { commands } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./context.js";

function helpText(): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = [
    `slipway ${version} — generate and validate Docker Compose environments`,
    "",
    "Usage: slipway <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show this help, or a command's help after its name",
    "  -v, --version  print the version",
    "",
    "Exit codes: 0 success, 1 a check failed (nothing written), 2 usage error.",
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code.
 * Never calls `process.exit`; all output goes through `ctx`.
 *
 * @example
 * ```ts
 * const code = await runCli(["--version"], { stdout: console.log, stderr: console.error, env: {}, cwd: "." });
 * ```
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    ctx.stdout(helpText());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    ctx.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) {
    const hint = first.startsWith("-") ? `unknown option '${first}'` : `unknown command '${first}'`;
    ctx.stderr(`slipway: ${hint}. Run 'slipway --help' for usage.\n`);
    return 2;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    ctx.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      ctx.stderr(`slipway ${command.name}: ${(error as Error).message}. Usage: ${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
