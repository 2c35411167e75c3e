import { stackStatus } from "../../operations/index.js";
import type { Command } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";
import { defaultDigestsFile } from "./docker-shared.js";
import { loadStack, STACK_OPTIONS } from "./lifecycle-shared.js";

/** `slipway status`: each service's state, health, ports and drift from the Compose file and IMAGE_DIGESTS. */
export const statusCommand: Command = {
  name: "status",
  summary: "show each service's state, health and ports, and drift from the Compose file and IMAGE_DIGESTS",
  usage: "slipway status [--env FILE] [-f FILE] [-p NAME] [--digests-file FILE] [--json]",
  async run(args, ctx) {
    const { values } = parseCommandArgs(
      args,
      { ...STACK_OPTIONS, "digests-file": { type: "string" }, json: { type: "boolean" } },
      false,
    );
    const stack = await loadStack(ctx, values);
    if (stack === undefined) return 1;
    const digestsFile = values["digests-file"] ?? defaultDigestsFile(stack.file);
    const digestsText = await readTextFile(ctx, digestsFile);
    if (digestsText === undefined && values["digests-file"] !== undefined) {
      ctx.stderr(`error cli/file-not-found: Missing file ${digestsFile}\n`);
      return 1;
    }
    const input: Parameters<typeof stackStatus>[0] = {
      compose: stack.compose,
      project: stack.project,
      env: stack.env,
      file: stack.file,
    };
    if (digestsText !== undefined) input.imageDigests = { text: digestsText, file: digestsFile };
    const report = await stackStatus(input, { docker: stack.docker });
    if (values.json === true) {
      printJson(ctx, { ok: report.status !== "failed", ...report });
      return report.status === "failed" ? 1 : 0;
    }
    ctx.stdout(`Project ${report.project}\n`);
    const width = Math.max(7, ...report.services.map((s) => s.service.length));
    ctx.stdout(
      `${"SERVICE".padEnd(width)}  ${"STATE".padEnd(9)}  ${"HEALTH".padEnd(9)}  ${"PORTS".padEnd(11)}  DRIFT\n`,
    );
    for (const s of report.services) {
      const drift = s.drift.map((d) =>
        d.kind === "missing" ? "no container" : `${d.kind}: ${d.actual} (file: ${d.expected})`,
      );
      ctx.stdout(
        `${s.service.padEnd(width)}  ${s.state.padEnd(9)}  ${(s.health ?? "-").padEnd(9)}  ${(s.ports.join(",") || "-").padEnd(11)}  ${drift.join("; ") || "none"}\n`,
      );
    }
    for (const o of report.orphans) ctx.stdout(`${o.padEnd(width)}  not in ${stack.file}\n`);
    if (report.digests === undefined) ctx.stdout(`Image digests: not checked (no ${digestsFile})\n`);
    else {
      const d = report.digests;
      const passed = d.images.filter((i) => i.status === "passed").length;
      ctx.stdout(`Image digests: ${d.status} (${passed} of ${d.images.length} match ${digestsFile})\n`);
      for (const s of d.skipped) ctx.stdout(`  not verified: ${s.check}: ${s.reason}\n`);
    }
    printDiagnostics(ctx, report.diagnostics);
    return report.status === "failed" ? 1 : 0;
  },
};
