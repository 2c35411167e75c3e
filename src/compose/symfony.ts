import type { ComposeFile, Healthcheck } from "./model.js";

/**
 * The healthcheck of a Symfony Messenger worker: healthy while a `messenger:consume` process runs in
 * the container. It reads `/proc/<pid>/cmdline` with the PHP the FrankenPHP image already has (no
 * `pgrep` there), and looks for the argument after a NUL byte, so the check's own command line —
 * which holds the words, not the NUL — never matches. `$$` is Compose's escape for `$`.
 */
export const SYMFONY_WORKER_HEALTHCHECK: Readonly<Healthcheck> = Object.freeze({
  test: [
    "CMD",
    "php",
    "-r",
    'foreach (glob("/proc/[0-9]*/cmdline") as $$f) { if (str_contains((string) @file_get_contents($$f), "\\0messenger:consume")) exit(0); } exit(1);',
  ],
  interval: "30s",
  timeout: "5s",
  retries: 3,
  start_period: "20s",
});

/**
 * Gives each named worker service without a healthcheck the Messenger process check
 * ({@link SYMFONY_WORKER_HEALTHCHECK}). The workers share the app's image, whose HEALTHCHECK probes
 * the app's port, which a worker never opens; Compose's own healthcheck replaces it. Returns a new
 * model.
 *
 * @example
 * ```ts
 * withWorkerHealthchecks(model, ["messenger"]).services.messenger?.healthcheck?.test?.[1]; // "php"
 * ```
 */
export function withWorkerHealthchecks(model: ComposeFile, workers: readonly string[]): ComposeFile {
  const services = { ...model.services };
  for (const name of workers) {
    const service = services[name];
    if (service === undefined || service.healthcheck !== undefined) continue;
    services[name] = { ...service, healthcheck: structuredClone({ ...SYMFONY_WORKER_HEALTHCHECK }) };
  }
  return { ...model, services };
}
