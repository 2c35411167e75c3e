import type { Command } from "../context.js";
import { diagnoseCommand } from "./diagnose.js";
import { digestsCommand } from "./digests.js";
import { portsCommand } from "./ports.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [portsCommand, diagnoseCommand, digestsCommand];
