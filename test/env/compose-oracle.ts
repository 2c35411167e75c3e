import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * Runs Debian's `docker-compose config` with an env file and a compose file whose one service sets
 * each named variable to `${NAME}`; returns the resolved values and the tool's warnings.
 * Throws (so the calling test fails) when docker-compose is missing.
 */
export function composeResolve(
  envText: string,
  names: string[],
): { values: Record<string, string>; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "slipway-env-"));
  try {
    const environment = names.map((n) => `      ${n}: "\${${n}}"`).join("\n");
    writeFileSync(
      join(dir, "compose.yml"),
      `services:\n  probe:\n    image: alpine:3.20\n    environment:\n${environment}\n`,
    );
    writeFileSync(join(dir, "test.env"), envText);
    const run = spawnSync("docker-compose", ["-f", "compose.yml", "--env-file", "test.env", "config"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
    });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
      throw new Error("docker-compose is not installed: the Compose oracle cannot run");
    if (run.status !== 0) throw new Error(`docker-compose config failed: ${run.stderr}`);
    const stderr = run.stderr;
    const out = parse(run.stdout) as { services: { probe: { environment?: Record<string, string | null> } } };
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(out.services.probe.environment ?? {}))
      values[k] = String(v ?? "").replaceAll("$$", "$");
    return { values, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
