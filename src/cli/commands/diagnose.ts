import { resolve } from "node:path";
import { diagnose, renderDiagnosisReport } from "../../registry/index.js";
import { type Command, UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";
import { cliDockerProbe, composeFilePath, loadCompose, readEnvValues } from "./docker-shared.js";

/** `slipway diagnose`: the Diagnosis Report of a running stack against its Compose file. */
export const diagnoseCommand: Command = {
  name: "diagnose",
  summary: "compare the running containers with a Compose file and report root causes and fixes",
  usage: "slipway diagnose [compose-file] [--project NAME] [--env-file FILE] [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      project: { type: "string", short: "p" },
      "env-file": { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1) throw new UsageError("expected at most one compose file");
    const file = composeFilePath(ctx, positionals[0]);
    const loaded = await loadCompose(ctx, file);
    if (loaded.compose === undefined) {
      printDiagnostics(ctx, loaded.diagnostics);
      return 1;
    }
    const envFile = values["env-file"] ?? ".env.development";
    const envText = await readTextFile(ctx, resolve(ctx.cwd, envFile));
    const target: Parameters<typeof diagnose>[0] = { compose: loaded.compose, file };
    if (loaded.text !== undefined) target.source = loaded.text;
    if (values.project !== undefined) target.composeProject = values.project;
    if (envText !== undefined) target.env = readEnvValues(envText);
    const report = await diagnose(target, { docker: cliDockerProbe(ctx) });
    if (values.json === true) printJson(ctx, report);
    else ctx.stdout(renderDiagnosisReport(report));
    return report.status === "fail" ? 1 : 0;
  },
};
