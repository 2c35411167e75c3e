import { formatDiagnostic } from "../../core/index.js";
import { toDot, toMermaid } from "../../graph/index.js";
import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs } from "../io.js";
import { readCompose } from "../load-compose.js";

/** `slipway graph`: prints the services, their startup tiers and dependencies as Mermaid or DOT. */
export const graphCommand: Command = {
  name: "graph",
  summary: "draw the services, startup tiers and dependencies of a Compose file (Mermaid or DOT)",
  usage: "slipway graph [compose-file] [--format mermaid|dot]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      format: { type: "string", default: "mermaid" },
    });
    if (positionals.length > 1) throw new UsageError("expected at most one Compose file");
    const format = values.format;
    if (format !== "mermaid" && format !== "dot")
      throw new UsageError(`unknown format '${format}' (mermaid or dot)`);
    const loaded = await readCompose(ctx, positionals[0]);
    if (loaded.compose === undefined) {
      for (const d of loaded.diagnostics) ctx.stderr(`${formatDiagnostic(d)}\n`);
      return 1;
    }
    ctx.stdout(format === "dot" ? toDot(loaded.compose) : toMermaid(loaded.compose));
    return 0;
  },
};
