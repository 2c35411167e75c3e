import { type Diagnostic, diagnostic, type Severity } from "../core/index.js";
import { createCursor, visitAssignments } from "./assignments.js";
import { distinctCharacters } from "./entropy.js";
import { fileKind } from "./file-kind.js";
import { maskSecret } from "./mask.js";
import { isPlaceholder } from "./placeholder.js";
import { SECRET_RULES } from "./rules/index.js";
import type { Assignment, FileKind, Finding, ScanPolicy, ScanTextOptions, SecretRule } from "./types.js";

/** Key words that send a line to the assignment parser (case-insensitive). */
const KEY_WORDS = "pass|pw|secret|token|key|auth|credential|salt|pepper";
const KEY_WORD_TEST = new RegExp(KEY_WORDS);

/** Kinds where local development credentials are tolerated. */
const LENIENT_KINDS: ReadonlySet<FileKind> = new Set(["env-development", "env"]);

interface Candidate {
  priority: number;
  rule: SecretRule;
  start: number;
  end: number;
  placeholder: boolean;
}

/** A provider-shaped value with too few distinct characters is a filler, e.g. `AKIA0000000000000000`. */
function isFiller(value: string): boolean {
  return value.length >= 16 && distinctCharacters(value) < 8;
}

function collectCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  const assignmentRules: { priority: number; rule: SecretRule }[] = [];
  SECRET_RULES.forEach((rule, priority) => {
    if (rule.keywords.length > 0 && !rule.keywords.some((k) => text.includes(k))) return;
    const m = rule.matcher;
    if (m.type === "pattern") {
      for (const match of text.matchAll(m.pattern)) {
        const value = match[0];
        if (m.validate !== undefined && !m.validate(value)) continue;
        const start = match.index;
        candidates.push({
          priority,
          rule,
          start,
          end: start + value.length,
          placeholder: isPlaceholder(value) || isFiller(value),
        });
      }
    } else if (m.type === "custom") {
      for (const hit of m.find(text)) {
        candidates.push({
          priority,
          rule,
          start: hit.start,
          end: hit.end,
          placeholder: hit.placeholder ?? isPlaceholder(text.slice(hit.start, hit.end)),
        });
      }
    } else {
      assignmentRules.push({ priority, rule });
    }
  });
  if (assignmentRules.length > 0) collectAssignments(text, assignmentRules, candidates);
  return candidates;
}

function collectAssignments(
  text: string,
  rules: readonly { priority: number; rule: SecretRule }[],
  out: Candidate[],
): void {
  const cursor = createCursor();
  const keyFilter = (lowerKey: string) => KEY_WORD_TEST.test(lowerKey);
  const visit = (a: Assignment, end: number) => {
    for (const { priority, rule } of rules) {
      const m = rule.matcher;
      if (m.type !== "assignment" || !m.key(a)) continue;
      if (isPlaceholder(a.value)) {
        out.push({ priority, rule, start: a.start, end, placeholder: true });
        return;
      }
      const verdict = m.value(a.value, a);
      if (verdict === "next") continue;
      if (verdict === "secret") {
        out.push({ priority, rule, start: a.start, end: a.start + a.value.length, placeholder: false });
      }
      return;
    }
  };
  // Only lines holding a key word are parsed; each line at most once.
  const hits = new RegExp(KEY_WORDS, "gi");
  let match = hits.exec(text);
  while (match !== null) {
    const at = match.index;
    const lineStart = text.lastIndexOf("\n", at) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    visitAssignments(text, lineStart, lineEnd, cursor, keyFilter, visit);
    hits.lastIndex = lineEnd + 1;
    match = lineEnd >= text.length ? null : hits.exec(text);
  }
}

/** Keeps the highest-priority candidate among overlapping ones; returns them sorted by offset. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.priority - b.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if (prev !== undefined && prev.end > c.start) continue;
    if (next !== undefined && next.start < c.end) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf("\n");
  while (i >= 0) {
    starts.push(i + 1);
    i = text.indexOf("\n", i + 1);
  }
  return starts;
}

function locate(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function allowlisted(value: string, allowlist: ReadonlySet<string>): boolean {
  if (allowlist.has(value)) return true;
  if (!value.includes("%")) return false;
  try {
    return allowlist.has(decodeURIComponent(value));
  } catch {
    return false;
  }
}

const KIND_WORDS: Record<FileKind, string> = {
  compose: "in a Compose file",
  "env-development": "in a development env file",
  "env-staging": "in a staging env file",
  "env-production": "in a production env file",
  "env-example": "in an example env file",
  env: "in an env file",
  dockerfile: "in a Dockerfile",
  readme: "in a README",
  other: "",
};

/**
 * Scans one text for secrets. The kind (from `options.kind`, else from the file name) sets the
 * policy: in `compose`, `env-staging`, `env-production`, `env-example`, `dockerfile`, `readme` and
 * `other` files every literal secret is an error; in `env-development` and `env` files a provider
 * key keeps its rule's severity, a generic value (password, secret, URL password, JWT, private key)
 * is a warning, and a value listed in `options.allowlist` is not reported. Placeholders and variable
 * references are reported as `info` with `placeholder: true`. Findings are sorted by position and
 * every `match` is masked.
 *
 * @example
 * ```ts
 * const findings = scanText("POSTGRES_PASSWORD=mysecretpassword123\n", { file: "docker-compose.yml" });
 * // [{ rule: "generic-password", severity: "error", line: 1, column: 19, match: "myse…(19 chars)", … }]
 * ```
 */
export function scanText(text: string, options: ScanTextOptions): Finding[] {
  const kind = options.kind ?? fileKind(options.file);
  const lenient = LENIENT_KINDS.has(kind);
  const allowlist = new Set(lenient ? (options.allowlist ?? []) : []);
  const kept = resolveOverlaps(collectCandidates(text));
  if (kept.length === 0) return [];
  const starts = lineStarts(text);
  const findings: Finding[] = [];
  for (const c of kept) {
    const value = text.slice(c.start, c.end);
    let severity: Severity;
    if (c.placeholder) severity = "info";
    else if (!lenient) severity = "error";
    else if (c.rule.provider) severity = c.rule.severity;
    else if (allowlisted(value, allowlist)) continue;
    else severity = "warning";
    const { line, column } = locate(starts, c.start);
    const match = maskSecret(value);
    const where = KIND_WORDS[kind];
    const message = c.placeholder
      ? `${c.rule.title} placeholder ${match}: a reference or stand-in, not a secret`
      : `${c.rule.title} ${match} written in clear${where === "" ? "" : ` ${where}`}`;
    const finding: Finding = { rule: c.rule.id, severity, file: options.file, line, column, match, message };
    if (c.placeholder) finding.placeholder = true;
    findings.push(finding);
  }
  return findings;
}

/**
 * Scans several files under one policy and returns the findings (sorted by file, line, column) and
 * the same findings as diagnostics.
 *
 * @example
 * ```ts
 * const { findings, diagnostics } = scanFiles(
 *   [{ path: ".env.development", content: "POSTGRES_PASSWORD=Gq7-generated\n" }],
 *   { allowlist: ["Gq7-generated"] },
 * );
 * // findings: [] — the generated development password is allowed there
 * ```
 */
export function scanFiles(
  files: readonly { path: string; content: string }[],
  policy: ScanPolicy = {},
): { findings: Finding[]; diagnostics: Diagnostic[] } {
  const findings: Finding[] = [];
  for (const f of files) {
    const options: ScanTextOptions = { file: f.path, kind: policy.kinds?.[f.path] ?? fileKind(f.path) };
    if (policy.allowlist !== undefined) options.allowlist = policy.allowlist;
    for (const finding of scanText(f.content, options)) findings.push(finding);
  }
  findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  return { findings, diagnostics: findingsToDiagnostics(findings) };
}

/**
 * Turns findings into diagnostics with code `secret/<rule>` (e.g. `secret/aws-access-key-id`), the
 * finding's severity (placeholders are `info`), file, line and column, and a hint on what to do.
 *
 * @example
 * ```ts
 * findingsToDiagnostics(scanText(text, { file: ".env.production" }));
 * // [{ code: "secret/github-pat", severity: "error", file: ".env.production", line: 3, column: 14, … }]
 * ```
 */
export function findingsToDiagnostics(findings: readonly Finding[]): Diagnostic[] {
  const providers = new Set(SECRET_RULES.filter((r) => r.provider).map((r) => r.id));
  return findings.map((f) => {
    let hint: string;
    if (f.placeholder === true) {
      hint = "Nothing to fix here; make sure the real value is set outside version control.";
    } else if (providers.has(f.rule)) {
      hint = `Revoke and rotate this credential, then reference it as \${VAR} and set it from the environment or a secret manager.`;
    } else if (f.severity === "warning") {
      hint = `Keep only generated development credentials here; use \${VAR} references everywhere else.`;
    } else {
      hint = `Replace the literal with a \${VAR} reference and set the value in a git-ignored env file or a secret manager.`;
    }
    return diagnostic(`secret/${f.rule}`, f.severity, f.message, {
      file: f.file,
      line: f.line,
      column: f.column,
      hint,
    });
  });
}
