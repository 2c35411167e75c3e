import { diagnostic, type Severity, type SkippedCheck } from "../../core/index.js";
import { statusCommand } from "./commands.js";
import type { CurrentServiceState, DiagnosisFinding, DiagnosisReport, ExpectedService } from "./types.js";

/**
 * The report from its parts: the findings as diagnostics, the verification commands once each, the status.
 *
 * @example
 * ```ts
 * finishReport({ engineAvailable: true, project: "shop", current, expected, findings: [], skipped: [] }).status; // "pass"
 * ```
 */
export function finishReport(parts: {
  engineAvailable: boolean;
  project: string | undefined;
  current: CurrentServiceState[];
  expected: ExpectedService[];
  findings: DiagnosisFinding[];
  skipped: SkippedCheck[];
}): DiagnosisReport {
  const diagnostics = parts.findings.map((f) =>
    diagnostic(f.code, f.severity, f.rootCause, {
      path: f.fix.path,
      file: f.fix.file,
      line: f.fix.line,
      hint: f.fix.change,
    }),
  );
  const verification: string[] = [];
  for (const command of [...parts.findings.flatMap((f) => f.verification), statusCommand(parts.project)]) {
    if (!verification.includes(command)) verification.push(command);
  }
  const status = diagnostics.some((d) => d.severity === "error")
    ? "fail"
    : diagnostics.some((d) => d.severity === "warning")
      ? "warn"
      : "pass";
  const report: DiagnosisReport = {
    status,
    engineAvailable: parts.engineAvailable,
    skipped: parts.skipped,
    current: parts.current,
    expected: parts.expected,
    findings: parts.findings,
    verification,
    diagnostics,
  };
  if (parts.project !== undefined) report.project = parts.project;
  return report;
}

const MARK: Record<CurrentServiceState["mark"], string> = {
  ok: "✅",
  error: "❌",
  warning: "⚠️",
  unknown: "📋",
};
const SEVERITY_MARK: Record<Severity, string> = { error: "❌", warning: "⚠️", info: "📋" };

/**
 * Renders a Diagnosis Report as the seed's Markdown: Current State, Expected State, Root Cause
 * (with evidence), Fix, Verification Commands and the result line.
 *
 * @example
 * ```ts
 * process.stdout.write(renderDiagnosisReport(await diagnose({ compose }, { docker })));
 * ```
 */
export function renderDiagnosisReport(report: DiagnosisReport): string {
  const lines: string[] = ["## Diagnosis Report", ""];
  lines.push(
    `Project: ${report.project ?? "(any)"} · Docker engine: ${report.engineAvailable ? "available" : "not available"}`,
    "",
    "### Current State",
  );
  for (const s of report.current) {
    let text = `- ${MARK[s.mark]} ${s.service}: ${s.state}`;
    if (s.exitCode !== undefined) text += ` (status ${s.exitCode})`;
    if (s.health !== undefined) text += `, ${s.health}`;
    if (s.containers.length > 0) text += ` — ${s.containers.join(", ")}`;
    if (s.ports.length > 0) text += ` · ports ${s.ports.join(", ")}`;
    if (s.networks.length > 0) text += ` · networks ${s.networks.join(", ")}`;
    lines.push(text);
  }
  if (report.current.length === 0) lines.push("- (no services)");
  lines.push("", "### Expected State");
  for (const e of report.expected) {
    const parts = [e.image !== undefined ? `image ${e.image}` : "built locally"];
    if (e.hostPorts.length > 0) parts.push(`ports ${e.hostPorts.join(", ")}`);
    if (e.networks.length > 0) parts.push(`networks ${e.networks.join(", ")}`);
    parts.push(e.healthcheck ? "healthcheck" : "no healthcheck");
    if (e.dependsOn.length > 0) parts.push(`after ${e.dependsOn.join(", ")}`);
    lines.push(`- ${e.service}: ${parts.join(", ")}`);
  }
  lines.push("", "### Root Cause");
  if (report.findings.length === 0) lines.push("No problem found.");
  report.findings.forEach((f, i) => {
    lines.push(`${i + 1}. ${SEVERITY_MARK[f.severity]} \`${f.code}\` ${f.rootCause}`);
    if (f.evidence !== undefined && f.evidence !== "")
      lines.push(`   Evidence: ${f.evidence.replace(/\s*\n\s*/g, " ⏎ ")}`);
  });
  lines.push("", "### Fix");
  if (report.findings.length === 0) lines.push("Nothing to fix.");
  report.findings.forEach((f, i) => {
    const where = [
      f.fix.file !== undefined
        ? `File: ${f.fix.file}${f.fix.line !== undefined ? `, line ${f.fix.line}` : ""}`
        : "",
      f.fix.path !== undefined ? `(${f.fix.path})` : "",
    ]
      .filter((p) => p !== "")
      .join(" ");
    lines.push(`${i + 1}. ${where !== "" ? `${where} — ` : ""}${f.fix.change}`);
  });
  if (report.skipped.length > 0) {
    lines.push("", "### Not Checked");
    for (const s of report.skipped) lines.push(`- ${s.check}: ${s.reason}`);
  }
  lines.push("", "### Verification Commands", "```sh", ...report.verification, "```", "");
  const result = { pass: "PASS ✅", warn: "WARN ⚠️", fail: "FAIL ❌" }[report.status];
  lines.push(`### Result: ${result}`, "");
  return lines.join("\n");
}
