import { hasErrors } from "../../core/index.js";
import {
  createClock,
  createPortHolderProbe,
  createSocketProbe,
  createSystemResources,
} from "../../node/index.js";
import { preflight, stackStatus, startedServices, up } from "../../operations/index.js";
import { type CliContext, type Command, UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson } from "../io.js";
import { createUpProgress, loadStack, STACK_OPTIONS, type Stack, stackPorts } from "./lifecycle-shared.js";
import { pendingMigrationsStep } from "./up-migrations.js";

/** What a step run after a successful `up` reports. */
export interface AfterUpResult {
  ok: boolean;
  /** Lines for the person at the terminal (`applied 002_orders.sql`). */
  lines: string[];
  /** A machine report, put under `afterUp.<step name>` in `--json`. */
  json?: unknown;
}

/**
 * A step `slipway up` runs once every service is ready, before it prints the URLs: the place where
 * pending migrations run (`slipway migrate` provides one). A failing step makes `up` exit 1.
 */
export interface AfterUpStep {
  name: string;
  run(stack: Stack & { started: readonly string[] }, ctx: CliContext): Promise<AfterUpResult>;
}

const DEFAULT_TIMEOUT_SECONDS = 120;

function timeoutOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout expects seconds above 0, not ${text}`);
  return n;
}

/**
 * Builds `slipway up` with the steps it runs after the stack is ready; the exported
 * {@link upCommand} runs {@link AFTER_UP_STEPS}.
 *
 * @example
 * ```ts
 * const upWithoutSteps = createUpCommand({ afterUp: [] });
 * ```
 */
export function createUpCommand(options: { afterUp: readonly AfterUpStep[] }): Command {
  return {
    name: "up",
    summary: "check ports, engine, disk and memory, start the stack and wait until it is healthy",
    usage:
      "slipway up [SERVICE...] [--env FILE] [-f FILE] [-p NAME] [--no-wait] [--timeout SECONDS] [--no-migrate] [--json]",
    async run(args, ctx) {
      const { values, positionals } = parseCommandArgs(args, {
        ...STACK_OPTIONS,
        wait: { type: "boolean" },
        "no-wait": { type: "boolean" },
        timeout: { type: "string" },
        "no-migrate": { type: "boolean" },
        json: { type: "boolean" },
      });
      if (values.wait === true && values["no-wait"] === true)
        throw new UsageError("give --wait or --no-wait, not both");
      const timeoutSeconds = timeoutOf(values.timeout);
      const json = values.json === true;
      const stack = await loadStack(ctx, values);
      if (stack === undefined) return 1;
      const unknown = positionals.filter((s) => stack.compose.services[s] === undefined);
      if (unknown.length > 0) {
        throw new UsageError(
          `no service ${unknown.join(", ")} in ${stack.file} (services: ${Object.keys(stack.compose.services).sort().join(", ")})`,
        );
      }
      const services = startedServices(stack.compose, positionals);
      const checks = await preflight(
        { compose: stack.compose, ports: stackPorts(stack, services), composeProject: stack.project },
        {
          docker: stack.docker,
          probe: createSocketProbe(),
          system: createSystemResources(),
          holders: createPortHolderProbe(),
        },
      );
      if (checks.status === "failed") {
        if (json) printJson(ctx, { ok: false, project: stack.project, preflight: checks });
        else {
          printDiagnostics(ctx, checks.diagnostics);
          ctx.stderr(`Preflight failed: nothing was started for project ${stack.project}\n`);
        }
        return 1;
      }
      if (!json) {
        printDiagnostics(ctx, checks.diagnostics);
        ctx.stderr(
          `Starting ${services.join(", ")} (project ${stack.project}, env ${stack.envFile ?? "none"})\n`,
        );
      }
      const progress = json ? undefined : createUpProgress(ctx.stderr, ctx.isTTY === true);
      const target: Parameters<typeof up>[0] = {
        compose: stack.compose,
        files: [stack.file],
        project: stack.project,
        wait: values["no-wait"] !== true,
      };
      if (stack.envFile !== undefined) target.envFile = stack.envFile;
      if (positionals.length > 0) target.services = positionals;
      const started = await up(target, {
        runner: stack.runner,
        docker: stack.docker,
        clock: createClock(),
        timeoutMs: timeoutSeconds * 1000,
        ...(progress !== undefined
          ? { onProgress: (s: Parameters<typeof progress.update>[0]) => progress.update(s) }
          : {}),
      });
      if (!started.ok) {
        if (json) printJson(ctx, { ok: false, project: stack.project, preflight: checks, up: started });
        else printDiagnostics(ctx, started.diagnostics);
        return 1;
      }
      const after: Record<string, unknown> = {};
      let afterOk = true;
      // Steps such as migrations need the services ready: they run only after a wait.
      const steps = target.wait === true && values["no-migrate"] !== true ? options.afterUp : [];
      for (const step of steps) {
        const result = await step.run({ ...stack, started: services }, ctx);
        after[step.name] = result.json ?? { ok: result.ok, lines: result.lines };
        if (!json) for (const line of result.lines) ctx.stderr(`${line}\n`);
        afterOk &&= result.ok;
        if (!result.ok) break;
      }
      const status = await stackStatus(
        { compose: stack.compose, project: stack.project, env: stack.env, file: stack.file },
        { docker: stack.docker },
      );
      const shown = status.services.filter((s) => services.includes(s.service));
      if (json) {
        printJson(ctx, {
          ok: afterOk,
          project: stack.project,
          waited: target.wait,
          elapsedMs: started.value.elapsedMs,
          preflight: checks,
          services: shown,
          afterUp: after,
          diagnostics: started.diagnostics,
        });
      } else {
        const width = Math.max(...shown.map((s) => s.service.length));
        for (const s of shown) {
          const state = s.health !== undefined ? `${s.state} (${s.health})` : s.state;
          ctx.stdout(`${s.service.padEnd(width)}  ${state.padEnd(18)}  ${s.url ?? "no host port"}\n`);
        }
        if (hasErrors(started.diagnostics)) printDiagnostics(ctx, started.diagnostics);
      }
      return afterOk ? 0 : 1;
    },
  };
}

/**
 * The steps `slipway up` runs after every service is ready, in order: the project's pending
 * migrations (`migrations/*.sql`, through the database service's own client, as `slipway migrate`).
 * They run only after a wait, and not with `--no-migrate`.
 */
export const AFTER_UP_STEPS: readonly AfterUpStep[] = [pendingMigrationsStep];

/** `slipway up`: preflight, Compose up with the env file and project, wait for health, print URLs. */
export const upCommand: Command = createUpCommand({ afterUp: AFTER_UP_STEPS });
