/**
 * A labelled corpus for the secret scanner, written apart from the benchmark's generator (which the
 * rules were tuned on) and built differently: each file is a template of a real-world format (ECS
 * task definition, Kubernetes Deployment, Compose file, Dockerfile, env file, NGINX and Unit
 * configuration, translation JSON, shell script) filled with values drawn from distributions —
 * human-chosen passwords with punctuation, generated passwords, provider-format tokens assembled at
 * run time, placeholders, references and prose. Every line is labelled by construction: `pos` when
 * it holds a secret in clear, `neg` otherwise. Nothing secret-looking is written in this file.
 */

export interface Line {
  text: string;
  label: "pos" | "neg";
}
export interface LabelledFile {
  path: string;
  lines: Line[];
}

/** xorshift32: a generator of its own, seeded. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGIT = "0123456789";
const ALNUM = UPPER + LOWER + DIGIT;
const URLSAFE = `${ALNUM}-_`;
const HEXDIGITS = "0123456789abcdef";

const WORDS = [
  "maple",
  "harbor",
  "sunset",
  "copper",
  "falcon",
  "velvet",
  "orchid",
  "glacier",
  "lantern",
  "meadow",
  "thunder",
  "cobalt",
  "saffron",
  "pepper",
  "willow",
  "ember",
  "quartz",
  "nimbus",
  "tundra",
  "violet",
];
const SERVICES = ["billing", "orders", "search", "gateway", "reports", "auth", "catalog", "mailer"];

/** Every draw the templates make comes from here. */
class Draw {
  constructor(readonly r: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.r() * (max - min + 1));
  }
  one<T>(list: readonly T[]): T {
    return list[Math.floor(this.r() * list.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.r() * alphabet.length)];
    return s;
  }
  cap(word: string): string {
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  /** A password a person would choose: words, digits and punctuation. */
  humanPassword(): string {
    const punct = this.one(["!", "#", "@", "&", "*", "%", "?", "+", "=", "^", "~", ";", ",", "."]);
    switch (this.int(0, 4)) {
      case 0:
        return `${this.cap(this.one(WORDS))}${punct}${this.cap(this.one(WORDS))}${this.int(10, 9999)}`;
      case 1:
        return `${this.one(WORDS)}${this.int(1, 99)}${punct}${this.one(WORDS).toUpperCase()}`;
      case 2:
        return `${this.cap(this.one(WORDS)).replace(/o/g, "0").replace(/e/g, "3")}${punct}${this.int(100, 999)}`;
      case 3:
        return `${this.one(WORDS)} ${this.one(WORDS)} ${this.one(WORDS)} ${this.one(WORDS)}`;
      default:
        return `${this.int(1, 9)}${this.one(WORDS)}${punct}${this.cap(this.one(WORDS))}${punct}`;
    }
  }
  /** A password from a generator: 12–32 characters of letters, digits and punctuation. */
  generatedPassword(): string {
    const s = this.chars(`${ALNUM}!#%&*+-.:=?@^_~`, this.int(12, 32));
    return /[0-9]/.test(s) && /[A-Z]/.test(s) ? s : `${s}7Q`;
  }
  /** A random API secret: hex, base64url or alphanumeric. */
  apiSecret(): string {
    return this.one([
      () => this.chars(HEXDIGITS, this.one([32, 40, 64])),
      () => this.chars(URLSAFE, this.int(24, 48)),
      () => this.chars(ALNUM, this.int(20, 40)),
    ])();
  }
  /** A provider-format token, assembled from pieces. */
  providerToken(): string {
    const j = (...p: string[]) => p.join("");
    return this.one([
      () => j("gh", "p_", this.chars(ALNUM, 36)),
      () => j("xo", "xb-", this.chars(DIGIT, 11), "-", this.chars(DIGIT, 12), "-", this.chars(ALNUM, 24)),
      () => j("sk", "_live_", this.chars(ALNUM, 24)),
      () => j("AK", "IA", this.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
      () => j("hv", "s.", this.chars(URLSAFE, 90)),
      () => j("np", "m_", this.chars(ALNUM, 36)),
      () => j("AI", "za", this.chars(URLSAFE, 35)),
      () => j("gl", "pat-", this.chars(URLSAFE, 20)),
      () => this.jwt(),
    ])();
  }
  jwt(): string {
    const b64 = (o: unknown) =>
      btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    return `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: this.chars(DIGIT, 6), n: this.one(WORDS) })}.${this.chars(URLSAFE, 43)}`;
  }
  /** A value standing in for a secret. */
  placeholder(name: string): string {
    return this.one([
      "changeme",
      "CHANGE_ME",
      "change-this-in-production",
      "<your token>",
      "<password>",
      `your_${name.toLowerCase()}_here`,
      "xxxxxxxx",
      "********",
      "test",
      "postgres",
      "secret",
      "password",
      "0123456789abcdef0123456789abcdef",
      "replace-me",
      "TODO",
      "dummy",
      "",
    ]);
  }
  /** A reference to a value kept elsewhere. */
  reference(name: string): string {
    return this.one([`\${${name}}`, `\${${name}:?set ${name}}`, `\${${name}:-}`, `$${name}`]);
  }
  secretName(): string {
    return this.one([
      "DB_PASSWORD",
      "POSTGRES_PASSWORD",
      "MYSQL_ROOT_PASSWORD",
      "REDIS_PASSWORD",
      "SMTP_PASS",
      "ADMIN_PASSWORD",
      "API_KEY",
      "API_TOKEN",
      "JWT_SECRET",
      "SESSION_SECRET",
      "WEBHOOK_SECRET",
      "CLIENT_SECRET",
      "ENCRYPTION_KEY",
      "AUTH_TOKEN",
    ]);
  }
  /** A secret suited to a variable's name. */
  secretFor(name: string): string {
    if (/PASS/.test(name)) return this.chance(0.55) ? this.humanPassword() : this.generatedPassword();
    return this.chance(0.35) ? this.providerToken() : this.apiSecret();
  }
}

const pos = (text: string): Line => ({ text, label: "pos" });
const neg = (text: string): Line => ({ text, label: "neg" });

/** Plain settings that sit next to secrets in real files. */
function settings(d: Draw): [string, string][] {
  return [
    ["NODE_ENV", "production"],
    ["LOG_LEVEL", d.one(["info", "debug", "warn"])],
    ["PORT", String(d.int(3000, 9000))],
    ["TOKEN_TTL", String(d.int(60, 86400))],
    ["PASSWORD_MIN_LENGTH", String(d.int(8, 16))],
    ["JWT_ALGORITHM", d.one(["HS256", "RS256"])],
    ["DB_USER", d.one(SERVICES)],
    ["SESSION_COOKIE_NAME", `${d.one(SERVICES)}_sid`],
    ["DB_PASSWORD_FILE", `/run/secrets/${d.one(SERVICES)}_db_password`],
    ["AUTH_PROVIDER", d.one(["oidc", "saml", "ldap"])],
  ];
}

/** A secret, a placeholder or a reference for `name`, with its label. */
function entry(d: Draw, name: string): { value: string; secret: boolean } {
  const p = d.r();
  if (p < 0.45) return { value: d.secretFor(name), secret: true };
  if (p < 0.75) return { value: d.placeholder(name), secret: false };
  return { value: d.reference(name), secret: false };
}

function jsonString(v: string): string {
  return JSON.stringify(v);
}

function ecsTaskDefinition(d: Draw): LabelledFile {
  const lines: Line[] = [
    neg("{"),
    neg(`  "family": "${d.one(SERVICES)}",`),
    neg('  "containerDefinitions": ['),
    neg("    {"),
  ];
  lines.push(
    neg(`      "name": "${d.one(SERVICES)}",`),
    neg(`      "image": "registry.internal/${d.one(SERVICES)}:1.${d.int(0, 9)}",`),
  );
  lines.push(neg('      "environment": ['));
  const n = d.int(2, 6);
  for (let i = 0; i < n; i++) {
    const comma = i < n - 1 ? "," : "";
    if (d.chance(0.5)) {
      const name = d.secretName();
      const e = entry(d, name);
      if (d.chance(0.5)) {
        lines.push(
          (e.secret ? pos : neg)(`        { "name": "${name}", "value": ${jsonString(e.value)} }${comma}`),
        );
      } else {
        lines.push(neg("        {"), neg(`          "name": "${name}",`));
        lines.push(
          (e.secret ? pos : neg)(`          "value": ${jsonString(e.value)}`),
          neg(`        }${comma}`),
        );
      }
    } else {
      const [k, v] = d.one(settings(d));
      lines.push(neg(`        { "name": "${k}", "value": ${jsonString(v)} }${comma}`));
    }
  }
  lines.push(neg("      ],"), neg('      "secrets": ['));
  lines.push(
    neg(
      `        { "name": "${d.secretName()}", "valueFrom": "arn:aws:ssm:eu-west-1:${d.chars(DIGIT, 12)}:parameter/${d.one(SERVICES)}" }`,
    ),
  );
  lines.push(neg("      ]"), neg("    }"), neg("  ]"), neg("}"));
  return { path: `deploy/${d.one(SERVICES)}-task-definition.json`, lines };
}

function kubernetesDeployment(d: Draw): LabelledFile {
  const svc = d.one(SERVICES);
  const lines: Line[] = [
    neg("apiVersion: apps/v1"),
    neg("kind: Deployment"),
    neg("metadata:"),
    neg(`  name: ${svc}`),
    neg("spec:"),
    neg("  template:"),
    neg("    spec:"),
    neg("      containers:"),
    neg(`        - name: ${svc}`),
    neg(`          image: ${svc}:2.${d.int(0, 20)}`),
    neg("          env:"),
  ];
  for (let i = d.int(2, 6); i > 0; i--) {
    const roll = d.r();
    if (roll < 0.45) {
      const name = d.secretName();
      const e = entry(d, name);
      const quoted =
        e.value === "" || /[:#{}[\],&*?|<>=!%@`'" ]/.test(e.value) ? jsonString(e.value) : e.value;
      lines.push(
        neg(`            - name: ${name}`),
        (e.secret ? pos : neg)(`              value: ${quoted}`),
      );
    } else if (roll < 0.7) {
      lines.push(
        neg(`            - name: ${d.secretName()}`),
        neg("              valueFrom:"),
        neg("                secretKeyRef:"),
        neg(`                  name: ${svc}-secrets`),
        neg(`                  key: ${d.one(["password", "token", "api-key"])}`),
      );
    } else {
      const [k, v] = d.one(settings(d));
      lines.push(neg(`            - name: ${k}`), neg(`              value: "${v}"`));
    }
  }
  return { path: `k8s/${svc}/deployment.yaml`, lines };
}

function composeFile(d: Draw): LabelledFile {
  const lines: Line[] = [
    neg("services:"),
    neg("  db:"),
    neg(`    image: ${d.one(["postgres:16", "mysql:8.4", "mariadb:11"])}`),
    neg("    environment:"),
  ];
  for (let i = d.int(1, 4); i > 0; i--) {
    const name = d.secretName();
    const roll = d.r();
    if (roll < 0.3) {
      // A literal default inside an interpolation.
      const secret = d.chance(0.6);
      const fallback = secret ? d.secretFor(name) : d.one(["changeme", "", "dev", "postgres"]);
      const v = `\${${name}:-${fallback}}`;
      lines.push((secret ? pos : neg)(`      ${name}: "${v}"`));
    } else {
      const e = entry(d, name);
      const text = d.chance(0.5) ? `      ${name}: ${jsonString(e.value)}` : `      - "${name}=${e.value}"`;
      lines.push((e.secret ? pos : neg)(text));
    }
  }
  lines.push(neg("  cache:"), neg("    image: redis:7"));
  const redis = d.chance(0.5) ? d.humanPassword().replace(/ /g, "-") : "";
  if (redis !== "") {
    lines.push(
      pos(
        d.chance(0.5)
          ? `    command: redis-server --requirepass "${redis}"`
          : `    command: ["redis-server", "--requirepass", "${redis}"]`,
      ),
    );
  } else {
    lines.push(neg(`    command: redis-server --requirepass \${REDIS_PASSWORD:?set REDIS_PASSWORD}`));
  }
  lines.push(neg("    healthcheck:"));
  lines.push(neg(`      test: ["CMD-SHELL", "redis-cli -a \\"$$REDIS_PASSWORD\\" ping"]`));
  lines.push(neg("  web:"), neg(`    image: ${d.one(SERVICES)}:latest`), neg("    environment:"));
  const url = d.chance(0.5);
  lines.push(
    url
      ? pos(`      DATABASE_URL: postgres://app:${encodeURIComponent(d.generatedPassword())}@db:5432/app`)
      : neg(`      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db:5432/app`),
  );
  const [k, v] = d.one(settings(d));
  lines.push(neg(`      ${k}: "${v}"`));
  return { path: `${d.one(SERVICES)}/compose.yaml`, lines };
}

function dockerfile(d: Draw): LabelledFile {
  const lines: Line[] = [neg(`FROM node:22-alpine`), neg("WORKDIR /app")];
  const name = d.secretName();
  const secret = d.chance(0.5);
  const value = secret ? d.secretFor(name).replace(/ /g, "_") : d.one(["", "changeme"]);
  lines.push((secret ? pos : neg)(`ARG ${name}=\${${name}:-${value}}`));
  if (d.chance(0.5)) {
    const token = d.chars(URLSAFE, d.int(32, 48));
    lines.push(
      pos(
        `RUN curl -fsSL -H "Authorization: Bearer ${token}" https://artifacts.internal/${d.one(SERVICES)}.tgz | tar xz`,
      ),
    );
  } else {
    lines.push(
      neg(
        `RUN --mount=type=secret,id=token curl -fsSL -H "Authorization: Bearer $(cat /run/secrets/token)" https://artifacts.internal/x.tgz`,
      ),
    );
  }
  if (d.chance(0.5)) {
    const pw = d.chars(`${ALNUM}-_.@%+`, d.int(12, 24));
    lines.push(pos(`RUN mysql -uroot -p${pw} -h db -e "CREATE DATABASE app"`));
  } else {
    lines.push(neg(`RUN mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -h db -e "CREATE DATABASE app"`));
  }
  lines.push(neg(`RUN echo "Pass: no-op" && npm ci --omit=dev`));
  lines.push(neg(`ENV PASSWORD_MIN_LENGTH=${d.int(8, 16)} TOKEN_TTL=${d.int(60, 3600)}`));
  lines.push(neg('CMD ["node", "server.js"]'));
  return { path: `images/${d.one(SERVICES)}/Dockerfile`, lines };
}

function envFile(d: Draw): LabelledFile {
  const example = d.chance(0.3);
  const lines: Line[] = [neg(`# ${d.one(SERVICES)} settings`)];
  for (let i = d.int(3, 8); i > 0; i--) {
    if (d.chance(0.5)) {
      const [k, v] = d.one(settings(d));
      lines.push(neg(`${k}=${v}`));
      continue;
    }
    const name = d.secretName();
    const e = example ? { value: d.placeholder(name), secret: false } : entry(d, name);
    const v = /[ #$'"\\`]/.test(e.value) ? `'${e.value.replace(/'/g, "")}'` : e.value;
    lines.push((e.secret ? pos : neg)(`${name}=${v}`));
  }
  if (!example && d.chance(0.4))
    lines.push(pos(`UPSTREAM_AUTH_HEADER=Bearer ${d.chars(URLSAFE, d.int(32, 40))}`));
  lines.push(neg("PASS_SCHEME=BLF-CRYPT"));
  return { path: example ? ".env.example" : ".env.production", lines };
}

function nginxConf(d: Draw): LabelledFile {
  const lines: Line[] = [
    neg("server {"),
    neg("    listen 443 ssl;"),
    neg("    ssl_certificate /etc/nginx/tls/cert.pem;"),
  ];
  lines.push(neg("    ssl_certificate_key /etc/nginx/tls/key.pem;"), neg("    location /api/ {"));
  if (d.chance(0.5)) {
    const user = d.one(SERVICES);
    lines.push(
      pos(`        proxy_set_header Authorization "Basic ${btoa(`${user}:${d.generatedPassword()}`)}";`),
    );
  } else {
    lines.push(neg('        proxy_set_header Authorization "Bearer $upstream_token";'));
  }
  lines.push(neg("        proxy_pass http://backend;"), neg("    }"), neg("}"));
  return { path: `nginx/conf.d/${d.one(SERVICES)}.conf`, lines };
}

function unitConfig(d: Draw): LabelledFile {
  const app = d.one(SERVICES);
  return {
    path: "unit/config.json",
    lines: [
      neg("{"),
      neg('  "listeners": {'),
      neg(`    "*:${d.int(8000, 8999)}": { "pass": "routes/${app}" }`),
      neg("  },"),
      neg(`  "routes": { "${app}": [{ "action": { "pass": "applications/${app}" } }] },`),
      neg(`  "applications": { "${app}": { "type": "python", "path": "/srv/${app}", "module": "wsgi" } }`),
      neg("}"),
    ],
  };
}

const PHRASES: Record<string, string[]> = {
  "de-DE": [
    "Passwort",
    "Passwort vergessen?",
    "Neues Passwort festlegen",
    "Das Passwort ist zu kurz.",
    "Geheimer Schlüssel",
    "Einmal-Passwort",
  ],
  "fr-FR": [
    "Mot de passe",
    "Mot de passe oublié ?",
    "Le mot de passe est trop court.",
    "Clé secrète",
    "Jeton d'accès",
  ],
  "es-ES": ["Contraseña", "¿Olvidaste tu contraseña?", "La contraseña es demasiado corta.", "Clave secreta"],
  "it-IT": [
    "Password dimenticata?",
    "Mostra/Nascondi password",
    "Chiave segreta",
    "La password è troppo corta.",
  ],
  "ru-RU": ["Пароль", "Забыли пароль?", "Секретный ключ", "Пароль слишком короткий."],
  "ja-JP": ["パスワード", "パスワードをお忘れですか？", "シークレットキー"],
  "sv-SE": ["Lösenord", "Engångslösenord", "Glömt lösenordet?", "Säkerhetsnyckel"],
  "en-US": [
    "Password",
    "Forgot password?",
    "Show password",
    "Secret key",
    "Enter your API token",
    "Token expired. Sign in again.",
  ],
};

function translationFile(d: Draw): LabelledFile {
  const lang = d.one(Object.keys(PHRASES));
  const keys = [
    "password",
    "forgot_password",
    "passwordTooShort",
    "secret_key",
    "api_token_label",
    "newPassword",
    "otpPassword",
    "showPassword",
  ];
  const lines: Line[] = [neg("{")];
  const n = d.int(3, 7);
  for (let i = 0; i < n; i++) {
    const key = d.chance(0.3) ? d.one(PHRASES["en-US"]!) : d.one(keys);
    lines.push(neg(`  "${key}": ${jsonString(d.one(PHRASES[lang]!))}${i < n - 1 ? "," : ""}`));
  }
  lines.push(neg("}"));
  return { path: `web/src/locales/${lang}.json`, lines };
}

function shellScript(d: Draw): LabelledFile {
  const lines: Line[] = [neg("#!/bin/sh"), neg("set -eu")];
  if (d.chance(0.5))
    lines.push(pos(`redis-cli -h cache -a '${d.generatedPassword().replace(/'/g, "")}' ping`));
  else lines.push(neg('redis-cli -h cache -a "$REDIS_PASSWORD" ping'));
  if (d.chance(0.5)) lines.push(pos(`export API_TOKEN=${d.providerToken()}`));
  else lines.push(neg(`export API_TOKEN="\${API_TOKEN:?set API_TOKEN}"`));
  lines.push(neg('echo "Pass: no-op"'), neg('printf "DSN=postgres://app:%s@db/app\\n" "$DB_PASSWORD"'));
  lines.push(neg(`curl -fsS -H "Authorization: Bearer \${API_TOKEN}" https://api.internal/health`));
  return { path: `scripts/${d.one(SERVICES)}-check.txt`, lines };
}

const TEMPLATES = [
  ecsTaskDefinition,
  kubernetesDeployment,
  composeFile,
  dockerfile,
  envFile,
  nginxConf,
  unitConfig,
  translationFile,
  shellScript,
];

/**
 * `count` labelled files drawn from the templates, deterministic for a seed.
 *
 * @example
 * ```ts
 * const files = labelledCorpus(600, 11); // [{ path: "k8s/orders/deployment.yaml", lines: [...] }, ...]
 * ```
 */
export function labelledCorpus(count: number, seed: number): LabelledFile[] {
  const d = new Draw(xorshift(seed));
  const files: LabelledFile[] = [];
  for (let i = 0; i < count; i++) {
    const f = d.one(TEMPLATES)(d);
    files.push({ path: `${String(i).padStart(4, "0")}/${f.path}`, lines: f.lines });
  }
  return files;
}
