import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createComposeSqlExecutor,
  databaseClientCommand,
  readMigrationFiles,
  runWithInput,
} from "../../src/node/index.js";
import { run } from "./run.js";

function project(compose: string): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-migrate-cli-"));
  writeFileSync(join(dir, "docker-compose.yml"), compose);
  return dir;
}

const redisOnly = "services:\n  cache:\n    image: redis:7-alpine\n";
const withPostgres = "services:\n  db:\n    image: postgres:17.6-alpine\n";

describe("slipway migrate (before reaching the database)", () => {
  it("fails with migration/no-folder when the migrations folder is missing", async () => {
    const dir = project(withPostgres);
    const r = await run(["migrate"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("error migration/no-folder: Missing migrations folder migrations");
    const json = await run(["migrate", "--dir", "db/migrations", "--json"], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      dir: "db/migrations",
      diagnostics: [{ code: "migration/no-folder", file: "db/migrations" }],
    });
  });

  it("fails with migration/no-database when no service can take SQL, and names a missing --env file", async () => {
    const dir = project(redisOnly);
    mkdirSync(join(dir, "migrations"));
    const r = await run(["migrate"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("migration/no-database");
    const db = project(withPostgres);
    mkdirSync(join(db, "migrations"));
    const env = await run(["migrate", "--env", ".env.staging"], { cwd: db });
    expect(env.code).toBe(1);
    expect(env.err).toContain("error cli/file-not-found: Missing file .env.staging");
  });

  it("reports a missing Compose file and rejects two positionals", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-migrate-cli-"));
    const r = await run(["migrate"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("cli/file-not-found");
    const two = await run(["migrate", "a.yml", "b.yml"], { cwd: dir });
    expect(two.code).toBe(2);
    expect(two.err).toContain("expected at most one compose file");
  });
});

describe("readMigrationFiles", () => {
  it("reads the .sql files of the folder by name, skipping subfolders and other files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-migrate-files-"));
    writeFileSync(join(dir, "010_b.sql"), "B");
    writeFileSync(join(dir, "002_a.SQL"), "A");
    writeFileSync(join(dir, "notes.md"), "x");
    mkdirSync(join(dir, "999_folder.sql"));
    expect(await readMigrationFiles(dir)).toEqual([
      { name: "002_a.SQL", content: "A" },
      { name: "010_b.sql", content: "B" },
    ]);
    expect(await readMigrationFiles(join(dir, "nope"))).toBeUndefined();
  });
});

describe("runWithInput and the database client command", () => {
  it("writes the input to the command's standard input and reports its exit status", async () => {
    const echoed = await runWithInput(["sh"], ["-c", "cat; echo done >&2; exit 3"], "SELECT 1;\n");
    expect(echoed).toMatchObject({ ok: false, exitCode: 3, stdout: "SELECT 1;\n", stderr: "done\n" });
    const missing = await runWithInput(["slipway-no-such-command"], [], "");
    expect(missing).toMatchObject({ ok: false, exitCode: -1 });
  });

  it("says the container may not be running when Compose exits without a word (docker-compose 1.x)", async () => {
    // `false` stands in for a Compose that exits 1 silently; the executor passes it its arguments.
    const sql = createComposeSqlExecutor({
      cwd: ".",
      command: ["false"],
      files: ["docker-compose.yml"],
      service: "postgres",
      dialect: "postgres",
    });
    await expect(sql.query("SELECT 1;", { name: "ledger" })).rejects.toThrow(
      /^`false -f docker-compose.yml exec -T postgres sh -c …` exited with status 1 and no output: is the postgres container running\?$/,
    );
  });

  it("runs psql with ON_ERROR_STOP from the script on stdin, and the container's own credentials", async () => {
    const execute = databaseClientCommand("postgres", "execute");
    expect(execute).toContain("-v ON_ERROR_STOP=1 -f -");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable of the container's command
    expect(execute).toContain('-U "${POSTGRES_USER:-postgres}"');
    // The shell the container runs accepts both commands (syntax check only).
    for (const command of [execute, databaseClientCommand("mysql", "query")]) {
      const checked = await runWithInput(["sh"], ["-n", "-c", command], "");
      expect(checked.stderr).toBe("");
      expect(checked.ok).toBe(true);
    }
  });
});
