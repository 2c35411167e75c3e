import type { Command } from "../context.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [];
