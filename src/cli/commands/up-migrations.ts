import type { CliContext } from "../context.js";
import type { Stack } from "./lifecycle-shared.js";
import { runProjectMigrations } from "./migrate.js";
import type { AfterUpResult } from "./up.js";

/**
 * The step `slipway up` runs once the stack is ready: the pending migrations of `migrations/`,
 * applied like `slipway migrate` does. Nothing to do (no folder, or the database service was not
 * among the started ones) is a success with no lines.
 *
 * @example
 * ```ts
 * const r = await pendingMigrationsStep.run({ ...stack, started: ["postgres"] }, ctx);
 * if (!r.ok) process.exitCode = 1;
 * ```
 */
export const pendingMigrationsStep = {
  name: "migrations",
  async run(stack: Stack & { started: readonly string[] }, ctx: CliContext): Promise<AfterUpResult> {
    const result = await runProjectMigrations(ctx, {
      compose: stack.compose,
      composeFile: stack.file,
      project: stack.project,
      ...(stack.envFile !== undefined ? { envFile: stack.envFile } : {}),
      onlyIfStarted: stack.started,
    });
    if (result.outcome === "none") return { ok: true, lines: [], json: { ok: true, applied: [] } };
    if (result.outcome === "failed") {
      const lines = result.diagnostics.map(
        (d) =>
          `${d.file !== undefined ? `${d.file}${d.line !== undefined ? `:${d.line}` : ""}: ` : ""}${d.severity} ${d.code}: ${d.message}`,
      );
      return { ok: false, lines, json: { ok: false, diagnostics: result.diagnostics } };
    }
    const applied = result.report?.applied ?? [];
    const names = applied.map((m) => m.name);
    const lines =
      names.length === 0
        ? [`Migrations: none pending (${result.dir})`]
        : names.map((name) => `Migration applied: ${result.dir}/${name}`);
    return { ok: true, lines, json: { ok: true, applied: names } };
  },
};
