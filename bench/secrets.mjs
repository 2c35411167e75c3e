// Secret scanner benchmark: precision, recall and throughput of slipway's scanner and of secretlint 12
// (+ @secretlint/secretlint-rule-preset-recommend, in-process through @secretlint/core `lintSource`)
// on the same labelled corpus. The corpus is generated here at run time from a seeded generator:
// realistic-format keys of every provider, passwords and secrets in env/YAML/JSON/Dockerfile/README
// form, PEM blocks and connection URLs, plus the negatives (placeholders, image digests, commit SHAs,
// UUIDs, checksums, ordinary configuration). No secret-looking literal is written in this file:
// prefixes are joined from pieces and bodies drawn at run time.
//
// Run: npm run bench:secrets            (builds first)
//      node bench/secrets.mjs --files 1500 --seed 7 --runs 5

import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { scanFiles, scanText } from "../dist/secrets.js";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = opt("files", 1500);
const SEED = opt("seed", 7);
const RUNS = opt("runs", 5);
// "realistic": most lines are ordinary configuration, as in real files; "dense": a secret or a
// placeholder on most key/value lines (a stress test of the per-line work).
const DENSE = args.includes("--dense");
const MIX = DENSE
  ? { provider: 0.16, password: 0.08, secret: 0.08, url: 0.05, placeholder: 0.18 }
  : { provider: 0.06, password: 0.03, secret: 0.03, url: 0.02, placeholder: 0.08 };

// ---------------------------------------------------------------------------------------------
// Seeded generator and alphabets
// ---------------------------------------------------------------------------------------------
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = seeded(SEED);
const int = (min, max) => min + Math.floor(rand() * (max - min + 1));
const one = (list) => list[Math.floor(rand() * list.length)];
const chance = (p) => rand() < p;
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const B64URL = `${ALNUM}-_`;
const B64 = `${ALNUM}+/`;
const HEX = "0123456789abcdef";
const BASE32 = `${UPPER}234567`;
const pick = (alphabet, n) => {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
};
const j = (...parts) => parts.join("");
const b64url = (text) => Buffer.from(text).toString("base64url");
const uuid = () =>
  `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-${one("89ab")}${pick(HEX, 3)}-${pick(HEX, 12)}`;

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------
/** Provider credentials: [variable names, value generator]. */
const PROVIDERS = [
  [["AWS_ACCESS_KEY_ID", "aws_access_key_id"], () => j("AK", "IA", pick(BASE32, 16))],
  [["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"], () => pick(`${ALNUM}/+`, 40).replace(/^/, "")],
  [["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT"], () => j("gh", "p_", pick(ALNUM, 36))],
  [
    ["GITHUB_TOKEN", "GH_FINE_GRAINED_TOKEN"],
    () => j("github", "_pat_", pick(ALNUM, 22), "_", pick(ALNUM, 59)),
  ],
  [["GITHUB_OAUTH_TOKEN"], () => j("gh", "o_", pick(ALNUM, 36))],
  [["GITHUB_APP_TOKEN", "GH_INSTALLATION_TOKEN"], () => j("gh", one(["s", "u"]), "_", pick(ALNUM, 36))],
  [
    ["GITLAB_TOKEN", "GITLAB_PAT", "CI_DEPLOY_TOKEN"],
    () => j("gl", one(["pat", "dt", "rt"]), "-", pick(B64URL, 20)),
  ],
  [
    ["SLACK_BOT_TOKEN", "SLACK_TOKEN"],
    () => j("xo", "x", one(["b", "p"]), "-", pick(DIGITS, 12), "-", pick(DIGITS, 13), "-", pick(ALNUM, 24)),
  ],
  [
    ["SLACK_WEBHOOK_URL", "SLACK_HOOK"],
    () =>
      j(
        "https://hooks.",
        "slack.com/services/T",
        pick(BASE32, 8),
        "/B",
        pick(BASE32, 10),
        "/",
        pick(ALNUM, 24),
      ),
  ],
  [["STRIPE_SECRET_KEY", "STRIPE_API_KEY"], () => j(one(["sk", "rk"]), "_live_", pick(ALNUM, one([24, 99])))],
  [["STRIPE_SECRET_KEY"], () => j("sk", "_test_", pick(ALNUM, 24))],
  [["STRIPE_WEBHOOK_SECRET"], () => j("wh", "sec_", pick(ALNUM, 32))],
  [["OPENAI_API_KEY", "OPENAI_KEY"], () => j("sk", "-", pick(ALNUM, 20), "T3Blbk", "FJ", pick(ALNUM, 20))],
  [["OPENAI_API_KEY"], () => j("sk", "-proj-", pick(B64URL, 74), "T3Blbk", "FJ", pick(B64URL, 74))],
  [["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"], () => j("sk", "-ant-api03-", pick(B64URL, 93), "AA")],
  [["GOOGLE_API_KEY", "GOOGLE_MAPS_API_KEY", "FIREBASE_API_KEY"], () => j("AI", "za", pick(B64URL, 35))],
  [["SENDGRID_API_KEY"], () => j("S", "G.", pick(B64URL, 22), ".", pick(B64URL, 43))],
  [["TWILIO_API_KEY", "TWILIO_API_KEY_SID"], () => j("S", "K", pick(HEX, 32))],
  [["TWILIO_AUTH_TOKEN"], () => pick(HEX, 32)],
  [["NPM_TOKEN", "NODE_AUTH_TOKEN"], () => j("np", "m_", pick(ALNUM, 36))],
  [["SUPABASE_SERVICE_ROLE_KEY", "API_JWT", "SERVICE_TOKEN"], () => jwt()],
];

function jwt() {
  const header = b64url(JSON.stringify({ alg: one(["HS256", "RS256", "ES256"]), typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({ sub: uuid(), role: one(["service_role", "admin", "user"]), iat: int(1.6e9, 1.8e9) }),
  );
  return `${header}.${payload}.${pick(B64URL, one([43, 86, 342]))}`;
}

const WORDS = [
  "falcon",
  "harbor",
  "maple",
  "orbit",
  "quartz",
  "tundra",
  "velvet",
  "cobalt",
  "ember",
  "granite",
  "meadow",
  "pepper",
];
/** Passwords a person or a generator would choose. */
function passwordValue() {
  switch (int(0, 4)) {
    case 0:
      return pick(`${ALNUM}!%^*-_.@`, int(12, 32)).replace(/^[!%^*._@-]/, "k");
    case 1:
      return `${one(WORDS)}${one(WORDS)}${int(10, 9999)}${one(["", "!", "#", "?"])}`;
    case 2:
      return `${one(WORDS)[0].toUpperCase()}${one(WORDS).slice(1)}_${int(100, 999)}${one(WORDS)}`;
    case 3:
      return pick(ALNUM, int(16, 40));
    default:
      return `my${one(WORDS)}password${int(1, 999)}`;
  }
}
/** Secrets, tokens and keys of applications. */
function secretValue() {
  switch (int(0, 5)) {
    case 0:
      return pick(HEX, one([32, 48, 64]));
    case 1:
      return Buffer.from(pick(ALNUM, 32)).toString("base64");
    case 2:
      return `base64:${Buffer.from(pick(ALNUM, 32)).toString("base64")}`;
    case 3:
      return pick(`${LOWER}${DIGITS}!@#%^&*-_=+`, 50).replace(/^[^a-z]/, "d");
    case 4:
      return pick(ALNUM, int(24, 64));
    default:
      return pick(B64URL, int(32, 86));
  }
}
const PASSWORD_KEYS = [
  "POSTGRES_PASSWORD",
  "MYSQL_ROOT_PASSWORD",
  "MYSQL_PASSWORD",
  "MONGO_INITDB_ROOT_PASSWORD",
  "REDIS_PASSWORD",
  "RABBITMQ_DEFAULT_PASS",
  "DB_PASS",
  "SMTP_PASSWORD",
  "MINIO_ROOT_PASSWORD",
  "ADMIN_PASSWORD",
  "KEYCLOAK_ADMIN_PASSWORD",
  "ELASTIC_PASSWORD",
];
const SECRET_KEYS = [
  "JWT_SECRET",
  "SESSION_SECRET",
  "SECRET_KEY",
  "SECRET_KEY_BASE",
  "APP_KEY",
  "API_KEY",
  "ACCESS_TOKEN",
  "AUTH_TOKEN",
  "NEXTAUTH_SECRET",
  "ENCRYPTION_KEY",
  "CLIENT_SECRET",
  "WEBHOOK_SECRET",
  "MEILI_MASTER_KEY",
  "COOKIE_SECRET",
  "SIGNING_KEY",
  "PRIVATE_TOKEN",
];
const camel = (name) => name.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function urlWithPassword() {
  const pw = chance(0.5) ? pick(ALNUM, int(12, 24)) : passwordValue().replace(/[@:/?#]/g, "x");
  const user = one(["app", "admin", "postgres", "svc_api", "root"]);
  return one([
    `postgresql://${user}:${pw}@db.internal:5432/app`,
    `postgres://${user}:${pw}@localhost:${int(5400, 5655)}/app_db`,
    `mysql://${user}:${pw}@mysql:3306/shop`,
    `mongodb+srv://${user}:${pw}@cluster0.${pick(LOWER, 5)}.mongodb.net/prod`,
    `redis://:${pw}@cache:6379/0`,
    `amqp://${user}:${pw}@rabbitmq:5672/`,
    `https://${user}:${pw}@registry.example.org/v2/`,
  ]);
}
const URL_KEYS = ["DATABASE_URL", "REDIS_URL", "MONGO_URL", "AMQP_URL", "BROKER_URL", "REGISTRY_URL"];

// Negatives ------------------------------------------------------------------------------------
function placeholderValue(key) {
  return one([
    `\${${key}}`,
    `\${${key}:-}`,
    `\${${key}:?${key} is required}`,
    `\${${key}?missing}`,
    `$${key}`,
    `{{ .Values.${camel(key)} }}`,
    "changeme",
    "CHANGE_ME",
    "dev_password_CHANGE_IN_PROD",
    "sk-your-openai-key-here",
    "pk.your-mapbox-token-here",
    "sk_test_your-stripe-key-here",
    `<your-${key.toLowerCase().replace(/_/g, "-")}>`,
    "xxx",
    "xxxxxxxxxxxxxxxx",
    "example",
    "dummy",
    "your-api-key-here",
    "REPLACE_ME",
    "********",
    j("gh", "p_", "x".repeat(36)),
    j("AK", "IA", "IOSFODNN7", "EXAMPLE"),
  ]);
}
const ORDINARY = [
  () => ["NODE_ENV", one(["production", "development", "staging"])],
  () => ["LOG_LEVEL", one(["info", "debug", "warn"])],
  () => ["PORT", String(int(3000, 9000))],
  () => ["POSTGRES_HOST", one(["postgres", "db", "localhost"])],
  () => ["POSTGRES_PORT", String(int(5400, 5655))],
  () => ["POSTGRES_USER", one(["app", "postgres", "chi_admin"])],
  () => ["POSTGRES_DB", one(["app", "shop", "analytics"])],
  () => ["REDIS_URL", `redis://redis:${int(6379, 6400)}/0`],
  () => ["API_URL", `https://api.${one(["example.com", "internal", "acme.io"])}/v${int(1, 3)}`],
  () => ["TOKEN_TTL", String(int(60, 86400))],
  () => ["JWT_ALGORITHM", one(["HS256", "RS256", "EdDSA"])],
  () => ["JWT_EXPIRES_IN", one(["15m", "1h", "7d"])],
  () => ["PASSWORD_MIN_LENGTH", String(int(8, 16))],
  () => ["POSTGRES_PASSWORD_FILE", "/run/secrets/postgres_password"],
  () => ["SECRET_NAME", `prod/${one(["api", "web"])}/database`],
  () => ["AUTH_PROVIDER", one(["github", "google", "keycloak"])],
  () => ["API_KEY_HEADER", "X-Api-Key"],
  () => ["SESSION_COOKIE_NAME", "sid"],
  () => ["MYSQL_ALLOW_EMPTY_PASSWORD", "no"],
  () => ["TOKEN_TYPE", "Bearer"],
  () => ["STRIPE_PUBLISHABLE_KEY", j("pk", "_live_", pick(ALNUM, 24))],
  () => ["CACHE_KEY_PREFIX", "app:"],
  () => ["ROUTING_KEY", "orders.created"],
  () => ["GIT_COMMIT", pick(HEX, 40)],
  () => ["BUILD_SHA", pick(HEX, 40)],
  () => ["TENANT_ID", uuid()],
  () => ["CLIENT_ID", uuid()],
  () => ["REQUEST_ID", uuid()],
  () => ["NODE_SHA256", pick(HEX, 64)],
  () => ["ARTIFACT_MD5", pick(HEX, 32)],
  () => ["FEATURE_FLAGS", "search,billing"],
  () => ["TZ", "Europe/Paris"],
  () => [
    "DATABASE_URL",
    `postgresql://\${POSTGRES_USER}:\${POSTGRES_PASSWORD}@postgres:5432/\${POSTGRES_DB}`,
  ],
  () => ["ALLOWED_HOSTS", "localhost,127.0.0.1"],
  () => ["S3_BUCKET", `assets-${pick(LOWER + DIGITS, 8)}`],
  () => ["IMAGE_DIGEST", `sha256:${pick(HEX, 64)}`],
];

// ---------------------------------------------------------------------------------------------
// Labelled lines per syntax
// ---------------------------------------------------------------------------------------------
/** A positive or negative key/value of any category. Returns [key, value, label]. */
function entry() {
  const r = rand();
  let edge = MIX.provider;
  if (r < edge) {
    const [keys, gen] = one(PROVIDERS);
    return [one(keys), gen(), "pos"];
  }
  edge += MIX.password;
  if (r < edge) return [one(PASSWORD_KEYS), passwordValue(), "pos"];
  edge += MIX.secret;
  if (r < edge) return [one(SECRET_KEYS), secretValue(), "pos"];
  edge += MIX.url;
  if (r < edge) return [one(URL_KEYS), urlWithPassword(), "pos"];
  edge += MIX.placeholder;
  if (r < edge) {
    const key = one([
      ...PASSWORD_KEYS,
      ...SECRET_KEYS,
      "OPENAI_API_KEY",
      "MAPBOX_TOKEN",
      "STRIPE_SECRET_KEY",
      "GITHUB_TOKEN",
    ]);
    return [key, placeholderValue(key), "neg"];
  }
  const [key, value] = one(ORDINARY)();
  return [key, value, "neg"];
}

const quoteIf = (v, q) => (q ? `"${v.replace(/["\\]/g, "\\$&")}"` : v);
const needsQuotes = (v) => /[\s#:{}[\],&*!|>'"%@`]/.test(v) || v === "";

function envFile() {
  const lines = [{ text: `# ${one(["Production", "Staging", "Service"])} settings`, label: "neg" }];
  const n = int(20, 60);
  for (let i = 0; i < n; i++) {
    if (chance(0.08)) lines.push({ text: "", label: "neg" });
    if (chance(0.06))
      lines.push({
        text: `# ${one(["Database", "API keys (set via CI/CD)", "Mail", "Cache"])}`,
        label: "neg",
      });
    const [k, v, label] = entry();
    const q = /\s/.test(v) || chance(0.2);
    lines.push({ text: `${chance(0.05) ? "export " : ""}${k}=${quoteIf(v, q)}`, label });
  }
  return {
    path: one([".env.production", ".env.staging", ".env", "deploy/.env.production", ".env.example"]),
    lines,
  };
}

function composeFile() {
  const lines = [{ text: "services:", label: "neg" }];
  const services = int(2, 5);
  for (let s = 0; s < services; s++) {
    const name =
      one(["api", "web", "worker", "postgres", "redis", "queue", "search"]) + (s > 0 ? `-${s}` : "");
    lines.push({ text: `  ${name}:`, label: "neg" });
    const image = one([
      "postgres:16",
      "redis:7-alpine",
      "node:20-alpine",
      "rabbitmq:3.13-management",
      "getmeili/meilisearch:v1.8",
    ]);
    lines.push({ text: `    image: ${image}${chance(0.5) ? `@sha256:${pick(HEX, 64)}` : ""}`, label: "neg" });
    lines.push({ text: "    restart: unless-stopped", label: "neg" });
    lines.push({ text: "    ports:", label: "neg" });
    lines.push({ text: `      - "${int(3000, 9000)}:${int(80, 9000)}"`, label: "neg" });
    const list = chance(0.5);
    lines.push({ text: "    environment:", label: "neg" });
    const n = int(4, 14);
    for (let i = 0; i < n; i++) {
      const [k, v, label] = entry();
      if (list) lines.push({ text: `      - ${k}=${v}`, label });
      else lines.push({ text: `      ${k}: ${quoteIf(v, needsQuotes(v))}`, label });
    }
    lines.push({ text: "    healthcheck:", label: "neg" });
    lines.push({ text: '      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"]', label: "neg" });
    lines.push({ text: "      interval: 10s", label: "neg" });
    lines.push({ text: "      timeout: 5s", label: "neg" });
    lines.push({ text: "      retries: 5", label: "neg" });
    if (chance(0.6)) {
      lines.push({ text: "    depends_on:", label: "neg" });
      lines.push({ text: "      postgres:", label: "neg" });
      lines.push({ text: "        condition: service_healthy", label: "neg" });
    }
    lines.push({ text: "    volumes:", label: "neg" });
    lines.push({
      text: `      - ${one(["pgdata", "redisdata", "uploads"])}:/var/lib/${name}/data`,
      label: "neg",
    });
    lines.push({ text: "    networks:", label: "neg" });
    lines.push({ text: "      - app_network", label: "neg" });
    if (chance(0.5)) {
      lines.push({ text: "    labels:", label: "neg" });
      lines.push({
        text: `      com.example.team: ${one(["platform", "payments", "search"])}`,
        label: "neg",
      });
      lines.push({ text: `      org.opencontainers.image.revision: ${pick(HEX, 40)}`, label: "neg" });
    }
    if (chance(0.5)) {
      lines.push({ text: "    deploy:", label: "neg" });
      lines.push({ text: "      resources:", label: "neg" });
      lines.push({ text: "        limits:", label: "neg" });
      lines.push({ text: `          memory: ${int(256, 2048)}M`, label: "neg" });
    }
  }
  lines.push({ text: "networks:", label: "neg" });
  lines.push({ text: "  app_network:", label: "neg" });
  lines.push({ text: "    driver: bridge", label: "neg" });
  lines.push({ text: "volumes:", label: "neg" });
  lines.push({ text: "  pgdata:", label: "neg" });
  return { path: one(["docker-compose.yml", "compose.yaml", "docker-compose.prod.yml"]), lines };
}

function jsonFile() {
  const lines = [{ text: "{", label: "neg" }];
  const n = int(10, 40);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.1) {
      lines.push({
        text: `  "integrity": "sha512-${Buffer.from(pick(ALNUM, 64)).toString("base64")}",`,
        label: "neg",
      });
      continue;
    }
    if (r < 0.15) {
      lines.push({ text: `  "gitHead": "${pick(HEX, 40)}",`, label: "neg" });
      continue;
    }
    const [k, v, label] = entry();
    const key = chance(0.5) ? camel(k) : k.toLowerCase();
    lines.push({ text: `  "${key}": ${JSON.stringify(v)},`, label });
  }
  lines.push({ text: `  "version": "${int(1, 9)}.${int(0, 20)}.${int(0, 40)}"`, label: "neg" });
  lines.push({ text: "}", label: "neg" });
  return { path: one(["config/production.json", "appsettings.json", "config/secrets.json"]), lines };
}

function yamlConfig() {
  const lines = [];
  const sections = int(2, 5);
  for (let s = 0; s < sections; s++) {
    lines.push({
      text: `${one(["database", "mail", "auth", "cache", "payments", "storage"])}:`,
      label: "neg",
    });
    const n = int(3, 10);
    for (let i = 0; i < n; i++) {
      const [k, v, label] = entry();
      const key = k.toLowerCase();
      lines.push({ text: `  ${key}: ${quoteIf(v, needsQuotes(v))}`, label });
    }
  }
  lines.push({ text: `checksum: sha256:${pick(HEX, 64)}`, label: "neg" });
  lines.push({ text: `revision: ${pick(HEX, 40)}`, label: "neg" });
  return { path: one(["config/app.yaml", "helm/values.yaml", "settings.yml"]), lines };
}

function dockerfile() {
  const lines = [
    { text: `FROM node:20-alpine@sha256:${pick(HEX, 64)} AS build`, label: "neg" },
    { text: "WORKDIR /app", label: "neg" },
    { text: `ARG NODE_SHA256=${pick(HEX, 64)}`, label: "neg" },
  ];
  const n = int(4, 12);
  for (let i = 0; i < n; i++) {
    const [k, v, label] = entry();
    if (/\s/.test(v)) continue;
    lines.push({ text: `${one(["ENV", "ARG"])} ${k}=${v}`, label });
  }
  lines.push({ text: `RUN echo "${pick(HEX, 64)}  node.tar.gz" | sha256sum -c -`, label: "neg" });
  lines.push({ text: "COPY package*.json ./", label: "neg" });
  lines.push({ text: "RUN npm ci --omit=dev", label: "neg" });
  lines.push({ text: 'CMD ["node", "dist/server.js"]', label: "neg" });
  return { path: one(["Dockerfile", "api/Dockerfile", "Dockerfile.prod"]), lines };
}

function readme() {
  const lines = [
    { text: `# ${one(["Acme API", "Shop", "Telemetry"])}`, label: "neg" },
    { text: "", label: "neg" },
    { text: "Copy `.env.example` to `.env.development` and fill in the API keys.", label: "neg" },
    { text: `Fixed in commit ${pick(HEX, 40)} (see #${int(10, 999)}).`, label: "neg" },
  ];
  const SENTENCES = [
    "The API serves JSON over HTTP and keeps its state in PostgreSQL.",
    "Run the test suite before opening a pull request; CI runs the same commands.",
    "Ports are assigned per project so that several checkouts can run side by side.",
    "Credentials for staging and production come from the secret manager, never from this repository.",
    "Use the password reset flow in the admin console if you lose access to your account.",
    "Tokens expire after fifteen minutes; the client refreshes them in the background.",
    "See docs/architecture.md for the service map and the message flow between workers.",
    "Logs are shipped to the central collector with the service name and the request id.",
  ];
  for (let p = 0; p < int(2, 6); p++) {
    lines.push({
      text: `## ${one(["Setup", "Configuration", "Deployment", "Troubleshooting", "Architecture"])}`,
      label: "neg",
    });
    lines.push({ text: "", label: "neg" });
    for (let k = 0; k < int(2, 5); k++)
      lines.push({ text: `${one(SENTENCES)} ${one(SENTENCES)}`, label: "neg" });
    lines.push({ text: "", label: "neg" });
  }
  lines.push({ text: "```bash", label: "neg" });
  const n = int(3, 10);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < (DENSE ? 0.15 : 0.05)) {
      lines.push({
        text: `curl -H "Authorization: Bearer ${jwt()}" https://api.example.com/v1/me`,
        label: "pos",
      });
    } else if (r < (DENSE ? 0.25 : 0.1)) {
      const [keys, gen] = one(
        PROVIDERS.filter(([k]) => !k.includes("TWILIO_AUTH_TOKEN") && !k.includes("AWS_SECRET_ACCESS_KEY")),
      );
      void keys;
      lines.push({ text: `./deploy.sh --token ${gen()} --region eu-west-1`, label: "pos" });
    } else if (r < (DENSE ? 0.3 : 0.12)) {
      lines.push({
        text: `//registry.npmjs.org/:_authToken=${j("np", "m_", pick(ALNUM, 36))}`,
        label: "pos",
      });
    } else if (r < 0.4) {
      lines.push({ text: `docker pull ghcr.io/acme/api@sha256:${pick(HEX, 64)}`, label: "neg" });
    } else if (r < 0.6 && !DENSE) {
      lines.push({
        text: one(["npm ci", "npm run build", "docker compose up -d", "npm test -- --coverage"]),
        label: "neg",
      });
    } else {
      const [k, v, label] = entry();
      lines.push({ text: `export ${k}=${quoteIf(v, /\s/.test(v) || chance(0.3))}`, label });
    }
  }
  lines.push({ text: "```", label: "neg" });
  if (chance(0.4)) {
    lines.push({ text: "The service account key looks like:", label: "neg" });
    lines.push({ text: "```", label: "neg" });
    lines.push({ text: j("-----BEGIN ", "PRIVATE", " KEY-----"), label: "neg" });
    lines.push({ text: "...", label: "neg" });
    lines.push({ text: j("-----END ", "PRIVATE", " KEY-----"), label: "neg" });
    lines.push({ text: "```", label: "neg" });
  }
  return { path: one(["README.md", "docs/README.md"]), lines };
}

function pemFile() {
  const type = one(["RSA ", "EC ", "OPENSSH ", "", "ENCRYPTED ", "DSA "]);
  const label = j(type, "PRIVATE", " KEY");
  const lines = [];
  if (chance(0.5)) {
    // A service-account JSON with the key on one line, newlines escaped.
    const body = [];
    for (let i = 0; i < int(8, 25); i++) body.push(pick(B64, 64));
    lines.push({ text: "{", label: "neg" });
    lines.push({ text: `  "type": "service_account",`, label: "neg" });
    lines.push({ text: `  "private_key_id": "${pick(HEX, 40)}",`, label: "neg" });
    lines.push({
      text: `  "private_key": "-----BEGIN ${label}-----\\n${body.join("\\n")}\\n-----END ${label}-----\\n",`,
      label: "pos",
    });
    lines.push({ text: `  "client_email": "svc@${pick(LOWER, 8)}.iam.gserviceaccount.com",`, label: "neg" });
    lines.push({ text: `  "client_id": "${pick(DIGITS, 21)}"`, label: "neg" });
    lines.push({ text: "}", label: "neg" });
    return { path: "config/service-account.json", lines };
  }
  lines.push({ text: `-----BEGIN ${label}-----`, label: "pos" });
  for (let i = 0; i < int(8, 25); i++) lines.push({ text: pick(B64, 64), label: "skip" });
  lines.push({ text: `${pick(B64, int(4, 60))}==`, label: "skip" });
  lines.push({ text: `-----END ${label}-----`, label: "skip" });
  return { path: one(["deploy/id_rsa", "certs/server.key", "keys/signing.pem"]), lines };
}

const GENERATORS = [
  envFile,
  envFile,
  composeFile,
  composeFile,
  jsonFile,
  yamlConfig,
  dockerfile,
  readme,
  pemFile,
];

function corpus(count) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const f = one(GENERATORS)();
    files.push({ path: `${String(i).padStart(4, "0")}/${f.path}`, lines: f.lines });
  }
  return files.map((f) => ({ ...f, content: `${f.lines.map((l) => l.text).join("\n")}\n` }));
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------
function score(files, flaggedByFile) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses = [];
  const falseAlarms = [];
  files.forEach((f, i) => {
    const flagged = flaggedByFile[i];
    f.lines.forEach((l, n) => {
      if (l.label === "skip") return;
      const hit = flagged.has(n + 1);
      if (l.label === "pos" && hit) tp++;
      else if (l.label === "pos") {
        fn++;
        misses.push(`${f.path}:${n + 1}`);
      } else if (hit) {
        fp++;
        falseAlarms.push(`${f.path}:${n + 1}`);
      }
    });
  });
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { tp, fp, fn, precision, recall, misses, falseAlarms };
}

const secretlintConfig = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }],
};
async function secretlintFile(f) {
  const result = await lintSource({
    source: { filePath: `/corpus/${f.path}`, content: f.content, contentType: "text" },
    options: { config: secretlintConfig, maskSecrets: true },
  });
  return result.messages;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------
const files = corpus(FILES);
const inputs = files.map((f) => ({ path: f.path, content: f.content }));
const bytes = inputs.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
const mib = bytes / 1024 / 1024;
let positives = 0;
let negatives = 0;
for (const f of files)
  for (const l of f.lines) {
    if (l.label === "pos") positives++;
    else if (l.label === "neg") negatives++;
  }

// secretlint's profiler records a performance mark per rule per file and searches all earlier
// entries on each one, which makes a run quadratic in its file count (secretlint issues #1633,
// #1653). It is a module-level singleton of @secretlint/profiler: replace its `mark` with a no-op so
// that only the scanning is timed, and clear the marks it may already hold.
// `--secretlint-profiler` keeps it, to show its cost.
const PROFILER = args.includes("--secretlint-profiler");
if (!PROFILER) {
  secretLintProfiler.mark = () => {};
  performance.clearMarks();
  performance.clearMeasures();
}

if (args.includes("--profile-slipway")) {
  for (let r = 0; r < 20; r++) scanFiles(inputs);
  process.exit(0);
}
if (args.includes("--dump")) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(args[args.indexOf("--dump") + 1], JSON.stringify(inputs));
  process.exit(0);
}

// Quality
const slipwayFlags = inputs.map((f) => {
  const lines = new Set();
  for (const finding of scanText(f.content, { file: f.path }))
    if (finding.placeholder !== true) lines.add(finding.line);
  return lines;
});
const secretlintFlags = [];
for (const f of inputs) {
  const lines = new Set();
  for (const m of await secretlintFile(f)) lines.add(m.loc.start.line);
  secretlintFlags.push(lines);
}
const qs = score(files, slipwayFlags);
const ql = score(files, secretlintFlags);

// Speed: the same bytes, whole corpus per run, median of RUNS runs after a warm-up. The machine may
// be shared, so CPU time of this process (user + system) is measured next to wall time; both
// scanners run in this one thread, secretlint's promises included.
function measure(fn) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  return Promise.resolve(fn()).then(() => {
    const wall = performance.now() - t0;
    const u = process.cpuUsage(cpu);
    return { wall, cpu: (u.user + u.system) / 1000 };
  });
}
const slipwayRuns = [];
scanFiles(inputs);
scanFiles(inputs);
for (let r = 0; r < RUNS; r++) slipwayRuns.push(await measure(() => scanFiles(inputs)));
const secretlintRuns = [];
for (const f of inputs.slice(0, 100)) await secretlintFile(f);
for (let r = 0; r < RUNS; r++) {
  secretlintRuns.push(
    await measure(async () => {
      for (const f of inputs) await secretlintFile(f);
    }),
  );
}
const ts = median(slipwayRuns.map((r) => r.wall));
const tl = median(secretlintRuns.map((r) => r.wall));
const cs = median(slipwayRuns.map((r) => r.cpu));
const cl = median(secretlintRuns.map((r) => r.cpu));

const fmt = (x) => x.toFixed(3);
console.log(
  `corpus (${DENSE ? "dense" : "realistic"} mix): ${files.length} files, ${mib.toFixed(2)} MiB, ${positives} secret lines, ${negatives} clean lines (seed ${SEED})`,
);
console.log("");
const rate = (ms) => (mib / (ms / 1000)).toFixed(1);
console.log(
  "| scanner | precision | recall | TP | FP | FN | wall (median) | MiB/s wall | CPU (median) | MiB/s CPU |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const [name, q, wall, cpu] of [
  ["slipway", qs, ts, cs],
  ["secretlint 12 + preset-recommend", ql, tl, cl],
]) {
  console.log(
    `| ${name} | ${fmt(q.precision)} | ${fmt(q.recall)} | ${q.tp} | ${q.fp} | ${q.fn} | ${wall.toFixed(0)} ms | ${rate(wall)} | ${cpu.toFixed(0)} ms | ${rate(cpu)} |`,
  );
}
console.log("");
console.log(
  `throughput ratio slipway / secretlint: ${(tl / ts).toFixed(1)}x wall, ${(cl / cs).toFixed(1)}x CPU`,
);
if (args.includes("--verbose")) {
  const show = (title, list) => {
    console.log(`${title} (${list.length}):`);
    for (const where of list.slice(0, 40)) {
      const [path, line] = [
        where.slice(0, where.lastIndexOf(":")),
        Number(where.slice(where.lastIndexOf(":") + 1)),
      ];
      const file = files.find((f) => f.path === path);
      const text = file.lines[line - 1].text;
      console.log(`  ${where}  ${text.slice(0, 140)}`);
    }
  };
  show("slipway misses", qs.misses);
  show("slipway false alarms", qs.falseAlarms);
  show("secretlint false alarms", ql.falseAlarms);
}

// Linearity: the same block of lines repeated 4 000 and 32 000 times (8× the input); a linear scan
// takes ~8× the time, a quadratic one ~64×. Best of three runs each. Timing lives here, not in tests.
{
  const unit = `api:\n  PASSWORD: ${pick(ALNUM, 10)}\n  token: \${TOKEN}\n  url: postgres://u:${pick(ALNUM, 6)}@h/d\n`;
  const best = (n) => {
    const text = unit.repeat(n);
    let t = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      scanText(text, { file: "c.yml" });
      t = Math.min(t, performance.now() - t0);
    }
    return t;
  };
  best(2000);
  const small = best(4000);
  const large = best(32000);
  console.log(
    `linearity: 8x the input (${((unit.length * 4000) / 1024).toFixed(0)} KiB -> ${((unit.length * 32000) / 1024).toFixed(0)} KiB) took ${(large / small).toFixed(1)}x the time (${small.toFixed(1)} ms -> ${large.toFixed(1)} ms)`,
  );
}
