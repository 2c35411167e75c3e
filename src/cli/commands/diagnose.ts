import { resolve } from "node:path";
import { envValues, parseEnv } from "../../env/index.js";
import { diagnose, renderDiagnosisReport } from "../../operations/index.js";
import { parseRegistry } from "../../registry/index.js";
import { type Command, UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";
import { cliDockerProbe, composeFilePath, readComposeFile } from "./docker-shared.js";

/** `slipway diagnose`: the Diagnosis Report of running containers against a Compose file or a registry. */
export const diagnoseCommand: Command = {
  name: "diagnose",
  summary: "compare the running containers with a Compose file or registry; report root causes and fixes",
  usage:
    "slipway diagnose [compose-file] [--project NAME] [--env-file FILE] [--registry FILE [--environment ENV]] [--strict] [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      project: { type: "string", short: "p" },
      "env-file": { type: "string" },
      registry: { type: "string" },
      environment: { type: "string" },
      strict: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1) throw new UsageError("expected at most one compose file");
    if (values.registry !== undefined && positionals.length > 0) {
      throw new UsageError("give a compose file or --registry, not both");
    }
    let target: Parameters<typeof diagnose>[0];
    if (values.registry !== undefined) {
      const file = values.registry;
      const text = await readTextFile(ctx, file);
      if (text === undefined) {
        ctx.stderr(`error cli/file-not-found: Missing file ${file}\n`);
        return 1;
      }
      const parsed = parseRegistry(text, { file });
      if (!parsed.ok) {
        printDiagnostics(ctx, parsed.diagnostics);
        return 1;
      }
      target = { registry: parsed.value, file, source: text };
      if (values.environment !== undefined) target.environment = values.environment;
    } else {
      const file = composeFilePath(ctx, positionals[0]);
      const loaded = await readComposeFile(ctx, file);
      if (loaded.compose === undefined) {
        printDiagnostics(ctx, loaded.diagnostics);
        return 1;
      }
      const envText = await readTextFile(ctx, resolve(ctx.cwd, values["env-file"] ?? ".env.development"));
      target = { compose: loaded.compose, file };
      if (loaded.text !== undefined) target.source = loaded.text;
      if (values.project !== undefined) target.composeProject = values.project;
      if (envText !== undefined) target.env = envValues(parseEnv(envText));
    }
    const report = await diagnose(target, { docker: cliDockerProbe(ctx) });
    if (values.json === true) printJson(ctx, report);
    else ctx.stdout(renderDiagnosisReport(report));
    // A check that could not run is no failure unless --strict asks for every check to run.
    return report.status === "fail" || (values.strict === true && report.skipped.length > 0) ? 1 : 0;
  },
};
