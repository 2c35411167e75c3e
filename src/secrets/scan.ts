import { type Diagnostic, diagnostic, type Severity } from "../core/index.js";
import { createCursor, keyWords, visitAssignments } from "./assignments.js";
import {
  FLAG_COMMANDS,
  findPairValueKey,
  PAIR_NAME_KEYS,
  visitFlag,
  visitShortPasswordFlags,
} from "./context.js";
import { distinctCharacters } from "./entropy.js";
import { fileKind } from "./file-kind.js";
import { maskSecret } from "./mask.js";
import { interpolationDefault, isPlaceholder } from "./placeholder.js";
import { authCredentialAt, authHeaderCredential } from "./rules/auth-header.js";
import { SECRET_RULES } from "./rules/index.js";
import type { Assignment, FileKind, Finding, ScanPolicy, ScanTextOptions, SecretRule } from "./types.js";

/** Words that send a line to the assignment parser (any case). */
const KEY_WORDS = ["pass", "pw", "secret", "token", "key", "auth", "credential", "salt", "pepper"];
const KEY_WORD_TEST = new RegExp(KEY_WORDS.join("|"));

/** Letters, marks, spaces and sentence punctuation only: no digit, no symbol a password would hold. */
const WORDS_ONLY = /^[\p{L}\p{M}\s'’.,!?:;…()（）«»"¿¡/-]+$/u;

/** Folders of translation files, and their names (`de-DE.json`, `fr.i18n.json`, `messages_fr.properties`). */
const TRANSLATION_FOLDER = /(?:^|[/\\])(?:locales?|i18n|l10n|lang|langs|languages|translations?)[/\\]/i;
const TRANSLATION_NAME =
  /(?:^|[/\\])(?:[a-z]{2,3}[-_][A-Z]{2}|[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?\.i18n|messages_[a-z]{2}(?:_[A-Z]{2})?)\.(?:json|ya?ml|properties|ini|po|strings)$/;

/**
 * True when a path names a translation file: under a `locales`, `i18n`, `lang`, `translations` …
 * folder, or named after a language and region (`de-DE.json`, `fr.i18n.json`, `messages_fr.properties`).
 */
function isTranslationFile(path: string): boolean {
  // Most paths end in neither a data format nor sit in such a folder: a cheap test first.
  if (!TRANSLATION_HINT.test(path)) return false;
  return TRANSLATION_FOLDER.test(path) || TRANSLATION_NAME.test(path);
}
const TRANSLATION_HINT = /\.(?:json|ya?ml|properties|ini|po|strings)$/;

/** Kinds where local development credentials are tolerated. */
const LENIENT_KINDS: ReadonlySet<FileKind> = new Set(["env-development", "env"]);

interface Candidate {
  priority: number;
  rule: SecretRule;
  start: number;
  end: number;
  placeholder: boolean;
}

/**
 * One regex finds, in a single pass, every literal that can start a provider token (a trie of the
 * pattern rules' keywords); the pattern rules whose keyword is a prefix of that literal are then
 * tried right there with sticky copies of their regexes. Scanning once per keyword would read the
 * text dozens of times. Built once from {@link SECRET_RULES}; immutable afterwards.
 */
function buildTriggers(): { source: string; byLiteral: ReadonlyMap<string, readonly number[]> } {
  const literals = new Set<string>();
  for (const rule of SECRET_RULES)
    if (rule.matcher.type === "pattern") for (const k of rule.keywords) literals.add(k);
  const byLiteral = new Map<string, number[]>();
  // A literal whose rules all refuse a word character before the token is only looked for at a word
  // boundary (`\b`): inside words the regex then fails after one test instead of trying the trie.
  const atBoundary: string[] = [];
  const anywhere: string[] = [];
  for (const literal of literals) {
    const rules: number[] = [];
    SECRET_RULES.forEach((rule, priority) => {
      if (rule.matcher.type === "pattern" && rule.keywords.some((k) => literal.startsWith(k)))
        rules.push(priority);
    });
    byLiteral.set(literal, rules);
    const bounded = rules.every((priority) => {
      const m = SECRET_RULES[priority]!.matcher;
      return m.type === "pattern" && m.pattern.source.startsWith(WORD_LOOKBEHIND);
    });
    (bounded && /^\w/.test(literal) ? atBoundary : anywhere).push(literal);
  }
  const parts = [];
  if (atBoundary.length > 0) parts.push(`\\b${trieSource(atBoundary)}`);
  if (anywhere.length > 0) parts.push(trieSource(anywhere));
  return { source: parts.join("|"), byLiteral };
}

/** How a pattern that refuses a letter, digit or `_` before its token starts. */
const WORD_LOOKBEHIND = "(?<![A-Za-z0-9_";

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

/**
 * A regex source matching any of `literals`, factored as a trie (`g(?:h(?:p_|o_)|l…)`): the regex
 * engine then tests a few characters per position instead of every alternative. Longer literals
 * are preferred where one is a prefix of another.
 */
function trieSource(literals: readonly string[]): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const ch of literal) {
      let child = node.next.get(ch);
      if (child === undefined) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const escapeChar = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  const render = (node: TrieNode): string => {
    const branches = [...node.next.keys()].sort().map((ch) => escapeChar(ch) + render(node.next.get(ch)!));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join("|")})`;
    return node.end ? `(?:${body})?` : body;
  };
  return render(root);
}

const TRIGGERS = buildTriggers();
// Scanning is synchronous and never re-entered, so one set of stateful regexes serves every scan;
// each use starts by resetting `lastIndex`.
const TRIGGER = new RegExp(TRIGGERS.source, "g");
const STICKY: (RegExp | undefined)[] = [];
// Lines naming a key word, or running a command whose short flag carries a password (`mysql -p…`);
// factored as a trie, which the regex engine reads faster than a flat alternation.
const KEY_WORD_SEARCH = new RegExp(trieSource([...KEY_WORDS, ...FLAG_COMMANDS]), "gi");

/** The sticky copy of a pattern rule's regex, made on first use and kept in `cache` (see `STICKY`). */
function stickyPattern(cache: (RegExp | undefined)[], priority: number): RegExp {
  let re = cache[priority];
  if (re === undefined) {
    const m = SECRET_RULES[priority]!.matcher;
    re = new RegExp(m.type === "pattern" ? m.pattern.source : "(?!)", "y");
    cache[priority] = re;
  }
  return re;
}

/** A provider-shaped value with too few distinct characters is a filler, e.g. `AKIA0000000000000000`. */
function isFiller(value: string): boolean {
  return value.length >= 16 && distinctCharacters(value, 8) < 8;
}

function collectCandidates(
  text: string,
  keys: KeyCache,
  literalsOnly: boolean,
  translation: boolean,
): Candidate[] {
  const candidates: Candidate[] = [];
  // Provider tokens.
  const sticky = STICKY;
  const trigger = TRIGGER;
  trigger.lastIndex = 0;
  for (let m = trigger.exec(text); m !== null; m = trigger.exec(text)) {
    const at = m.index;
    // Overlapping literals matter ("ASKIA"): resume one character later, not after the literal.
    trigger.lastIndex = at + 1;
    for (const priority of TRIGGERS.byLiteral.get(m[0])!) {
      const re = stickyPattern(sticky, priority);
      re.lastIndex = at;
      const match = re.exec(text);
      if (match === null) continue;
      const rule = SECRET_RULES[priority]!;
      const value = match[0];
      const validate = rule.matcher.type === "pattern" ? rule.matcher.validate : undefined;
      if (validate !== undefined && !validate(value)) continue;
      candidates.push({
        priority,
        rule,
        start: at,
        end: at + value.length,
        placeholder: isPlaceholder(value) || isFiller(value),
      });
    }
  }
  // Multi-line blocks and URLs, gated by a keyword (a rule without keywords is its own gate).
  SECRET_RULES.forEach((rule, priority) => {
    if (rule.matcher.type !== "custom" || rule.matcher.perLine === true) return;
    if (rule.keywords.length > 0 && !rule.keywords.some((k) => text.includes(k))) return;
    for (const hit of rule.matcher.find(text)) {
      candidates.push({
        priority,
        rule,
        start: hit.start,
        end: hit.end,
        placeholder: hit.placeholder ?? isPlaceholder(text.slice(hit.start, hit.end)),
      });
    }
  });
  // Assignments: only lines holding a key word are parsed, each at most once.
  const assignments = createAssignmentScan(text, candidates, keys, literalsOnly, translation);
  const words = KEY_WORD_SEARCH;
  words.lastIndex = 0;
  for (let m = words.exec(text); m !== null; m = words.exec(text)) {
    // A line found by a command word (`mysql`, `redis-cli`) has its short flags read too.
    const word = m[0];
    const lineEnd = assignments(m.index, FLAG_COMMAND_SET.has(word) ? m.index : -1, isSchemeLineWord(word));
    if (lineEnd >= text.length) break;
    words.lastIndex = lineEnd + 1;
  }
  return candidates;
}

/** Command words as written in a shell line (lower case): `MYSQL_PASSWORD` does not run mysql. */
const FLAG_COMMAND_SET: ReadonlySet<string> = new Set(FLAG_COMMANDS);

/** `Bearer`, `Basic` in their usual casings, less the first letter (`Bearer`/`bearer` both hold `earer`). */
const SCHEME_NEEDLES = ["earer ", "EARER ", "asic ", "ASIC "];

/** True when a key word match is `auth` or `token` (any case): lines where an HTTP credential stands. */
function isSchemeLineWord(word: string): boolean {
  const c = word.charCodeAt(0) | 32;
  return (c === 97 /* a */ && word.length === 4) || (c === 116 /* t */ && word.length === 5);
}

/** The rule of credentials after `Bearer`/`Basic`, read on the lines found by `auth` or `token`. */
const AUTH_RULE = { priority: SECRET_RULES.indexOf(authHeaderCredential), rule: authHeaderCredential };

const ASSIGNMENT_RULES: readonly { priority: number; rule: SecretRule }[] = SECRET_RULES.flatMap(
  (rule, priority) => (rule.matcher.type === "assignment" ? [{ priority, rule }] : []),
);

/**
 * Returns a function that parses the assignments and flags of the line holding offset `at` into `out` and
 * returns the offset where that line ends; `command` is the offset of a command word whose short
 * flag carries a password (`mysql`), or -1; `scheme` asks for HTTP credentials (`Bearer …`).
 */
function createAssignmentScan(
  text: string,
  out: Candidate[],
  keys: KeyCache,
  literalsOnly: boolean,
  translation: boolean,
): (at: number, command: number, scheme: boolean) => number {
  const cursor = createCursor();
  const classify = (key: string) => {
    let info = keys.get(key);
    if (info === undefined) {
      // A key with a space is a phrase (`"Reset password?": "…"` in a translation file), not a setting.
      if (!KEY_WORD_TEST.test(key.toLowerCase()) || key.includes(" ")) {
        info = NO_RULES;
      } else {
        const words = keyWords(key);
        const probe: Assignment = { key, compactKey: words.join(""), words, value: "", start: 0 };
        const rules = ASSIGNMENT_RULES.filter(
          ({ rule }) => rule.matcher.type === "assignment" && rule.matcher.key(probe),
        );
        info = rules.length === 0 ? NO_RULES : { words, compactKey: probe.compactKey, rules };
      }
      keys.set(key, info);
    }
    return info;
  };
  const keyFilter = (key: string) => classify(key).rules.length > 0 || PAIR_NAME_KEYS.has(key);
  const pairCursor = createCursor();
  const visit = (key: string, start: number, valueEnd: number, end: number) => {
    if (PAIR_NAME_KEYS.has(key)) {
      visitPair(text.slice(start, valueEnd), end);
      return;
    }
    const info = classify(key);
    if (info.rules.length === 0) return;
    // In program source an unquoted value is an expression (`secret: z.infer<…>`), not a literal.
    if (literalsOnly && !isQuote(text.charCodeAt(start - 1))) return;
    const value = text.slice(start, valueEnd);
    // `${VAR:-literal}`: the literal default is what the service gets when VAR is unset; when the
    // default is no secret (`${DB_PASSWORD:-dev}`), the whole value is a placeholder.
    const fallback = interpolationDefault(value);
    if (fallback > 0) {
      const literal = text.slice(start + fallback, valueEnd - 1);
      if (!isPlaceholder(literal) && decide(info, key, literal, start + fallback)) return;
    }
    if (isPlaceholder(value)) {
      const { priority, rule } = info.rules[0]!;
      out.push({ priority, rule, start, end, placeholder: true });
      return;
    }
    decide(info, key, value, start);
  };
  /** Applies the key's rules to a literal value that is no placeholder; true when one reported it. */
  const decide = (info: KeyInfo, key: string, value: string, start: number): boolean => {
    // In a translation file a value of words and punctuation is UI text (`Einmal-Passwort`).
    if (translation && WORDS_ONLY.test(value)) return false;
    const a: Assignment = { key, compactKey: info.compactKey, words: info.words, value, start };
    for (const { priority, rule } of info.rules) {
      const m = rule.matcher;
      if (m.type !== "assignment") continue;
      const verdict = m.value(value, a);
      if (verdict === "next") continue;
      if (verdict !== "secret") return false;
      out.push({ priority, rule, start, end: start + value.length, placeholder: false });
      return true;
    }
    return false;
  };
  // `{"name": "DB_PASSWORD", "value": "…"}`, `- name: DB_PASSWORD` / `value: …`: the value belongs to the name.
  const visitPair = (name: string, nameEnd: number) => {
    if (classify(name).rules.length === 0) return;
    const at = findPairValueKey(text, nameEnd);
    if (at < 0) return;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    pairCursor.consumedUntil = 0;
    pairCursor.runStart = -1;
    visitAssignments(
      text,
      at,
      lineEnd,
      pairCursor,
      (k) => k === "value" || k === "Value" || k === "VALUE",
      (_k, start, valueEnd, end) => visit(name, start, valueEnd, end),
    );
  };
  // The next `--` at or after a line start, found by one native search and remembered: the text is
  // searched once in all, however many lines are visited.
  let dashes = -2;
  const schemes = SCHEME_NEEDLES.map(() => -2);
  return (at: number, command: number, scheme: boolean) => {
    const lineStart = text.lastIndexOf("\n", at) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    visitAssignments(text, lineStart, lineEnd, cursor, keyFilter, visit);
    // `--requirepass x`, also inside a quoted command (`command: "redis-server --requirepass …"`).
    if (dashes !== -1 && dashes < lineStart) dashes = text.indexOf("--", lineStart);
    while (dashes >= 0 && dashes < lineEnd) {
      const e = visitFlag(text, dashes, lineEnd, keyFilter, visit);
      dashes = text.indexOf("--", e);
    }
    if (command >= 0) visitShortPasswordFlags(text, command, lineEnd, visit);
    // `Authorization: Bearer …`, `*_AUTH_HEADER=Basic …`: on lines found by `auth` or `token`,
    // where a native search for the scheme words (remembered, so the text is searched once) runs.
    if (scheme) {
      for (let i = 0; i < SCHEME_NEEDLES.length; i++) {
        let next = schemes[i]!;
        if (next !== -1 && next < lineStart) next = text.indexOf(SCHEME_NEEDLES[i]!, lineStart);
        while (next >= 0 && next < lineEnd) {
          const hit = authCredentialAt(text, next - 1, lineEnd);
          if (hit !== undefined)
            out.push({ ...AUTH_RULE, start: hit.start, end: hit.end, placeholder: hit.placeholder ?? false });
          next = text.indexOf(SCHEME_NEEDLES[i]!, next + 1);
        }
        schemes[i] = next;
      }
    }
    return lineEnd;
  };
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

/** What is known of a key name, memoised for one scan: its words and the assignment rules it names. */
interface KeyInfo {
  words: readonly string[];
  compactKey: string;
  rules: readonly { priority: number; rule: SecretRule }[];
}
type KeyCache = Map<string, KeyInfo>;
const NO_RULES: KeyInfo = { words: [], compactKey: "", rules: [] };

/**
 * Keeps the highest-priority candidate among overlapping ones; returns them sorted by offset. The
 * candidates of each priority (sorted by offset) are merged into those kept so far in one pass, so
 * the work is linear in the number of candidates for each rule that found any (inserting one by
 * one into a sorted array would be quadratic on large inputs).
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.priority - b.priority || a.start - b.start);
  let kept: Candidate[] = [];
  for (let i = 0; i < candidates.length; ) {
    const priority = candidates[i]!.priority;
    const merged: Candidate[] = [];
    let k = 0;
    for (; i < candidates.length && candidates[i]!.priority === priority; i++) {
      const c = candidates[i]!;
      while (k < kept.length && kept[k]!.start < c.start) merged.push(kept[k++]!);
      // Kept candidates never overlap, so the last one before `c` and the next one decide.
      const prev = merged[merged.length - 1];
      if (prev !== undefined && prev.end > c.start) continue;
      const next = kept[k];
      if (next !== undefined && next.start < c.end) continue;
      merged.push(c);
    }
    while (k < kept.length) merged.push(kept[k++]!);
    kept = merged;
  }
  return kept;
}

/** Maps increasing offsets to 1-based lines and columns, reading the text once. */
function createLocator(text: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  // The first newline at or after lineStart (text.length when none): found once per line.
  let nextNewline = -1;
  return (offset: number) => {
    if (nextNewline < lineStart) {
      nextNewline = text.indexOf("\n", lineStart);
      if (nextNewline < 0) nextNewline = text.length;
    }
    while (nextNewline < offset) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf("\n", lineStart);
      if (nextNewline < 0) nextNewline = text.length;
    }
    return { line, column: offset - lineStart + 1 };
  };
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
  source: "in source code",
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
  return scanWith(text, options, new Map());
}

function scanWith(text: string, options: ScanTextOptions, keys: KeyCache): Finding[] {
  const kind = options.kind ?? fileKind(options.file);
  const lenient = LENIENT_KINDS.has(kind);
  const allowlist = new Set(lenient ? (options.allowlist ?? []) : []);
  const kept = resolveOverlaps(
    collectCandidates(text, keys, kind === "source", isTranslationFile(options.file)),
  );
  if (kept.length === 0) return [];
  const locate = createLocator(text);
  const findings: Finding[] = [];
  for (const c of kept) {
    const value = text.slice(c.start, c.end);
    let severity: Severity;
    if (c.placeholder) severity = "info";
    else if (!lenient) severity = "error";
    else if (c.rule.provider) severity = c.rule.severity;
    else if (allowlisted(value, allowlist)) continue;
    else severity = "warning";
    const { line, column } = locate(c.start);
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
  const keys: KeyCache = new Map();
  for (const f of files) {
    const options: ScanTextOptions = { file: f.path, kind: policy.kinds?.[f.path] ?? fileKind(f.path) };
    if (policy.allowlist !== undefined) options.allowlist = policy.allowlist;
    for (const finding of scanWith(f.content, options, keys)) findings.push(finding);
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

const PROVIDER_RULES: ReadonlySet<string> = new Set(SECRET_RULES.filter((r) => r.provider).map((r) => r.id));

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
  return findings.map((f) => {
    let hint: string;
    if (f.placeholder === true) {
      hint = "Nothing to fix here; make sure the real value is set outside version control.";
    } else if (PROVIDER_RULES.has(f.rule)) {
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
