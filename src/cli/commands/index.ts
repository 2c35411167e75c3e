import type { Command } from "../context.js";
import { diagnoseCommand } from "./diagnose.js";
import { digestsCommand } from "./digests.js";
import { generate } from "./generate.js";
import { graphCommand } from "./graph.js";
import { portsCommand } from "./ports.js";
import { scanCommand } from "./scan.js";
import { schemaCommand } from "./schema.js";
import { validateCommand } from "./validate.js";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [
  generate,
  validateCommand,
  graphCommand,
  scanCommand,
  portsCommand,
  diagnoseCommand,
  digestsCommand,
  schemaCommand,
];
