/** What a CLI command may touch: its streams, the environment and the working directory. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** `--verbose`: info-level diagnostics are printed too. */
  verbose?: boolean;
  /** stderr is a terminal: live progress may rewrite lines. */
  isTTY?: boolean;
  /** Asks the person at the terminal and resolves with the answer; absent when stdin is no terminal. */
  prompt?: (question: string) => Promise<string>;
}

/** A subcommand of the CLI. `run` returns the exit code: 0 success, 1 failed check, 2 usage error. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  /** The option names the command accepts, when the error came from parsing its options. */
  knownOptions?: string[];
}
