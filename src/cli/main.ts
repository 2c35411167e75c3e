import { version } from "../../package.json";
import { type CommandEntry, commands, GLOBAL_OPTIONS, type OptionHelp } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./context.js";
import { fileSystemErrorMessage } from "./fs-errors.js";

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
    "  --verbose      also print info-level diagnostics",
    "",
    "Exit codes: 0 success, 1 a check failed (nothing written), 2 usage error.",
  ];
  return `${lines.join("\n")}\n`;
}

function optionLines(options: readonly OptionHelp[]): string[] {
  const width = Math.max(...options.map((o) => o.flag.length));
  return options.map((o) => `  ${o.flag.padEnd(width)}  ${o.text}`);
}

/** A command's `--help`: usage, summary, then each option on one line. */
function commandHelp(entry: CommandEntry): string {
  const lines = [`Usage: ${entry.usage}`, "", entry.summary, ""];
  if (entry.options.length > 0) lines.push("Options:", ...optionLines(entry.options), "");
  lines.push("Global options:", ...optionLines(GLOBAL_OPTIONS));
  return `${lines.join("\n")}\n`;
}

/** `--verbose` is taken by every command: removed from the arguments (before a `--`) and set on the context. */
function takeVerbose(args: string[]): { args: string[]; verbose: boolean } {
  const end = args.indexOf("--");
  const head = end === -1 ? args : args.slice(0, end);
  const tail = end === -1 ? [] : args.slice(end);
  const kept = head.filter((a) => a !== "--verbose");
  return { args: [...kept, ...tail], verbose: kept.length !== head.length };
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code.
 * Never calls `process.exit`; all output goes through `ctx`. A command's module is loaded only
 * when that command runs; `--version` and `--help` load none.
 *
 * @example
 * ```ts
 * const code = await runCli(["--version"], { stdout: console.log, stderr: console.error, env: {}, cwd: "." });
 * ```
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    ctx.stderr(helpText());
    return 2;
  }
  if (first === "-h" || first === "--help" || first === "help") {
    ctx.stdout(helpText());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    ctx.stdout(`${version}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (entry === undefined) {
    const hint = first.startsWith("-") ? `unknown option '${first}'` : `unknown command '${first}'`;
    ctx.stderr(`slipway: ${hint}. Run 'slipway --help' for usage.\n`);
    return 2;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    ctx.stdout(commandHelp(entry));
    return 0;
  }
  const { args, verbose } = takeVerbose(rest);
  try {
    const command = await entry.load();
    return await command.run(args, verbose ? { ...ctx, verbose } : ctx);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      ctx.stderr(`slipway ${entry.name}: ${(error as Error).message}. Usage: ${entry.usage}\n`);
      return 2;
    }
    const message = fileSystemErrorMessage(error);
    if (message !== undefined) {
      ctx.stderr(`slipway ${entry.name}: ${message}\n`);
      return 1;
    }
    throw error;
  }
}
