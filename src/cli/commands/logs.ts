import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs } from "../io.js";
import { loadStack, STACK_OPTIONS } from "./lifecycle-shared.js";

/** `slipway logs [SERVICE]`: the stack's logs through Compose, optionally followed. */
export const logsCommand: Command = {
  name: "logs",
  summary: "print the logs of the stack or one service (--follow keeps streaming)",
  usage: "slipway logs [SERVICE] [--tail N] [--follow] [--env FILE] [-f FILE] [-p NAME]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STACK_OPTIONS,
      tail: { type: "string", short: "n" },
      follow: { type: "boolean" },
    });
    if (positionals.length > 1) throw new UsageError("expected at most one service");
    const tail = values.tail === undefined ? undefined : Number(values.tail);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) {
      throw new UsageError(`--tail expects a whole number, not ${values.tail}`);
    }
    const stack = await loadStack(ctx, values);
    if (stack === undefined) return 1;
    const service = positionals[0];
    if (service !== undefined && stack.compose.services[service] === undefined) {
      throw new UsageError(
        `no service ${service} in ${stack.file} (services: ${Object.keys(stack.compose.services).sort().join(", ")})`,
      );
    }
    const logs = stack.runner.logs;
    if (logs === undefined) throw new Error("the Compose runner cannot read logs");
    const options: Parameters<typeof logs>[0] = {
      files: [stack.file],
      project: stack.project,
      follow: values.follow === true,
      onOutput: (chunk, stream) => (stream === "stdout" ? ctx.stdout(chunk) : ctx.stderr(chunk)),
    };
    if (stack.envFile !== undefined) options.envFile = stack.envFile;
    if (service !== undefined) options.service = service;
    if (tail !== undefined) options.tail = tail;
    const outcome = await logs(options);
    if (!outcome.ok) {
      ctx.stderr(
        `slipway logs: \`${outcome.command.join(" ")}\` failed with status ${outcome.exitCode}${outcome.stderr !== "" ? `: ${outcome.stderr.trim()}` : ""}\n`,
      );
      return 1;
    }
    return 0;
  },
};
