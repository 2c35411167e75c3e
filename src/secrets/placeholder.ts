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
  "none",
  "null",
]);

/** Markers that make a value a placeholder wherever they occur (compared without separators). */
const PLACEHOLDER_MARKERS = [
  "changeme",
  "changeinprod",
  "changethis",
  "changeit",
  "replaceme",
  "replacewith",
  "replacethis",
  "placeholder",
  "example",
  "dummy",
  "redacted",
  "notreal",
  "notset",
  "insertyour",
  "enteryour",
  "putyour",
  "setyour",
  "xxxx",
];

function hasInterpolation(value: string): boolean {
  // ${VAR}, ${VAR:-x}, ${VAR?err}, {{ var }}, {% … %}, <%= … %>, #{var}: a template, not a value.
  // indexOf-based so a long value costs one pass, never a backtracking regex.
  const dollar = value.indexOf("${");
  if (dollar >= 0 && value.indexOf("}", dollar + 2) > dollar) return true;
  const moustache = value.indexOf("{{");
  if (moustache >= 0 && value.indexOf("}}", moustache + 2) > moustache) return true;
  const jinja = value.indexOf("{%");
  if (jinja >= 0 && value.indexOf("%}", jinja + 2) > jinja) return true;
  const erb = value.indexOf("<%");
  if (erb >= 0 && value.indexOf("%>", erb + 2) > erb) return true;
  const ruby = value.indexOf("#{");
  if (ruby >= 0 && value.indexOf("}", ruby + 2) > ruby) return true;
  return false;
}

/**
 * True when a value stands in for a secret instead of being one: a variable reference or template
 * (`${VAR}`, `${VAR:-x}`, `${VAR?err}`, `$VAR`, `{{ var }}`, `%VAR%`), an angle- or square-bracketed
 * hint (`<your-token>`), a marker such as `changeme`, `CHANGE_IN_PROD`, `example`, `dummy`, `xxxx`,
 * a `your-…-here` phrase, a bare word naming the secret (`password`, `secret`) or a run of one or
 * two repeated characters (`********`).
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
  // $VAR (shell, Compose), %VAR% (Windows).
  if (first === 36 /* $ */ && IDENTIFIER.test(v.slice(1))) return true;
  if (first === 37 /* % */ && v.endsWith("%") && v.length > 2 && IDENTIFIER.test(v.slice(1, -1))) return true;
  // <your-token>, [YOUR_KEY]
  if ((first === 60 /* < */ && v.endsWith(">")) || (first === 91 /* [ */ && v.endsWith("]"))) return true;
  if (v.startsWith("...") || v.endsWith("...") || v.includes("…")) return true;
  const compact = v.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (compact === "") return true; // "****", "----"
  if (PLACEHOLDER_WORDS.has(compact)) return true;
  for (const marker of PLACEHOLDER_MARKERS) if (compact.includes(marker)) return true;
  // your-openai-key-here, YOUR_API_KEY, your_token
  if (compact.startsWith("your")) return true;
  if (compact.includes("your") && compact.endsWith("here")) return true;
  // xxx, XXXXXXXX, 00000000, abababab: one or two characters repeated.
  if (v.length >= 3 && new Set(v).size <= 2) return true;
  return false;
}
