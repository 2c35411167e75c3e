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
]);

/**
 * Markers that make a value a placeholder wherever they occur, with or without separators:
 * `CHANGE_IN_PROD`, `replace-me`, `example`, `dummy`, `xxxx`, `your…here`, `YOUR_API_KEY`.
 */
const PLACEHOLDER_MARKERS =
  /change[\W_]?(?:me|it|this|in[\W_]?prod)|replace[\W_]?(?:me|with|this)|placeholder|example|dummy|redacted|not[\W_]?(?:real|set)|(?:insert|enter|put|set)[\W_]?your|^[\W_]*your|your.*here[\W_]*$/i;

/** The value in lower case with everything but letters and digits removed. */
function compactLower(value: string): string {
  const lower = value.toLowerCase();
  return NON_ALNUM.test(lower) ? lower.replace(NON_ALNUM_ALL, "") : lower;
}

const NON_ALNUM = /[^a-z0-9]/;
const NON_ALNUM_ALL = /[^a-z0-9]+/g;

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
  // $VAR (shell, Compose), $$VAR (the same escaped for make and Compose), %VAR% (Windows).
  if (first === 36 /* $ */ && IDENTIFIER.test(v.slice(v.charCodeAt(1) === 36 ? 2 : 1))) return true;
  if (first === 37 /* % */ && v.endsWith("%") && v.length > 2 && IDENTIFIER.test(v.slice(1, -1))) return true;
  // <your-token>, [YOUR_KEY]
  if ((first === 60 /* < */ && v.endsWith(">")) || (first === 91 /* [ */ && v.endsWith("]"))) return true;
  if (v.startsWith("...") || v.endsWith("...") || v.includes("…")) return true;
  if (PLACEHOLDER_MARKERS.test(v) || v.includes("xxxx") || v.includes("XXXX")) return true;
  // Whole words are short: only short values need their compact form.
  if (v.length <= 24) {
    const compact = compactLower(v);
    if (compact === "" || PLACEHOLDER_WORDS.has(compact)) return true; // "****", "password"
  }
  // xxx, XXXXXXXX, 00000000, abababab: one or two characters repeated.
  return v.length >= 3 && fewDistinct(v);
}
