import type { Severity } from "../core/index.js";

/**
 * What a scanned file is, which decides how strict the scan is. `compose`, `env-staging`,
 * `env-production`, `env-example`, `dockerfile`, `readme` and `other` may hold no literal secret;
 * `env-development` and `env` may hold local development credentials.
 */
export type FileKind =
  | "compose"
  | "env-development"
  | "env-staging"
  | "env-production"
  | "env-example"
  | "env"
  | "dockerfile"
  | "readme"
  | "source"
  | "other";

/** Every file kind, in the order the documentation lists them. */
export const FILE_KINDS: readonly FileKind[] = [
  "compose",
  "env-development",
  "env-staging",
  "env-production",
  "env-example",
  "env",
  "dockerfile",
  "readme",
  "source",
  "other",
];

/**
 * One secret (or placeholder standing where a secret would be) found in a file.
 * `match` is always masked with {@link maskSecret}; the clear value never leaves the scanner.
 */
export interface Finding {
  /** The rule id, e.g. `github-token`; the diagnostic code is `secret/<rule>`. */
  rule: string;
  severity: Severity;
  file: string;
  /** 1-based line of the first character of the value. */
  line: number;
  /** 1-based column (UTF-16 code units) of the first character of the value. */
  column: number;
  /** The masked value, e.g. `ghp_…(40 chars)`. */
  match: string;
  /** True when the value is a placeholder or a variable reference, not a secret (severity `info`). */
  placeholder?: boolean;
  message: string;
}

/** How {@link scanFiles} treats the files it scans. */
export interface ScanPolicy {
  /**
   * Exact values allowed in development env files (`env-development`, `env`): the credentials
   * slipway itself generated for `.env.development`. Ignored for every other kind.
   */
  allowlist?: readonly string[];
  /** The kind of a file by its path, overriding {@link fileKind}. */
  kinds?: Record<string, FileKind>;
}

/** Options of {@link scanText}. */
export interface ScanTextOptions {
  /** The file name reported in findings; also decides the kind when `kind` is not given. */
  file: string;
  kind?: FileKind;
  /** Exact values allowed when the kind is `env-development` or `env`. */
  allowlist?: readonly string[];
}

/** A raw hit of a rule: offsets into the scanned text of the secret value. */
export interface RuleHit {
  start: number;
  end: number;
  /** Set when the rule already knows the value is a placeholder. */
  placeholder?: boolean;
}

/** A key/value assignment found on a line: `KEY=value`, `key: value`, `"key": "value"`, `ENV KEY value`. */
export interface Assignment {
  /** The key as written, without quotes. */
  key: string;
  /** The key in lower case with every non-alphanumeric character removed (`DB_PASSWORD` → `dbpassword`). */
  compactKey: string;
  /** The key's words in lower case (`dbPassword`, `DB_PASSWORD` → `["db", "password"]`). */
  words: readonly string[];
  /** The value without its quotes. */
  value: string;
  /** Offset of the value's first character in the scanned text. */
  start: number;
}

/** What a rule matches. */
export type RuleMatcher =
  | {
      /** A token with a recognisable shape, found anywhere in the text. */
      type: "pattern";
      /** A global regex whose whole match (or group 1 when present) is the secret. */
      pattern: RegExp;
      /** Further checks on the matched value, e.g. that a JWT header decodes to JSON. */
      validate?: (value: string) => boolean;
    }
  | {
      /** A value assigned to a key whose name says it is secret. */
      type: "assignment";
      /** True when this rule handles the key. Rules are asked in order; the first wins. */
      key: (assignment: Assignment) => boolean;
      /**
       * Classifies a value that is not a placeholder: `secret`, `ignore` (not a secret, e.g. `true`,
       * a path), or `next` to let the following assignment rule decide.
       */
      value: (value: string, assignment: Assignment) => "secret" | "ignore" | "next";
    }
  | {
      /** A custom finder over the whole text (multi-line blocks, URLs). Must run in linear time. */
      type: "custom";
      /** Hits in `text`, or only in `[start, end)` when given (linear in what it reads). */
      find: (text: string, start?: number, end?: number) => RuleHit[];
      /**
       * When true, the scanner does not run `find` over the whole text, only over the lines it finds
       * by the key words `auth` and `token`, where the rule's secrets stand.
       */
      perLine?: boolean;
    };

/** One detection rule. Rules live in `src/secrets/rules/`, one file per family. */
export interface SecretRule {
  /** Kebab-case id; the diagnostic code is `secret/<id>`. */
  id: string;
  /** The family (file in `src/secrets/rules/`) the rule belongs to, e.g. `github`. */
  family: string;
  /** A human name used in messages: "GitHub personal access token". */
  title: string;
  /** True for a provider-issued credential (never allowed, even in `.env.development`). */
  provider: boolean;
  /** The severity of a literal match where literals are tolerated; strict files raise it to `error`. */
  severity: Severity;
  /**
   * Literal strings of which one must occur in the text (case-sensitive) for the rule to run at all;
   * empty means always run. Keeps the scan fast: most files skip most rules after a few `includes`.
   */
  keywords: readonly string[];
  /** The shape of a value, for documentation, e.g. "`ghp_` + 36 letters and digits". */
  shape: string;
  matcher: RuleMatcher;
}
