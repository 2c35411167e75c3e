import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, parseDocument, parse as parseYaml } from "yaml";
import { envValues, parseEnv } from "../../src/env/index.js";
import { applyPlan, type Diagnostic, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const projectPath = "/home/dev/projects/chi";

/** The map of run `k`: the plan changes every run (a port, a variable's value, a new variable). */
function mapOfRun(k: number) {
  return {
    project: { name: "Community Harm Index Monitor" },
    infrastructure: [
      { type: "database", tech: "postgresql", port: 5434 + k, volume: "./postgres-data-chi" },
      { type: "cache", tech: "redis" },
    ],
    tech_stack: { frontend: "React 18", backend: "Node.js 20 + Express" },
    variables: { LOG_LEVEL: ["debug", "info", "warn", "error"][k]!, [`FEATURE_${k}`]: "on" },
  };
}

type ComposeEdit =
  | { type: "label"; service: number; key: string; value: string }
  | { type: "env"; service: number; key: string; value: string }
  | { type: "comment"; service: number; text: string }
  | { type: "restart"; service: number; value: string }
  | { type: "ports"; value: string };

type EnvEdit =
  | { type: "add"; key: string; value: string }
  | { type: "comment"; text: string }
  | { type: "change"; key: "LOG_LEVEL" | "REDIS_HOST" | "FEATURE_0"; value: string };

const word = fc.stringMatching(/^[a-z][a-z0-9]{2,8}$/);
const composeEdit: fc.Arbitrary<ComposeEdit> = fc.oneof(
  fc.record({ type: fc.constant("label" as const), service: fc.nat(9), key: word, value: word }),
  fc.record({ type: fc.constant("env" as const), service: fc.nat(9), key: word, value: word }),
  fc.record({ type: fc.constant("comment" as const), service: fc.nat(9), text: word }),
  fc.record({
    type: fc.constant("restart" as const),
    service: fc.nat(9),
    value: fc.constantFrom("always", "no", "on-failure"),
  }),
  fc.record({
    type: fc.constant("ports" as const),
    value: fc.constantFrom("127.0.0.1:6001:5432", "127.0.0.1:6002:5432"),
  }),
);
const envEdit: fc.Arbitrary<EnvEdit> = fc.oneof(
  fc.record({ type: fc.constant("add" as const), key: word, value: word }),
  fc.record({ type: fc.constant("comment" as const), text: word }),
  fc.record({
    type: fc.constant("change" as const),
    key: fc.constantFrom("LOG_LEVEL" as const, "REDIS_HOST" as const, "FEATURE_0" as const),
    value: word,
  }),
);

interface Expectation {
  path: string[];
  value: unknown;
}

/** Applies the edits to the Compose text; returns the text, the values expected and the comments. */
function editCompose(text: string, edits: ComposeEdit[]) {
  const doc = parseDocument(text);
  const services = Object.keys((doc.toJS() as { services: object }).services).sort();
  const expected: Expectation[] = [];
  const comments: string[] = [];
  const commentAt: { service: string; line: string }[] = [];
  edits.forEach((edit, i) => {
    const service = edit.type === "ports" ? "postgres" : services[edit.service % services.length]!;
    switch (edit.type) {
      case "label":
      case "env": {
        const field = edit.type === "label" ? "labels" : "environment";
        const current = doc.getIn(["services", service, field], true);
        if (current !== undefined && !isMap(current)) return;
        const key = `USER_${edit.key.toUpperCase()}_${i}`;
        doc.setIn(["services", service, field, key], edit.value);
        expected.push({ path: ["services", service, field, key], value: edit.value });
        return;
      }
      case "restart":
        doc.setIn(["services", service, "restart"], edit.value);
        expected.push({ path: ["services", service, "restart"], value: edit.value });
        return;
      case "ports":
        doc.setIn(["services", service, "ports"], doc.createNode([edit.value]));
        expected.push({ path: ["services", service, "ports"], value: [edit.value] });
        return;
      case "comment": {
        const line = `# note ${edit.text} ${i}`;
        commentAt.push({ service, line });
        comments.push(line);
      }
    }
  });
  let out = doc.toString({ lineWidth: 0 });
  for (const { service, line } of commentAt)
    out = out.replace(`\n  ${service}:\n`, `\n  ${line}\n  ${service}:\n`);
  return { text: out, expected, comments };
}

function editEnv(text: string, edits: EnvEdit[]) {
  let out = text;
  const lines: string[] = [];
  const values: Record<string, string> = {};
  edits.forEach((edit, i) => {
    if (edit.type === "add") {
      const key = `USER_${edit.key.toUpperCase()}_${i}`;
      out += `${key}=${edit.value}\n`;
      values[key] = edit.value;
    } else if (edit.type === "comment") {
      const line = `# env note ${edit.text} ${i}`;
      out += `${line}\n`;
      lines.push(line);
    } else if (new RegExp(`^${edit.key}=`, "m").test(out)) {
      out = out.replace(new RegExp(`^${edit.key}=.*$`, "m"), `${edit.key}=${edit.value}`);
      values[edit.key] = edit.value;
    }
  });
  return { text: out, lines, values };
}

function getIn(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  return current;
}

describe("re-runs keep every edit", () => {
  it("generate, edit the Compose and env files, generate three times: every edit survives or is reported", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(composeEdit, { minLength: 1, maxLength: 6 }),
        fc.array(envEdit, { minLength: 1, maxLength: 5 }),
        async (composeEdits, envEdits) => {
          const deps = fakePlanDeps();
          const first = await planEnvironment({ architecture: mapOfRun(0), projectPath }, deps);
          expect((await applyPlan(first, deps)).ok).toBe(true);
          const compose = editCompose(deps.fs.files.get("docker-compose.yml")!, composeEdits);
          deps.fs.files.set("docker-compose.yml", compose.text);
          const env = editEnv(deps.fs.files.get(".env.development")!, envEdits);
          deps.fs.files.set(".env.development", env.text);
          const reported: Diagnostic[] = [];
          for (const k of [1, 2, 3]) {
            const plan = await planEnvironment({ architecture: mapOfRun(k), projectPath }, deps);
            expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
            reported.push(...plan.diagnostics);
            expect((await applyPlan(plan, deps)).ok).toBe(true);
            const text = deps.fs.files.get("docker-compose.yml")!;
            const model = parseYaml(text);
            for (const { path, value } of compose.expected) {
              const kept = isDeepStrictEqual(getIn(model, path), value);
              const conflict = reported.some(
                (d) => d.code === "plan/compose-user-edit-kept" && d.path === path.join("."),
              );
              expect(kept || conflict, `${path.join(".")} after run ${k}`).toBe(true);
            }
            for (const line of compose.comments) expect(text).toContain(line);
            const envText = deps.fs.files.get(".env.development")!;
            for (const line of env.lines) expect(envText).toContain(line);
            const values = envValues(parseEnv(envText));
            for (const [key, value] of Object.entries(env.values)) expect(values[key], key).toBe(value);
          }
        },
      ),
      { numRuns: 12, seed: 1514 },
    );
  });
});
