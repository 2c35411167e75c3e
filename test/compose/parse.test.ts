import { describe, expect, it } from "vitest";
import { parseCompose } from "../../src/compose/index.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("parseCompose", () => {
  it("reads a valid file into the model", () => {
    const r = parseCompose(
      lines(
        "name: shop-1a2b3c4d",
        "services:",
        "  web:",
        "    image: nginx:1.27",
        "    ports: ['127.0.0.1:8080:80', 9000]",
        "    depends_on:",
        "      db:",
        "        condition: service_healthy",
        "  db:",
        "    image: postgres:17.6-alpine",
        "x-owner: team-a",
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.diagnostics).toEqual([]);
    expect(r.value.name).toBe("shop-1a2b3c4d");
    // A port written as a number is normalised to the same port as a string.
    expect(r.value.services.web?.ports).toEqual(["127.0.0.1:8080:80", "9000"]);
    expect(r.value.services.web?.depends_on).toEqual({ db: { condition: "service_healthy" } });
    expect(r.value["x-owner"]).toBe("team-a");
  });

  it("keeps keys the model does not name, so user files round-trip", () => {
    const r = parseCompose(lines("services:", "  web:", "    image: nginx:1.27", "    stop_signal: SIGQUIT"));
    expect(r.ok && r.value.services.web).toEqual({ image: "nginx:1.27", stop_signal: "SIGQUIT" });
  });

  it("resolves merge keys", () => {
    const r = parseCompose(
      lines(
        "x-common: &common",
        "  restart: unless-stopped",
        "services:",
        "  a:",
        "    <<: *common",
        "    image: redis:8.2-alpine",
      ),
    );
    expect(r.ok && r.value.services.a).toEqual({ restart: "unless-stopped", image: "redis:8.2-alpine" });
  });

  it("reports a YAML syntax error with line and column", () => {
    const r = parseCompose(lines("services:", "  web:", "    image: [nginx", "    ports: x"), {
      file: "compose.yaml",
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({
      code: "compose/yaml-syntax",
      severity: "error",
      file: "compose.yaml",
    });
    expect(r.diagnostics[0]?.line).toBeGreaterThanOrEqual(3);
    expect(r.diagnostics[0]?.column).toBeGreaterThanOrEqual(1);
  });

  it("reports every duplicate key, each at the repeated key", () => {
    const r = parseCompose(
      lines(
        "services:",
        "  web:",
        "    image: nginx:1.27",
        "    image: nginx:1.26",
        "  web:",
        "    image: httpd:2.4",
      ),
    );
    expect(r.ok).toBe(false);
    const dups = r.diagnostics.filter((d) => d.code === "compose/duplicate-key");
    expect(dups).toHaveLength(2);
    expect(dups.map((d) => [d.line, d.column])).toEqual([
      [4, 5],
      [5, 3],
    ]);
  });

  it("reports schema errors at the offending value, all at once", () => {
    const r = parseCompose(
      lines(
        "services:",
        "  web:",
        "    image: 42",
        "    healthcheck:",
        "      retries: many",
        "    depends_on:",
        "      db:",
        "        condition: when_ready",
        "  db:",
        "    restart: [always]",
      ),
      { file: "docker-compose.yml" },
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "compose/invalid-value",
          path: "services.web.image",
          line: 3,
          column: 12,
        }),
        expect.objectContaining({
          code: "compose/invalid-value",
          path: "services.web.healthcheck.retries",
          line: 5,
          column: 16,
        }),
        expect.objectContaining({
          code: "compose/invalid-value",
          path: "services.web.depends_on.db.condition",
          line: 8,
          column: 20,
        }),
        expect.objectContaining({
          code: "compose/invalid-value",
          path: "services.db.restart",
          line: 10,
          column: 14,
        }),
      ]),
    );
    expect(r.diagnostics.every((d) => d.file === "docker-compose.yml")).toBe(true);
  });

  it("requires a condition in the long form of depends_on, as the Compose schema does", () => {
    const r = parseCompose(
      lines(
        "services:",
        "  web:",
        "    image: a:1",
        "    depends_on:",
        "      db: {}",
        "  db:",
        "    image: b:1",
      ),
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "compose/invalid-value", line: 5 });
  });

  it("checks service, volume and network names and the project name", () => {
    const r = parseCompose(
      lines(
        "name: My Project",
        "services:",
        "  'web app':",
        "    image: nginx:1.27",
        "  ok.name_1-x:",
        "    image: nginx:1.27",
        "volumes:",
        "  'bad/volume': {}",
        "networks:",
        "  'bad net':",
      ),
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "compose/invalid-project-name", path: "name", line: 1, column: 7 }),
      expect.objectContaining({
        code: "compose/invalid-service-name",
        path: 'services["web app"]',
        line: 3,
        column: 3,
      }),
      expect.objectContaining({
        code: "compose/invalid-resource-name",
        path: 'volumes["bad/volume"]',
        line: 8,
      }),
      expect.objectContaining({
        code: "compose/invalid-resource-name",
        path: 'networks["bad net"]',
        line: 10,
      }),
    ]);
  });

  it("does not judge a project name that Compose interpolates", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose interpolation, not a template
    const r = parseCompose(lines("name: ${PROJECT:-demo}", "services: {}"));
    expect(r.ok).toBe(true);
  });

  it("warns about keys Compose does not know, and still succeeds", () => {
    const r = parseCompose(
      lines("servces: {}", "services:", "  web:", "    image: nginx:1.27", "    enviroment: {}"),
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "compose/unknown-key", severity: "warning", path: "servces", line: 1 }),
      expect.objectContaining({
        code: "compose/unknown-key",
        severity: "warning",
        path: "services.web.enviroment",
        line: 5,
        column: 5,
      }),
    ]);
  });

  it("rejects an empty file and a file that is not a mapping", () => {
    expect(parseCompose("").diagnostics[0]).toMatchObject({ code: "compose/empty-file", line: 1 });
    expect(parseCompose("# just a comment\n").diagnostics[0]).toMatchObject({ code: "compose/empty-file" });
    expect(parseCompose("- a\n- b\n").diagnostics[0]).toMatchObject({
      code: "compose/not-a-mapping",
      line: 1,
    });
  });

  it("treats a file without services as an empty project", () => {
    const r = parseCompose("name: demo\n");
    expect(r.ok && r.value.services).toEqual({});
  });

  it("rejects a second document", () => {
    const r = parseCompose("services: {}\n---\nservices: {}\n");
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "compose/yaml-syntax", line: 2 });
  });

  it("refuses alias bombs instead of expanding them", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
      "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]",
      "services: {}",
    ].join("\n");
    const r = parseCompose(bomb);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([{ code: "compose/alias-expansion", severity: "error", line: 1 }]);
  });

  it("reads many merge keys of one anchor (Sentry self-hosted has over a hundred)", () => {
    const services = Array.from(
      { length: 150 },
      (_, i) => `  s${i}:\n    <<: *defaults\n    command: run ${i}`,
    );
    const text = [
      "x-defaults: &defaults",
      "  image: app:1.0",
      "  restart: unless-stopped",
      "services:",
      ...services,
    ].join("\n");
    const r = parseCompose(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && r.value.services.s149).toEqual({
      image: "app:1.0",
      restart: "unless-stopped",
      command: "run 149",
    });
  });

  it("never throws on arbitrary text", () => {
    for (const text of [
      "{",
      "services: [",
      "\t\tx",
      "services:\n  - 1",
      ": :",
      "? a\n: b",
      "%YAML 9\n---\n",
    ]) {
      const r = parseCompose(text);
      expect(typeof r.ok).toBe("boolean");
      if (!r.ok) expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });
});

describe("parseCompose and keys JavaScript objects cannot hold", () => {
  it("reports `__proto__` instead of dropping it", () => {
    const r = parseCompose("services:\n  web:\n    image: a:1\n    environment:\n      __proto__: x\n");
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "compose/reserved-key",
        path: "services.web.environment.__proto__",
        line: 5,
      }),
    ]);
  });
});
