// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation (${VAR}) is what these tests feed in.
import { describe, expect, it } from "vitest";
import { composeTags, parseCompose, renderCompose } from "../../src/compose/index.js";

function parsed(text: string) {
  const r = parseCompose(text);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

describe("!reset and !override", () => {
  const text = [
    "services:",
    "  web:",
    "    image: nginx:1.27",
    "    command: !reset",
    "    ports: !reset []",
    "    environment: !override",
    "      A: '1'",
    "",
  ].join("\n");

  it("are read without warnings; a reset key is absent from the model", () => {
    const r = parseCompose(text);
    expect(r.diagnostics).toEqual([]);
    const model = parsed(text);
    expect(model.services.web).toEqual({ image: "nginx:1.27", environment: { A: "1" } });
    expect(composeTags(model)).toEqual([
      { path: ["services", "web", "command"], tag: "!reset", value: "" },
      { path: ["services", "web", "environment"], tag: "!override" },
      { path: ["services", "web", "ports"], tag: "!reset", value: [] },
    ]);
  });

  it("are written back on render and survive a second round trip", () => {
    const rendered = renderCompose(parsed(text), { header: false });
    expect(rendered).toContain('command: !reset ""');
    expect(rendered).toContain("ports: !reset []");
    expect(rendered).toContain("environment: !override");
    const again = parsed(rendered);
    expect(again).toEqual(parsed(text));
    expect(composeTags(again)).toEqual(composeTags(parsed(text)));
  });

  it("are left out for docker-compose 1.x, which cannot read them", () => {
    expect(renderCompose(parsed(text), { target: "compose-v1" })).not.toContain("!");
  });
});

describe("interpolation in typed fields", () => {
  it("accepts ${VAR} where Compose expects a number or a boolean", () => {
    const text = [
      "services:",
      "  worker:",
      "    image: app:1.0",
      "    deploy:",
      "      replicas: ${WORKERS:-2}",
      "    healthcheck:",
      '      test: [CMD, "true"]',
      "      retries: ${R:-3}",
      "    volumes:",
      "      - type: volume",
      "        source: data",
      "        target: /data",
      "        read_only: ${RO:-false}",
      "volumes:",
      "  data:",
      "    external: ${EXTERNAL:-false}",
      "",
    ].join("\n");
    const r = parseCompose(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && r.value.services.worker?.deploy?.replicas).toBe("${WORKERS:-2}");
    expect(parsed(renderCompose(parsed(text)))).toEqual(parsed(text));
  });

  it("still refuses a plain string there", () => {
    const r = parseCompose("services:\n  w:\n    image: a:1\n    deploy:\n      replicas: two\n");
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      { code: "compose/invalid-value", path: "services.w.deploy.replicas" },
    ]);
  });
});
