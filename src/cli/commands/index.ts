import type { Command } from "../context.js";
import { scanCommand } from "./scan.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [scanCommand];
