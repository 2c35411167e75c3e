import { down, reset } from "../../operations/index.js";
import type { CliContext, Command } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson } from "../io.js";
import { loadStack, STACK_OPTIONS, type Stack } from "./lifecycle-shared.js";

/**
 * Runs `down` (or `reset` when `volumes`) on a loaded stack and prints the outcome; returns the exit code.
 *
 * @example
 * ```ts
 * return stopStack(ctx, stack, true, false); // reset, plain output
 * ```
 */
export async function stopStack(
  ctx: CliContext,
  stack: Stack,
  volumes: boolean,
  json: boolean,
): Promise<number> {
  const input: Parameters<typeof down>[0] = {
    compose: stack.compose,
    files: [stack.file],
    project: stack.project,
  };
  if (stack.envFile !== undefined) input.envFile = stack.envFile;
  const deps = { runner: stack.runner, docker: stack.docker };
  const r = volumes ? await reset(input, deps) : await down(input, deps);
  if (json) printJson(ctx, r);
  else {
    printDiagnostics(ctx, r.diagnostics);
    if (r.ok) {
      ctx.stdout(
        volumes
          ? `Removed the containers, networks and volumes of project ${stack.project}\n`
          : `Stopped project ${stack.project}: containers and networks removed, volumes kept\n`,
      );
    }
  }
  return r.ok ? 0 : 1;
}

/** `slipway down [--volumes]`: stop and remove the stack's containers and networks. */
export const downCommand: Command = {
  name: "down",
  summary: "stop the stack and remove its containers and networks (volumes kept unless --volumes)",
  usage: "slipway down [--volumes] [--env FILE] [-f FILE] [-p NAME] [--json]",
  async run(args, ctx) {
    const { values } = parseCommandArgs(
      args,
      { ...STACK_OPTIONS, volumes: { type: "boolean", short: "v" }, json: { type: "boolean" } },
      false,
    );
    const stack = await loadStack(ctx, values);
    if (stack === undefined) return 1;
    return stopStack(ctx, stack, values.volumes === true, values.json === true);
  },
};
