import type { Command } from "../context.js";
import { parseCommandArgs } from "../io.js";
import { stopStack } from "./down.js";
import { loadStack, STACK_OPTIONS } from "./lifecycle-shared.js";

/** `slipway reset --yes`: remove the stack with its volumes — all its data. */
export const resetCommand: Command = {
  name: "reset",
  summary: "remove the stack's containers, networks and volumes: all its data (asks, or needs --yes)",
  usage: "slipway reset --yes [--env FILE] [-f FILE] [-p NAME] [--json]",
  async run(args, ctx) {
    const { values } = parseCommandArgs(
      args,
      { ...STACK_OPTIONS, yes: { type: "boolean", short: "y" }, json: { type: "boolean" } },
      false,
    );
    const stack = await loadStack(ctx, values);
    if (stack === undefined) return 1;
    if (values.yes !== true) {
      if (ctx.prompt === undefined) {
        ctx.stderr(
          `slipway reset: refusing to delete the data of project ${stack.project} without confirmation; pass --yes\n`,
        );
        return 2;
      }
      const answer = await ctx.prompt(
        `Remove the containers, networks and volumes of project ${stack.project}? All its data is lost. [y/N] `,
      );
      if (!/^y(es)?$/i.test(answer.trim())) {
        ctx.stderr("Nothing removed\n");
        return 1;
      }
    }
    return stopStack(ctx, stack, true, values.json === true);
  },
};
