import type { Command } from "../context.js";
import { portsCommand } from "./ports.js";
import { schemaCommand } from "./schema.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [portsCommand, schemaCommand];
