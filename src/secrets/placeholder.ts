const TEMPLATE_CHARS = /[${<#]/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whole values that only name what belongs there. */
const PLACEHOLDER_WORDS = new Set([
  "changeme",
  "changeit",
  "changethis",
  "replaceme",
  "placeholder",
  "example",
  "dummy",
  "sample",
  "todo",
  "tbd",
  "fixme",
  "redacted",
  "hidden",
  "masked",
  "secret",
  "password",
  "passwd",
  "pass",
  "pwd",
  "token",
  "key",
  "apikey",
  "secretkey",
  "accesskey",
  "privatekey",
  "yourpassword",
  "yoursecret",
  "yourtoken",
  "yourkey",
  "yourapikey",
  "xxx",
  "value",
  "none",
  "null",
  // Stand-ins and well-known defaults: the name of the service or of the account, a test word.
  "test",
  "tests",
  "testing",
  "demo",
  "foo",
  "bar",
  "foobar",
  "postgres",
  "postgresql",
  "mysql",
  "mariadb",
  "mongo",
  "mongodb",
  "redis",
  "rabbitmq",
  "guest",
  "root",
  "admin",
  "user",
  "mypassword",
  "mysecret",
  // The word "password" (or "secret") in other languages: translated UI text, not a value.
  "passwort",
  "kennwort",
  "contrasena",
  "contraseña",
  "motdepasse",
  "senha",
  "wachtwoord",
  "parola",
  "haslo",
  "hasło",
  "heslo",
  "jelszo",
  "jelszó",
  "sifre",
  "şifre",
  "losenord",
  "lösenord",
  "salasana",
  "adgangskode",
  "passord",
  "geheim",
  "secreto",
  "segredo",
  "segreto",
]);

/**
 * Markers that make a value a placeholder wherever they occur, with or without separators:
 * `CHANGE_IN_PROD`, `replace-me`, `example`, `dummy`, `xxxx`, `your…here`, `YOUR_API_KEY`.
 */
const PLACEHOLDER_MARKERS =
  /change[\W_]?(?:me|it|this|in[\W_]?prod)|(?:must|please|to[\W_]?be)[\W_]?change|(?:set|fill|override)[\W_]?me\b|replace[\W_]?(?:me|with|this)|placeholder|example|dummy|redacted|not[\W_]?(?:real|set)|(?:insert|enter|put|set)[\W_]?your|^[\W_]*your|your.*here[\W_]*$/i;

/** The value in lower case with everything but letters and digits removed. */
function compactLower(value: string): string {
  const lower = value.toLowerCase();
  return NON_ALNUM.test(lower) ? lower.replace(NON_ALNUM_ALL, "") : lower;
}

// Letters beyond ASCII are kept (`contraseña`); a plain character range is faster than a Unicode class.
const NON_ALNUM = /[^a-z0-9\u00c0-\uffff]/;
const NON_ALNUM_ALL = /[^a-z0-9\u00c0-\uffff]+/g;

/**
 * Format verbs and positional slots that a program fills in: `%s`, `%v`, `%(password)s`, `{}`,
 * `{0}`, `{password}`, `$1`. As a value (`postgres://u:%s@db`) they stand for the secret.
 */
const FORMAT_VERB = /^(?:%[-+# 0-9.*]*[sdvqxXfFgGeEcbrtoiu]|%\(\w+\)[sdr]|\{\w*\}|\$\d)$/;

/** `<your` or `<api`: the start of an angle-bracketed hint cut where the value stopped at a space. */
const OPEN_HINT = /^<[A-Za-z][A-Za-z_-]*$/;

const SEQUENCE = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * True for a run of consecutive characters of `0-9a-z` (any case), restarting at most a few times:
 * `0123456789abcdef0123456789abcdef`, `abcdef123456`, `12345678`. Such values are fillers.
 */
function isSequential(value: string): boolean {
  const n = value.length;
  if (n < 6) return false;
  let prev = SEQUENCE.indexOf(value.charAt(0).toLowerCase());
  if (prev < 0) return false;
  let restarts = 0;
  for (let i = 1; i < n; i++) {
    const cur = SEQUENCE.indexOf(value.charAt(i).toLowerCase());
    if (cur < 0) return false;
    if (cur !== prev + 1 && ++restarts > Math.max(1, n >> 3)) return false;
    prev = cur;
  }
  return true;
}

/** True when a value uses at most two distinct characters. */
function fewDistinct(value: string): boolean {
  const a = value.charCodeAt(0);
  let b = -1;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === a || c === b) continue;
    if (b !== -1) return false;
    b = c;
  }
  return true;
}

function hasInterpolation(value: string): boolean {
  if (!TEMPLATE_CHARS.test(value)) return false;
  // ${VAR}, ${VAR:-x}, ${VAR?err}, {{ var }}, {% … %}, <%= … %>, #{var}: a template, not a value.
  // An opening without its closing still counts: the value may have been cut at a space
  // (`${VAR:?VAR is required}`). indexOf-based so a long value costs one pass.
  const dollar = value.indexOf("${");
  if (dollar >= 0 && /[A-Za-z_]/.test(value.charAt(dollar + 2))) return true;
  // $(VAR): a Kubernetes dependent variable, filled in from another variable of the container.
  const paren = value.indexOf("$(");
  if (paren >= 0 && /[A-Za-z_]/.test(value.charAt(paren + 2))) return true;
  if (value.includes("{{") || value.includes("{%")) return true;
  const erb = value.indexOf("<%");
  if (erb >= 0 && value.indexOf("%>", erb + 2) > erb) return true;
  const ruby = value.indexOf("#{");
  if (ruby >= 0 && value.indexOf("}", ruby + 2) > ruby) return true;
  return false;
}

/**
 * True when a value stands in for a secret instead of being one: a variable reference or template
 * (`${VAR}`, `${VAR:-x}`, `${VAR?err}`, `$VAR`, `{{ var }}`, `%VAR%`), an angle- or square-bracketed
 * hint (`<your-token>`), a format verb (`%s`, `{0}`), a marker such as `changeme`, `CHANGE_IN_PROD`,
 * `example`, `dummy`, `xxxx`, a `your-…-here` phrase, a bare word naming the secret or a well-known
 * stand-in (`password`, `secret`, `test`, `postgres`, `Passwort`), a run of one or two repeated
 * characters (`********`) or of consecutive ones (`0123456789abcdef`).
 *
 * @example
 * ```ts
 * isPlaceholder("${POSTGRES_PASSWORD}"); // true
 * isPlaceholder("sk-your-openai-key-here"); // true
 * isPlaceholder("dev_password_CHANGE_IN_PROD"); // true
 * isPlaceholder("q8Jv2LmZ0pXr7TnB"); // false
 * ```
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === "") return false;
  if (hasInterpolation(v)) return true;
  const first = v.charCodeAt(0);
  // $VAR (shell, Compose), $$VAR (the same escaped for make and Compose), %VAR% (Windows).
  if (first === 36 /* $ */ && IDENTIFIER.test(v.slice(v.charCodeAt(1) === 36 ? 2 : 1))) return true;
  if (first === 37 /* % */ && v.endsWith("%") && v.length > 2 && IDENTIFIER.test(v.slice(1, -1))) return true;
  // <your-token>, [YOUR_KEY]
  if ((first === 60 /* < */ && v.endsWith(">")) || (first === 91 /* [ */ && v.endsWith("]"))) return true;
  if (v.startsWith("...") || v.endsWith("...") || v.includes("…")) return true;
  if ((first === 37 /* % */ || first === 123 /* { */ || first === 36) && FORMAT_VERB.test(v)) return true;
  if (first === 60 && OPEN_HINT.test(v)) return true;
  if (PLACEHOLDER_MARKERS.test(v) || v.includes("xxxx") || v.includes("XXXX")) return true;
  // Whole words are short: only short values need their compact form.
  if (v.length <= 24) {
    const compact = compactLower(v);
    if (compact === "" || PLACEHOLDER_WORDS.has(compact)) return true; // "****", "password"
  }
  // xxx, XXXXXXXX, 00000000, abababab: one or two characters repeated; 0123456789abcdef.
  return (v.length >= 3 && fewDistinct(v)) || (v.length <= 128 && isSequential(v));
}

/** `${VAR:-literal}` or `${VAR-literal}`: the whole value is one interpolation with a default. */
const WITH_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-/;

/**
 * The offset of the literal default in `${VAR:-literal}` (or `${VAR-literal}`), or -1 when the value
 * is not one such interpolation or its default is empty or itself an interpolation. Compose and
 * Dockerfile `ENV`/`ARG` use the default when `VAR` is unset, so a literal there is a value in clear.
 *
 * @example
 * ```ts
 * interpolationDefault("${DB_PASSWORD:-s3cret-Value}"); // 15
 * interpolationDefault("${DB_PASSWORD}"); // -1
 * ```
 */
export function interpolationDefault(value: string): number {
  if (value.charCodeAt(0) !== 36 || value.charCodeAt(value.length - 1) !== 125) return -1;
  const m = WITH_DEFAULT.exec(value);
  if (m === null) return -1;
  const start = m[0].length;
  if (start >= value.length - 1 || value.includes("${", start)) return -1;
  if (value.indexOf("}", start) !== value.length - 1) return -1;
  return start;
}
