import { ENVIRONMENTS, type Environment, hasErrors } from "../../core/index.js";
import { locateDiagnostics } from "../../core/yaml-position.js";
import {
  applicableRules,
  RULES,
  startupTiers,
  type ValidateDeps,
  validateCompose,
} from "../../graph/index.js";
import { type ReportCheck, registryReport, renderReport } from "../../registry/report.js";
import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs, printJson, readTextFile } from "../io.js";
import { readCompose } from "../load-compose.js";

/** `slipway validate`: checks a Compose file (and an infrastructure registry) and prints the Validation Report. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check a Compose file against the graph rules and an optional infrastructure registry",
  usage:
    "slipway validate [compose-file] [--registry FILE] [--app NAME] [--environment development|staging|production] [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      registry: { type: "string" },
      app: { type: "string" },
      environment: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1) throw new UsageError("expected at most one Compose file");
    const environment = values.environment;
    if (environment !== undefined && !(ENVIRONMENTS as readonly string[]).includes(environment))
      throw new UsageError(`unknown environment '${environment}'`);

    const loaded = await readCompose(ctx, positionals[0]);
    const deps: ValidateDeps = {};
    if (values.app !== undefined) deps.application = values.app;
    if (environment !== undefined) deps.environment = environment as Environment;
    const diagnostics = [...loaded.diagnostics];
    const checks: ReportCheck[] = [];

    if (values.registry !== undefined) {
      const text = await readTextFile(ctx, values.registry);
      if (text === undefined) throw new UsageError(`file not found: ${values.registry}`);
      // Loaded only when asked for: the registry's parser and schema cost start-up time.
      const { checkRegistry } = await import("../registry-check.js");
      const checked = checkRegistry(text, values.registry);
      diagnostics.push(...checked.diagnostics);
      if (checked.registry !== undefined) {
        deps.registry = checked.registry;
        checks.push({ code: "registry", description: "The registry passes its own checklist" });
      }
    }

    let tiers: string[][] | undefined;
    if (loaded.compose !== undefined) {
      const found = await validateCompose(loaded.compose, deps);
      // Locating parses the text again: only worth doing when there is something to locate.
      if (found.length > 0) diagnostics.push(...locateDiagnostics(found, loaded.text, { file: loaded.file }));
      checks.unshift(...applicableRules(deps));
      const order = startupTiers(loaded.compose);
      if (order.ok) tiers = order.value;
    }

    // validate reads files only: the rules that ask a Docker engine are listed as not checked.
    const skipped =
      loaded.compose === undefined
        ? []
        : RULES.filter((r) => r.requires === "docker").map((r) => ({
            code: r.code,
            description: r.description,
            reason:
              "needs a Docker engine; `slipway validate` reads files only (`slipway diagnose` asks the engine)",
          }));
    const report = registryReport(diagnostics, {
      checks,
      skipped,
      ...(tiers === undefined ? {} : { tiers }),
    });
    if (values.json === true) printJson(ctx, { file: loaded.file, report, diagnostics });
    else ctx.stdout(renderReport(report));
    return hasErrors(diagnostics) ? 1 : 0;
  },
};
