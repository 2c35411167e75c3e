import type { Command } from "../context.js";
import { diagnoseCommand } from "./diagnose.js";
import { digestsCommand } from "./digests.js";
import { graphCommand } from "./graph.js";
import { portsCommand } from "./ports.js";
import { schemaCommand } from "./schema.js";
import { validateCommand } from "./validate.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [
  validateCommand,
  graphCommand,
  portsCommand,
  schemaCommand,
  diagnoseCommand,
  digestsCommand,
];
