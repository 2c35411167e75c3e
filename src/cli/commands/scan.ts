import { type Diagnostic, diagnostic, hasErrors } from "../../core/index.js";
import { type Finding, scanFiles } from "../../secrets/index.js";
import type { Command } from "../context.js";
import { UsageError } from "../context.js";
import { parseCommandArgs, printDiagnostics, printJson, readTextFile } from "../io.js";

/** `slipway scan <file…> [--json]`: scans files for secrets written in clear. */
export const scanCommand: Command = {
  name: "scan",
  summary: "scan files for secrets written in clear (exit 1 on any error-level finding)",
  usage: "slipway scan <file…> [--json]",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean", default: false } });
    if (positionals.length === 0) throw new UsageError("expected at least one file");
    const files: { path: string; content: string }[] = [];
    const missing: Diagnostic[] = [];
    for (const path of positionals) {
      const content = await readTextFile(ctx, path);
      if (content === undefined) {
        missing.push(
          diagnostic("secret/file-not-found", "error", `File not found: ${path}`, {
            file: path,
            hint: "Check the path; it is read relative to the working directory.",
          }),
        );
      } else {
        files.push({ path, content });
      }
    }
    const { findings, diagnostics } = scanFiles(files);
    const all = [...missing, ...diagnostics];
    if (values.json) {
      const report: { files: number; findings: Finding[]; diagnostics: Diagnostic[] } = {
        files: files.length,
        findings,
        diagnostics: all,
      };
      printJson(ctx, report);
    } else {
      printDiagnostics(ctx, all);
      const secrets = findings.filter((f) => f.placeholder !== true).length;
      ctx.stdout(
        `Scanned ${files.length} file${files.length === 1 ? "" : "s"}: ${secrets} secret${secrets === 1 ? "" : "s"} in clear, ${findings.length - secrets} placeholder${findings.length - secrets === 1 ? "" : "s"}.\n`,
      );
    }
    return hasErrors(all) ? 1 : 0;
  },
};
