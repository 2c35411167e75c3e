import type { Diagnostic } from "../core/diagnostic.js";

/** The status of one line of a validation report. */
export type ReportItemStatus = "PASS" | "WARN" | "FAIL" | "INFO" | "NOT CHECKED";

/**
 * One line of a report: a passed check, a problem, a check that could not run (`NOT CHECKED`, with
 * the reason in `hint`), or information such as the startup order.
 */
export interface ReportItem {
  status: ReportItemStatus;
  message: string;
  code?: string;
  path?: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
}

/** One group of a report (`Port Allocation`, `Network Requirements`, `Dependencies`…). */
export interface ReportSection {
  title: string;
  /** The worst status of its items: FAIL, else WARN, else PASS (a check not run is no failure). */
  status: "PASS" | "WARN" | "FAIL";
  items: ReportItem[];
}

/** A validation report as data: the registry's PASS / WARN / FAIL report. */
export interface ValidationReport {
  title: string;
  sections: ReportSection[];
  /** `FAIL` when any error was found; warnings do not fail a validation. */
  result: "PASS" | "FAIL";
  errors: number;
  warnings: number;
  infos: number;
  /** Checks that could not run, with the reason: the report does not claim them as passed. */
  notChecked: number;
}

/** A check that ran: it passed when no diagnostic carries its code. */
export interface ReportCheck {
  code: string;
  description: string;
}

/** Report sections in order, with the code families they hold. */
export const REPORT_SECTIONS: readonly { title: string; codes: readonly string[] }[] = [
  {
    title: "Port Allocation",
    codes: ["port/", "registry/port-", "registry/range-"],
  },
  { title: "Network Requirements", codes: ["network/", "registry/network-", "registry/unknown-network"] },
  {
    title: "Dependencies",
    codes: ["depends/", "registry/dependency-", "registry/tier-order", "registry/unknown-service"],
  },
  { title: "Health Checks", codes: ["health/", "registry/health-"] },
  { title: "Volumes", codes: ["volume/"] },
  { title: "Images", codes: ["image/"] },
  { title: "Environment", codes: ["environment/"] },
  { title: "Configuration", codes: [] },
];

/**
 * The section a diagnostic code belongs to.
 *
 * @example
 * ```ts
 * sectionOf("port/duplicate"); // "Port Allocation"
 * ```
 */
export function sectionOf(code: string): string {
  for (const section of REPORT_SECTIONS)
    if (section.codes.some((prefix) => code === prefix || code.startsWith(prefix))) return section.title;
  return "Configuration";
}

const statusOf: Record<Diagnostic["severity"], ReportItemStatus> = {
  error: "FAIL",
  warning: "WARN",
  info: "INFO",
};
const rank: Record<ReportItemStatus, number> = { FAIL: 0, WARN: 1, INFO: 2, "NOT CHECKED": 3, PASS: 4 };

function itemOf(d: Diagnostic): ReportItem {
  const item: ReportItem = { status: statusOf[d.severity], message: d.message, code: d.code };
  if (d.path !== undefined) item.path = d.path;
  if (d.file !== undefined) item.file = d.file;
  if (d.line !== undefined) item.line = d.line;
  if (d.column !== undefined) item.column = d.column;
  if (d.hint !== undefined) item.hint = d.hint;
  return item;
}

/**
 * Groups diagnostics into the registry's Validation Report: sections (Port Allocation, Network
 * Requirements, Dependencies, Health Checks, Volumes, Images, Environment, Configuration), each with
 * its problems first and then a PASS line for every check in `checks` that found nothing, and the
 * result — `FAIL` on any error, else `PASS`. `tiers` adds the startup order to Dependencies;
 * `skipped` lists checks that could not run (a `NOT CHECKED` line with the reason, never a PASS).
 *
 * @example
 * ```ts
 * const report = registryReport(await validateCompose(compose, { registry }), { checks: RULES, tiers });
 * report.result; // "PASS"
 * report.sections[0]?.title; // "Port Allocation"
 * ```
 */
export function registryReport(
  diagnostics: readonly Diagnostic[],
  options: {
    checks?: readonly ReportCheck[];
    tiers?: readonly (readonly string[])[];
    title?: string;
    skipped?: readonly (ReportCheck & { reason: string })[];
  } = {},
): ValidationReport {
  const found = new Set(diagnostics.map((d) => d.code));
  const items = new Map<string, ReportItem[]>();
  const add = (title: string, item: ReportItem) => {
    const list = items.get(title);
    if (list === undefined) items.set(title, [item]);
    else list.push(item);
  };
  const sorted = [...diagnostics].sort(
    (a, b) =>
      rank[statusOf[a.severity]] - rank[statusOf[b.severity]] ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.path ?? "").localeCompare(b.path ?? "") ||
      a.code.localeCompare(b.code),
  );
  for (const d of sorted) add(sectionOf(d.code), itemOf(d));
  for (const check of options.checks ?? [])
    if (!found.has(check.code))
      add(sectionOf(check.code), { status: "PASS", message: check.description, code: check.code });
  for (const check of options.skipped ?? [])
    add(sectionOf(check.code), {
      status: "NOT CHECKED",
      message: check.description,
      code: check.code,
      hint: check.reason,
    });
  if (options.tiers !== undefined && options.tiers.length > 0) {
    const order = options.tiers.map((tier, i) => `Tier ${i + 1}: ${tier.join(", ")}`).join(" · ");
    add("Dependencies", { status: "INFO", message: `Startup order: ${order}` });
  }
  const sections: ReportSection[] = [];
  for (const { title } of REPORT_SECTIONS) {
    const list = items.get(title);
    if (list === undefined) continue;
    const status = list.some((i) => i.status === "FAIL")
      ? "FAIL"
      : list.some((i) => i.status === "WARN")
        ? "WARN"
        : "PASS";
    sections.push({ title, status, items: list });
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  return {
    title: options.title ?? "Validation Report",
    sections,
    result: errors > 0 ? "FAIL" : "PASS",
    errors,
    warnings,
    infos: diagnostics.length - errors - warnings,
    notChecked: options.skipped?.length ?? 0,
  };
}

const MARK: Record<ReportItemStatus, string> = {
  PASS: "✅",
  WARN: "⚠️ ",
  FAIL: "❌",
  INFO: "📋",
  "NOT CHECKED": "⏭️ ",
};

/**
 * Renders a report as Markdown, in the registry's format: `## Validation Report`, one `###`
 * heading per section, ✅ / ⚠️ / ❌ / 📋 lines, and `### Validation Result: PASS ✅` or `FAIL ❌`.
 *
 * @example
 * ```ts
 * process.stdout.write(renderReport(registryReport(diagnostics, { checks: RULES })));
 * ```
 */
export function renderReport(report: ValidationReport): string {
  const lines = [`## ${report.title}`, ""];
  for (const section of report.sections) {
    lines.push(`### ${section.title}`);
    for (const item of section.items) {
      const prefix =
        item.status === "WARN"
          ? "Warning: "
          : item.status === "FAIL"
            ? "Error: "
            : item.status === "NOT CHECKED"
              ? "Not checked: "
              : "";
      let where = "";
      if (item.file !== undefined)
        where = ` (${item.file}${item.line === undefined ? "" : `:${item.line}`}${item.column === undefined ? "" : `:${item.column}`})`;
      else if (item.path !== undefined) where = ` (${item.path})`;
      const code = item.status === "FAIL" || item.status === "WARN" ? ` [${item.code}]` : "";
      lines.push(`${MARK[item.status]} ${prefix}${item.message}${where}${code}`);
      if (item.hint !== undefined && item.status !== "PASS" && item.status !== "INFO")
        lines.push(`   🔧 ${item.hint}`);
    }
    lines.push("");
  }
  lines.push(`### Validation Result: ${report.result} ${report.result === "PASS" ? "✅" : "❌"}`);
  const notChecked = report.notChecked > 0 ? `, ${report.notChecked} not checked` : "";
  const counts = `${report.errors} error${report.errors === 1 ? "" : "s"}, ${report.warnings} warning${report.warnings === 1 ? "" : "s"}${notChecked}`;
  lines.push(
    report.result === "PASS"
      ? `Safe to proceed (${counts}).`
      : `Fix the errors before deploying (${counts}).`,
  );
  return `${lines.join("\n")}\n`;
}
