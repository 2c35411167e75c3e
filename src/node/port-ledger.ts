import { mkdir, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import lockfile from "proper-lockfile";
import writeFileAtomic from "write-file-atomic";
import type { LedgerEntry, LedgerTransaction, PortLedger } from "../core/index.js";

/** A port ledger kept in a JSON file, whose `transaction` is guarded by a lock file. */
export interface FilePortLedger extends PortLedger {
  /** The ledger file. */
  readonly file: string;
  transaction<T>(fn: (held: LedgerEntry[]) => Promise<LedgerTransaction<T>>): Promise<T>;
}

/** Options of `createPortLedger`. */
export interface PortLedgerOptions {
  /** Environment to read `XDG_STATE_HOME`/`LOCALAPPDATA` from when no file is given (default: `process.env`). */
  env?: Record<string, string | undefined> | undefined;
  /** How long to wait for another run's lock before giving up, in milliseconds (default 30 000). */
  lockTimeout?: number | undefined;
}

interface LedgerFile {
  version: 1;
  entries: LedgerEntry[];
}

/**
 * Where the per-user port ledger lives: `$XDG_STATE_HOME/slipway/ports.json`, else
 * `~/.local/state/slipway/ports.json` (`%LOCALAPPDATA%\slipway\ports.json` on Windows).
 *
 * @example
 * ```ts
 * defaultLedgerPath({ XDG_STATE_HOME: "/home/ada/.state" }); // "/home/ada/.state/slipway/ports.json"
 * ```
 */
export function defaultLedgerPath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && xdg !== "") return join(xdg, "slipway", "ports.json");
  const local = env.LOCALAPPDATA;
  if (process.platform === "win32" && local !== undefined && local !== "") {
    return join(local, "slipway", "ports.json");
  }
  return join(homedir(), ".local", "state", "slipway", "ports.json");
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.project === "string" &&
    typeof e.service === "string" &&
    typeof e.port === "number" &&
    Number.isInteger(e.port) &&
    e.port >= 1 &&
    e.port <= 65535
  );
}

function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
  return a.project < b.project
    ? -1
    : a.project > b.project
      ? 1
      : a.service < b.service
        ? -1
        : a.service > b.service
          ? 1
          : a.port - b.port;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "ENOTDIR"
    ) {
      return false;
    }
    throw error;
  }
}

/**
 * The real port ledger: a JSON file of the ports given to each project folder, shared by every run
 * of one user. `transaction` holds a lock file (proper-lockfile, with retries) while it reads,
 * lets the caller allocate, and writes atomically (write-file-atomic), so parallel runs for different
 * projects never hand out one port twice. Entries whose project folder no longer exists are dropped.
 *
 * @example
 * ```ts
 * const ledger = createPortLedger(); // ~/.local/state/slipway/ports.json
 * const result = await allocatePorts(requests, { projectPath, probe, random, ledger });
 * ```
 */
export function createPortLedger(file?: string, options: PortLedgerOptions = {}): FilePortLedger {
  const path = file ?? defaultLedgerPath(options.env);
  const lockTimeout = options.lockTimeout ?? 30_000;

  async function read(): Promise<LedgerEntry[]> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error(`The port ledger ${path} is not valid JSON; delete it to start a new one`);
    }
    const entries = (data as Partial<LedgerFile> | null)?.entries;
    if (!Array.isArray(entries) || !entries.every(isEntry)) {
      throw new Error(
        `The port ledger ${path} does not hold a list of {project, service, port}; delete it to start a new one`,
      );
    }
    return entries.map((e) => ({ project: e.project, service: e.service, port: e.port }));
  }

  async function live(entries: LedgerEntry[]): Promise<LedgerEntry[]> {
    const projects = [...new Set(entries.map((e) => e.project))];
    const alive = new Set<string>();
    await Promise.all(
      projects.map(async (p) => {
        if (await exists(p)) alive.add(p);
      }),
    );
    return entries.filter((e) => alive.has(e.project));
  }

  async function write(entries: LedgerEntry[]): Promise<void> {
    const data: LedgerFile = { version: 1, entries: [...entries].sort(compareEntries) };
    await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
  }

  async function locked<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(dirname(path), { recursive: true });
    const minTimeout = 5;
    const maxTimeout = 100;
    const release = await lockfile.lock(path, {
      realpath: false,
      stale: 10_000,
      retries: {
        retries: Math.ceil(lockTimeout / maxTimeout),
        factor: 1.5,
        minTimeout,
        maxTimeout,
        randomize: true,
      },
    });
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  function merge(current: LedgerEntry[], entries: LedgerEntry[]): LedgerEntry[] {
    const projects = new Set(entries.map((e) => e.project));
    return [...current.filter((e) => !projects.has(e.project)), ...entries];
  }

  return {
    file: path,
    async held() {
      return live(await read());
    },
    async record(entries) {
      await locked(async () => write(merge(await live(await read()), entries)));
    },
    async transaction(fn) {
      return locked(async () => {
        const stored = await read();
        const current = await live(stored);
        const { result, record } = await fn(current.map((e) => ({ ...e })));
        if (record !== undefined) await write(merge(current, record));
        else if (current.length !== stored.length) await write(current);
        return result;
      });
    },
  };
}
