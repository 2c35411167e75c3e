const SETTING_WORDS = new Set([
  "true",
  "false",
  "yes",
  "no",
  "on",
  "off",
  "nil",
  "undefined",
  "empty",
  "required",
  "optional",
  "enabled",
  "disabled",
  "enable",
  "disable",
  "random",
  "generate",
  "auto",
  "default",
  "env",
  "file",
  "inherit",
]);

/** `!vault`, `!Ref`, `&anchor`, `*alias`: YAML syntax, not a value. */
const YAML_NODE = /^[!&*][A-Za-z_][A-Za-z_-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER_OR_DURATION = /^[+-]?[0-9]+(?:\.[0-9]+)?(?:ms|[smhdwy]|kb|mb|gb|k|m|g)?$/i;
const DIGEST = /^(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b|blake3)[:-]/i;
const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\//;
const REFERENCE = /^(?:arn|vault|ssm|secretsmanager|kms|gcp-secret|azure-keyvault|env|file|secret|k8s|ref):/i;
/** `config.env.TOKEN`, `settings.secret_key`, `req.body.password`: code, not a value. */
/** `POSTGRES_PASSWORD`: the name of a variable, not its value. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** `src/secrets/index.ts`, `certs/server.key`: a relative path to a file. */
const RELATIVE_FILE = /^[\w.@-]+(?:\/[\w.@-]+)+\.[A-Za-z]{1,5}$/;
/** `token: string)`: a type annotation in code. */
const TYPE_NAME =
  /^(?:string|number|boolean|bigint|symbol|object|unknown|any|never|void|str|int|float|bytes|bool|Buffer|Uint8Array|Secret[A-Z]\w*)\b/;
/** `os.getenv(…)`, `env(…)`, `secrets.get(…)`. */
const CALL = /^[A-Za-z_$][\w$.]*\(/;
/** `config.env.TOKEN`, `.bs.select`, `.data-api`: member access or dotted event/CSS names, no digits. */
const MEMBER_ACCESS = /^\.?[a-z_$][a-z_$-]*(?:\.[A-Za-z_$][A-Za-z_$-]*)+$/;
/** `routes/main`, `applications/app`: a lower-case route or resource path (NGINX Unit `"pass"`). */
const RESOURCE_PATH = /^[a-z][a-z0-9_-]*(?:\/[a-z0-9_.-]+)+$/;

/**
 * True when a value assigned to a secret-sounding key is evidently not a secret: a boolean or
 * setting word, a number or duration, a path, a URL (credentials inside URLs have their own rule),
 * a digest (`sha256:…`), a UUID, a reference to a secret store (`arn:…`, `vault:…`), a YAML tag or
 * anchor, a variable name (`POSTGRES_PASSWORD`), a relative file path (`certs/server.key`), a file
 * include (`</etc/ssl/key.pem`, `@/run/secrets/token`), a route (`routes/main`), a dotted name
 * (`.bs.select`), or code (`config.env.TOKEN`, `os.getenv(…)`, `(x) => …`, `token: string`).
 *
 * @example
 * ```ts
 * isEvidentlyNotSecret("/run/secrets/db_password"); // true
 * isEvidentlyNotSecret("3600"); // true
 * isEvidentlyNotSecret("Zq8-Lm2Kx"); // false
 * ```
 */
export function isEvidentlyNotSecret(value: string): boolean {
  const v = value.trim();
  const n = v.length;
  if (n === 0) return true;
  // Cheap character tests decide which patterns can apply at all.
  if (n <= 9 && SETTING_WORDS.has(v.toLowerCase())) return true;
  const first = v.charCodeAt(0);
  // Paths: /x, ./x, ../x, ~/x, C:\x
  if (first === 47 /* / */ || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/")) return true;
  // File includes: `</etc/ssl/key.pem` (Dovecot, Kamailio), `@/run/secrets/token` (curl, CLIs).
  if (
    (first === 60 /* < */ || first === 64) /* @ */ &&
    n > 1 &&
    isEvidentlyNotSecret(v.slice(1)) &&
    isPathStart(v, 1)
  )
    return true;
  if (n > 2 && v.charCodeAt(1) === 58 && v.charCodeAt(2) === 92 /* X:\ */) return true;
  // YAML block scalars and flow collections, JSON structure, YAML tags, anchors, aliases.
  if (first === 124 /* | */ || first === 62 /* > */ || first === 123 /* { */ || first === 91 /* [ */)
    return true;
  // Code: `(x) => …`, a type annotation, a variable name.
  if (first === 40 /* ( */ || TYPE_NAME.test(v) || VARIABLE_NAME.test(v)) return true;
  if (v.includes("/") && RELATIVE_FILE.test(v)) return true;
  if ((first === 33 || first === 38 || first === 42) /* ! & * */ && YAML_NODE.test(v)) return true;
  if (((first >= 48 && first <= 57) || first === 43 || first === 45) && NUMBER_OR_DURATION.test(v))
    return true;
  if (n === 36 && UUID.test(v)) return true;
  const colon = v.indexOf(":");
  if (colon > 0) {
    if (DIGEST.test(v) || REFERENCE.test(v)) return true;
    if (v.startsWith("://", colon) && URL_LIKE.test(v)) return true;
  } else if (DIGEST.test(v)) return true; // sha512-… (subresource integrity)
  if (v.includes("(") && CALL.test(v)) return true;
  if (v.includes(".") && MEMBER_ACCESS.test(v)) return true;
  if (v.includes("/") && RESOURCE_PATH.test(v)) return true;
  return false;
}

function isPathStart(v: string, at: number): boolean {
  const c = v.charCodeAt(at);
  return c === 47 /* / */ || c === 126 /* ~ */ || c === 46 /* . */;
}
