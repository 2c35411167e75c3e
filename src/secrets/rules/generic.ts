import { keyWords } from "../assignments.js";
import { looksRandom } from "../entropy.js";
import type { Assignment, SecretRule } from "../types.js";
import { isEvidentlyNotSecret } from "../values.js";

/**
 * Last words of a key that describe a secret instead of holding it: `PASSWORD_FILE`,
 * `TOKEN_TTL`, `PRIVATE_KEY_PATH`, `SECRET_NAME`, `JWT_SECRET_ALGORITHM`.
 */
const DESCRIPTIVE_LAST_WORDS = new Set([
  "file",
  "files",
  "path",
  "paths",
  "dir",
  "directory",
  "folder",
  "url",
  "uri",
  "endpoint",
  "host",
  "hostname",
  "port",
  "user",
  "username",
  "login",
  "email",
  "name",
  "id",
  "ids",
  "length",
  "len",
  "size",
  "min",
  "max",
  "count",
  "limit",
  "ttl",
  "expiry",
  "expires",
  "expire",
  "expiration",
  "lifetime",
  "timeout",
  "age",
  "algorithm",
  "algorithms",
  "alg",
  "type",
  "kind",
  "mode",
  "enabled",
  "enable",
  "disabled",
  "disable",
  "required",
  "policy",
  "provider",
  "header",
  "prefix",
  "suffix",
  "region",
  "issuer",
  "audience",
  "scope",
  "scopes",
  "version",
  "hash",
  "hasher",
  "hashing",
  "digest",
  "sha",
  "checksum",
  "rotation",
  "format",
  "field",
  "param",
  "parameter",
  "method",
  "strategy",
  "location",
  "store",
  "manager",
  "backend",
  "hint",
  "regex",
  "pattern",
  "rounds",
  "cost",
  "iterations",
  "bits",
  "days",
  "hours",
  "minutes",
  "seconds",
  "interval",
  "label",
  "description",
  "ref",
  "arn",
  "var",
  "variable",
  "cookie",
  "storage",
  "source",
  "encoding",
  "charset",
  "input",
  "placeholder",
  "confirmation",
  "reset",
  "validation",
  "strength",
  "complexity",
  "scheme",
  "schemes",
  "cipher",
  "ciphers",
  "encryption",
  "encoder",
  "stdin",
  "prompt",
  "text",
  "message",
  "title",
  "error",
  "help",
  "tooltip",
  "button",
  "link",
]);

/** Words that make a key name public, not secret. */
const PUBLIC_WORDS = new Set(["public", "publishable", "pub"]);

/** Words before `KEY` that make it a data key, not a credential: `PRIMARY_KEY`, `ROUTING_KEY`. */
const DATA_KEY_WORDS = new Set([
  "primary",
  "foreign",
  "sort",
  "partition",
  "cache",
  "idempotency",
  "routing",
  "lookup",
  "unique",
  "composite",
  "hash",
  "range",
  "object",
  "dedup",
  "deduplication",
  "message",
  "group",
  "translation",
  "i18n",
  "locale",
  "cursor",
  "index",
  "row",
  "column",
  "map",
  "query",
  "search",
  "shortcut",
  "hot",
  "keyboard",
  "redis",
  "bucket",
  "s3",
  "ssh",
]);

function describesSecret(a: Assignment): boolean {
  const last = a.words[a.words.length - 1];
  if (last === undefined || DESCRIPTIVE_LAST_WORDS.has(last)) return false;
  for (const w of a.words) if (PUBLIC_WORDS.has(w)) return false;
  return true;
}

/** True when a key names a password: `POSTGRES_PASSWORD`, `dbPass`, `SMTP_PWD`, `passphrase`.
 *
 * @example
 * ```ts
 * const a = { key: "DB_PASS", compactKey: "dbpass", words: ["db", "pass"], value: "", start: 0 };
 * isPasswordKey(a); // true
 * ```
 */
export function isPasswordKey(a: Assignment): boolean {
  const k = a.compactKey;
  const named =
    k.includes("password") ||
    k.includes("passwd") ||
    k.includes("passphrase") ||
    a.words.some((w) => w === "pass" || w === "pwd" || w === "pw") ||
    (k.endsWith("pass") && !k.endsWith("bypass") && !k.endsWith("compass"));
  return named && describesSecret(a);
}

/**
 * True when a key names a secret other than a password: `*_SECRET`, `*_TOKEN`, `API_KEY`,
 * `PRIVATE_KEY`, `*_CREDENTIALS`, `*_SALT`, `*_AUTH`, or any `*_KEY` that is not a data key.
 *
 * @example
 * ```ts
 * const a = { key: "TOKEN_TTL", compactKey: "tokenttl", words: ["token", "ttl"], value: "", start: 0 };
 * isSecretKey(a); // false — the key describes a token, it does not hold one
 * ```
 */
export function isSecretKey(a: Assignment): boolean {
  const k = a.compactKey;
  const words = a.words;
  const last = words[words.length - 1];
  let named =
    k.includes("secret") ||
    (k.includes("token") && !k.includes("tokeniz")) ||
    k.includes("apikey") ||
    k.includes("privatekey") ||
    k.includes("credential") ||
    words.includes("salt") ||
    words.includes("pepper") ||
    last === "auth";
  if (!named && (last === "key" || last === "keys") && words.length >= 2) {
    named = !words.some((w) => DATA_KEY_WORDS.has(w));
  }
  return named && describesSecret(a);
}

const DIGITS = /^[0-9]{6,}$/;
/** camelCase, PascalCase, or lower-case words joined by `_`, `-`, `/` or `.`, without digits: names, not secrets. */
const IDENTIFIER_WORDS = /^(?:[A-Za-z][a-z]+(?:[A-Z][a-z]+)+|[a-z]+(?:[-_/.][a-z]+)+)$/;

/** Words that, inside a value, make it the name of a secret rather than the secret itself. */
const SECRET_NAME_WORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "secret",
  "token",
  "key",
  "credential",
  "credentials",
  "passphrase",
]);

/** An identifier of letters only, camelCase, PascalCase or joined by `_`, `-`, `.`: `rootPassword`. */
const NAME_SHAPE = /^[A-Za-z][a-z]*(?:(?:[A-Z]|[-_.][A-Za-z])[a-z]*)+$/;

/**
 * True when the value is itself the name of a secret: an identifier whose words include `password`,
 * `secret`, `token`, `key` (`rootPassword`, `db_password`, `adminSecret`). Role and field names
 * in recipes and schemas look like this; a chosen password does not.
 */
function namesSecret(value: string): boolean {
  if (value.length > 64 || !NAME_SHAPE.test(value)) return false;
  for (const w of keyWords(value)) if (SECRET_NAME_WORDS.has(w)) return true;
  return false;
}

/** One word of prose, with the sentence punctuation around it: `¿Olvidaste`, `court.`, `l'accès`. */
const PROSE_WORD =
  /^[¿¡«"'(]*(?:\p{L}[\p{L}\p{M}'’-]*|[0-9]+|\{\{?\s*\w*\s*\}?\}|%[sd]|:\w+)[.,!?:;…»"')]*$/u;
const SENTENCE_END = /[.!?:…]$/;
const NON_ASCII_LETTER = /[^\x00-\x7f]/;

/**
 * True when a value is text for people, not a credential: words separated by spaces with sentence
 * punctuation, a capital first letter, letters outside ASCII or a secret word in it
 * (`Le mot de passe est trop court.`, `Forgot password?`); or letters of a non-Latin script only
 * (`Пароль`). A passphrase of lower-case words (`correct horse battery staple`) is not prose.
 *
 * @example
 * ```ts
 * isProse("Le mot de passe est trop court."); // true
 * isProse("correct horse battery staple"); // false
 * ```
 */
export function isProse(value: string): boolean {
  if (value.indexOf(" ") < 0) {
    // One word: text when it has letters and none of them ASCII (`Пароль`, `密码`).
    return NON_ASCII_LETTER.test(value) && !/[A-Za-z0-9]/.test(value) && /\p{L}/u.test(value);
  }
  const words = value.trim().split(/\s+/);
  for (const w of words) if (!PROSE_WORD.test(w)) return false;
  const first = value.trim().charAt(0);
  if (first !== first.toLowerCase() || SENTENCE_END.test(value) || NON_ASCII_LETTER.test(value)) return true;
  for (const w of words) if (SECRET_NAME_WORDS.has(w.toLowerCase().replace(/[^a-z]/g, ""))) return true;
  return false;
}

/**
 * Passwords: any literal of four or more characters assigned to a password key, unless it is
 * evidently not a secret (a boolean, a path, a reference). Low entropy does not clear it: the seed's
 * `mysecretpassword123` is exactly what must be caught.
 */
export const genericPassword: SecretRule = {
  id: "generic-password",
  family: "generic",
  title: "Password",
  provider: false,
  severity: "error",
  keywords: [],
  shape:
    "a literal of 4 or more characters assigned to a key such as `POSTGRES_PASSWORD`, `db_pass`, `smtpPwd`",
  matcher: {
    type: "assignment",
    key: isPasswordKey,
    value: (value) => {
      if (DIGITS.test(value)) return "secret";
      if (value.length < 4 || isEvidentlyNotSecret(value)) return "ignore";
      // `rootPassword` names a secret; `Passwort vergessen?` is a translated label.
      if (namesSecret(value) || isProse(value)) return "ignore";
      return "secret";
    },
  },
};

/**
 * Secrets, tokens and keys: a machine-looking literal (8 or more characters, mixed classes or high
 * entropy) assigned to a key such as `JWT_SECRET`, `API_KEY`, `ACCESS_TOKEN` or `PRIVATE_KEY`.
 */
export const genericSecret: SecretRule = {
  id: "generic-secret",
  family: "generic",
  title: "Secret",
  provider: false,
  severity: "error",
  keywords: [],
  shape:
    "8 or more random-looking characters assigned to a key such as `JWT_SECRET`, `API_KEY`, `AUTH_TOKEN`",
  matcher: {
    type: "assignment",
    key: isSecretKey,
    value: (value) => {
      if (isEvidentlyNotSecret(value) || /^[0-9]+$/.test(value)) return "ignore";
      // Prose ("set this in the dashboard") is not a credential.
      // Identifiers in code or YAML (`SecretRule`, `welcome_message`) are names, not secrets.
      if (IDENTIFIER_WORDS.test(value) || isProse(value)) return "ignore";
      const space = value.indexOf(" ");
      if (space >= 0 && value.indexOf(" ", space + 1) >= 0) return "ignore";
      return looksRandom(value) ? "secret" : "ignore";
    },
  },
};
