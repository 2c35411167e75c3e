import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  COMPOSE_HEADER_MARKER,
  type ComposeFile,
  parseCompose,
  renderCompose,
} from "../../src/compose/index.js";

// --- Arbitrary models ------------------------------------------------------------------------------

/** Strings that trip YAML writers: other types in YAML 1.1 or 1.2, indicators, whitespace, escapes. */
const tricky = fc.constantFrom(
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "n",
  "~",
  "null",
  "True",
  "0o17",
  "017",
  "0x1F",
  "0b101",
  "1:20",
  "1_000",
  "2024-01-01",
  "=",
  "<<",
  ".",
  "-",
  "- a",
  "#x",
  "a #b",
  "a: b",
  "'q'",
  '"dq"',
  " lead",
  "trail ",
  "multi\nline",
  "multi\nline\n",
  "tab\tin",
  "",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose interpolation, not a template
  "${VAR}",
  "$${X}",
  "[a]",
  "{b}",
  "@at",
  "`tick",
  "%pct",
  "!bang",
  "*star",
  "&amp",
  "|pipe",
  ">gt",
  "?q",
  ",comma",
  "0",
  "-0",
  "1e3",
  ".inf",
  ".NaN",
  "127.0.0.1:5432:5432",
  "8080:80/udp",
);
const text = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
);
// `__proto__` is rejected by parseCompose (compose/reserved-key), so models never hold it.
const key = text.filter((k) => k !== "__proto__");
const resourceName = fc.stringMatching(/^[a-zA-Z0-9._-]{1,10}$/).filter((k) => k !== "__proto__");
const projectName = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(key, tie("value"), { maxKeys: 3 }),
  ),
})).value;
const keyValues = fc.oneof(fc.dictionary(key, scalar, { maxKeys: 4 }), fc.array(text, { maxLength: 3 }));
const opt = { requiredKeys: [] as never[] };

const service = fc.record(
  {
    image: text,
    build: fc.oneof(text, fc.record({ context: text, dockerfile: text, target: text, args: keyValues }, opt)),
    command: fc.oneof(text, fc.array(text, { maxLength: 3 })),
    ports: fc.array(
      fc.oneof(
        text,
        fc.record(
          {
            target: fc.integer({ min: 1, max: 65535 }),
            published: fc.oneof(text, fc.integer({ min: 1, max: 65535 })),
            host_ip: text,
            protocol: text,
          },
          { requiredKeys: ["target"] },
        ),
      ),
      { maxLength: 3 },
    ),
    expose: fc.array(text, { maxLength: 2 }),
    volumes: fc.array(
      fc.oneof(
        text,
        fc.record(
          { type: text, source: text, target: text, read_only: fc.boolean() },
          { requiredKeys: ["type", "target"] },
        ),
      ),
      { maxLength: 2 },
    ),
    environment: keyValues,
    env_file: fc.oneof(
      text,
      fc.array(
        fc.oneof(text, fc.record({ path: text, required: fc.boolean() }, { requiredKeys: ["path"] })),
        {
          maxLength: 2,
        },
      ),
    ),
    networks: fc.oneof(
      fc.array(resourceName, { maxLength: 2 }),
      fc.dictionary(
        resourceName,
        fc.oneof(fc.constant(null), fc.record({ aliases: fc.array(text, { maxLength: 2 }) }, opt)),
        { maxKeys: 2 },
      ),
    ),
    healthcheck: fc.record(
      {
        test: fc.oneof(text, fc.array(text, { maxLength: 4 })),
        interval: text,
        timeout: text,
        retries: fc.integer({ min: 0, max: 10 }),
        start_period: text,
        start_interval: text,
        disable: fc.boolean(),
      },
      opt,
    ),
    depends_on: fc.oneof(
      fc.array(resourceName, { maxLength: 2 }),
      fc.dictionary(
        resourceName,
        fc.record(
          {
            condition: fc.constantFrom(
              "service_started",
              "service_healthy",
              "service_completed_successfully",
            ),
            required: fc.boolean(),
            restart: fc.boolean(),
          },
          { requiredKeys: ["condition"] },
        ),
        { maxKeys: 2 },
      ),
    ),
    restart: text,
    deploy: fc.record(
      {
        replicas: fc.integer({ min: 0, max: 5 }),
        resources: fc.record(
          {
            limits: fc.record(
              { cpus: fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true })), memory: text },
              opt,
            ),
          },
          opt,
        ),
      },
      opt,
    ),
    labels: keyValues,
    profiles: fc.array(text, { maxLength: 2 }),
    stop_signal: text,
    "x-meta": json,
  },
  opt,
);

const model: fc.Arbitrary<ComposeFile> = fc.record(
  {
    version: text,
    name: projectName,
    services: fc.dictionary(resourceName, service, { maxKeys: 4 }),
    volumes: fc.dictionary(
      resourceName,
      fc.oneof(
        fc.constant(null),
        fc.record({ driver: text, external: fc.boolean(), name: text, labels: keyValues }, opt),
      ),
      { maxKeys: 2 },
    ),
    networks: fc.dictionary(
      resourceName,
      fc.oneof(
        fc.constant(null),
        fc.record({ driver: text, internal: fc.boolean(), external: fc.boolean() }, opt),
      ),
      { maxKeys: 2 },
    ),
    secrets: fc.dictionary(resourceName, fc.record({ file: text, environment: text }, opt), { maxKeys: 2 }),
    "x-defaults": json,
  },
  { requiredKeys: ["services"] },
) as fc.Arbitrary<ComposeFile>;

// --- Tests -----------------------------------------------------------------------------------------

describe("renderCompose", () => {
  it("round-trips every model through parseCompose", () => {
    fc.assert(
      fc.property(model, (m) => {
        const back = parseCompose(renderCompose(m));
        expect(back.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(back.ok && back.value).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the key order of the model does not change the bytes", () => {
    fc.assert(
      fc.property(model, (m) => {
        expect(renderCompose(reverseKeys(m))).toBe(renderCompose(m));
      }),
      { numRuns: 100 },
    );
  });

  it("never writes a key twice in one mapping", () => {
    fc.assert(
      fc.property(model, (m) => {
        // The yaml parser reports duplicate keys as errors; none may appear.
        expect(parseCompose(renderCompose(m)).diagnostics.map((d) => d.code)).not.toContain(
          "compose/duplicate-key",
        );
      }),
      { numRuns: 100 },
    );
  });

  it("writes keys in the fixed order, then the others sorted", () => {
    const text = renderCompose(
      {
        "x-b": 1,
        networks: { net: null },
        services: {
          web: {
            zz_unknown: 1,
            restart: "unless-stopped",
            healthcheck: { retries: 3, test: ["CMD", "true"] },
            ports: ["127.0.0.1:80:80"],
            environment: { B: "2", A: "1" },
            depends_on: { z: { condition: "service_started" }, a: { condition: "service_healthy" } },
            image: "nginx:1.27",
          },
          api: { image: "node:22-alpine" },
        },
        name: "demo",
        "x-a": 2,
      } as ComposeFile,
      { header: false },
    );
    const keys = text.split("\n").filter((l) => /^\S/.test(l));
    expect(keys).toEqual(["x-a: 2", "x-b: 1", "name: demo", "services:", "networks:"]);
    const web = text.slice(text.indexOf("  web:"));
    const webKeys = web
      .split("\n")
      .filter((l) => /^ {4}\S/.test(l))
      .map((l) => l.trim().split(":")[0]);
    expect(webKeys).toEqual([
      "image",
      "depends_on",
      "environment",
      "ports",
      "restart",
      "healthcheck",
      "zz_unknown",
    ]);
    expect(text.indexOf("  api:")).toBeLessThan(text.indexOf("  web:"));
    expect(text.indexOf("      a:")).toBeLessThan(text.indexOf("      z:"));
    // Free-form maps keep the model's order.
    expect(text.indexOf("B: ")).toBeLessThan(text.indexOf("A: "));
    expect(text).toContain('test: ["CMD", "true"]');
  });

  it("always quotes ports, and strings other YAML readers would misread", () => {
    const text = renderCompose(
      {
        services: {
          web: {
            image: "nginx:1.27",
            ports: ["8080:80", "127.0.0.1:5432:5432"],
            expose: ["3000"],
            environment: { FLAG: "yes", OCT: "0o17", LEGACY_OCT: "017", TIME: "1:20", DATE: "2024-01-01" },
          },
        },
      },
      { header: false },
    );
    expect(text).toContain("- '8080:80'");
    expect(text).toContain("- '127.0.0.1:5432:5432'");
    expect(text).toContain("- '3000'");
    for (const v of ["yes", "0o17", "017", "1:20", "2024-01-01"]) expect(text).toContain(`"${v}"`);
    // A YAML 1.1 reader (as in docker-compose 1.x) gets strings too.
    const yaml11 = parse(text, { version: "1.1" }) as {
      services: { web: { environment: Record<string, unknown> } };
    };
    expect(Object.values(yaml11.services.web.environment).every((v) => typeof v === "string")).toBe(true);
  });

  it("writes a header naming the tool and the command, or none", () => {
    const m: ComposeFile = { services: {} };
    const text = renderCompose(m, { regenerateCommand: "npm run infra" });
    expect(text.startsWith(`# ${COMPOSE_HEADER_MARKER}`)).toBe(true);
    expect(text).toContain("# Regenerate with: npm run infra");
    expect(renderCompose(m, { header: false }).startsWith("services:")).toBe(true);
    expect(renderCompose(m, { header: "line one\nline two" })).toMatch(/^# line one\n# line two\n/);
  });

  it("writes no version key unless asked for one", () => {
    const m: ComposeFile = { name: "demo", services: {} };
    expect(renderCompose(m)).not.toMatch(/^version:/m);
    const legacy = renderCompose(m, { legacyVersion: "3.8", header: false });
    expect(legacy).toMatch(/^version: "3.8"$/m);
    expect(legacy.indexOf("version:")).toBeLessThan(legacy.indexOf("name:"));
  });

  it("leaves out what docker-compose 1.x rejects for the compose-v1 target", () => {
    const m: ComposeFile = {
      name: "demo",
      services: {
        web: {
          image: "nginx:1.27",
          ports: [
            { target: 80, published: 8080, host_ip: "127.0.0.1", protocol: "tcp" },
            { target: 443, published: 8443 },
          ],
          env_file: [{ path: ".env", required: false }, "extra.env"],
          depends_on: { db: { condition: "service_healthy", required: true, restart: true } },
          healthcheck: { test: ["CMD", "true"], start_interval: "2s", interval: "10s" },
        },
        db: { image: "postgres:17.6-alpine" },
      },
    };
    const v1 = parseCompose(renderCompose(m, { target: "compose-v1" }));
    expect(v1.ok).toBe(true);
    if (!v1.ok) return;
    expect(v1.value.name).toBeUndefined();
    expect(v1.value.services.web).toEqual({
      image: "nginx:1.27",
      ports: ["127.0.0.1:8080:80/tcp", { target: 443, published: 8443 }],
      env_file: [".env", "extra.env"],
      depends_on: { db: { condition: "service_healthy" } },
      healthcheck: { test: ["CMD", "true"], interval: "10s" },
    });
    // The model itself is left alone.
    expect(m.name).toBe("demo");
    expect(m.services.web?.healthcheck?.start_interval).toBe("2s");
  });

  it("never folds long lines", () => {
    const long = `echo ${"word ".repeat(60)}`.trim();
    const text = renderCompose(
      { services: { a: { image: "alpine:3.22", command: long } } },
      { header: false },
    );
    expect(text).toContain(`command: ${long}\n`);
  });
});

function reversed<T>(value: T, each: (v: unknown) => unknown = (v) => v): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).reverse()) out[k] = each((value as Record<string, unknown>)[k]);
  return out as T;
}

/** Reverses the order of every structural map (not free-form ones such as environment, whose order is kept). */
function reverseKeys(m: ComposeFile): ComposeFile {
  const top = reversed(m) as Record<string, unknown>;
  top.services = reversed(m.services, (svc) => reversed(svc));
  if (m.volumes !== undefined) top.volumes = reversed(m.volumes);
  if (m.networks !== undefined) top.networks = reversed(m.networks);
  return top as ComposeFile;
}

describe("renderCompose multi-line strings", () => {
  it.each([" \n", "  \n\n", "\t\nx", " a\nb", " \n b\n"])("reads back %j unchanged", (value) => {
    const m = { services: { web: { image: "busybox:1", healthcheck: { interval: value } } } } as ComposeFile;
    const back = parseCompose(renderCompose(m));
    expect(back.ok && back.value).toEqual(m);
  });
});
