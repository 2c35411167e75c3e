import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, parseDocument, Scalar, visit } from "yaml";
import { type Diagnostic, diagnostic } from "../core/index.js";

type Path = string[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Every path at which `next` differs from `base`; objects recurse, arrays and scalars are atomic. */
function changedPaths(base: unknown, next: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (isPlainObject(base) && isPlainObject(next)) {
    const keys = new Set([...Object.keys(base), ...Object.keys(next)]);
    for (const key of [...keys].sort()) changedPaths(base[key], next[key], [...path, key], out);
    return out;
  }
  if (!isDeepStrictEqual(base, next)) out.push(path);
  return out;
}

// YAML 1.1 readers (Debian's docker-compose) turn `5434:5432` into a base-60 number and `yes` into
// a boolean, so strings that look like either are written quoted, as renderCompose does.
const needsQuotes = /^(?:[-+.\d:_eE]+|y|n|yes|no|on|off|true|false|null|~)$/i;

function quoteAmbiguousStrings(node: unknown): void {
  visit(node as Parameters<typeof visit>[0], {
    Scalar(_key, scalar) {
      if (
        typeof scalar.value === "string" &&
        (needsQuotes.test(scalar.value) || scalar.value.includes(":"))
      ) {
        scalar.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

const SECRET_KEY = /pass|secret|token|key|credential/i;

/** A value as a conflict shows it: JSON, shortened, and hidden under a key that names a secret. */
function shown(path: Path, value: unknown): string {
  if (value === undefined) return "(nothing)";
  if (path.some((key) => SECRET_KEY.test(key)) && !/^"?\$\{[^}]*\}"?$/.test(JSON.stringify(value)))
    return "(a value hidden: its key names a secret)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The outcome of a three-way merge of a Compose file. */
export interface ComposeMergeResult {
  text: string;
  /** Paths where the user's edit was kept over a newly generated value. */
  keptUserEdits: string[];
  /** Paths where a generated change was applied to the user's file. */
  applied: string[];
  diagnostics: Diagnostic[];
}

/**
 * Three-way merge of a Compose file the user may have edited: `base` is the model slipway generated
 * last time, `next` the model it generates now, `userText` the file on disk. Every change from
 * `base` to `next` is applied to the user's document (keeping its comments and layout) unless the
 * user changed that same place: then the user's value is kept and the conflict is reported as a
 * warning with both values. With nothing to apply, the user's text is returned byte for byte.
 *
 * @example
 * ```ts
 * const merged = mergeComposeText({ userText, base: lastGenerated, next: generatedNow, file: "docker-compose.yml" });
 * merged.keptUserEdits; // ["services.postgres.image"]
 * ```
 */
export function mergeComposeText(input: {
  userText: string;
  base: unknown;
  next: unknown;
  file: string;
}): ComposeMergeResult {
  const doc = parseDocument(input.userText, { uniqueKeys: false });
  const diagnostics: Diagnostic[] = [];
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    diagnostics.push(
      diagnostic(
        "plan/compose-unreadable",
        "error",
        `Cannot merge into ${input.file}: it is not a readable YAML mapping`,
        {
          file: input.file,
          hint: "Fix the YAML, or move the file away and run again to regenerate it.",
        },
      ),
    );
    return { text: input.userText, keptUserEdits: [], applied: [], diagnostics };
  }
  const user: unknown = doc.toJS();
  const keptUserEdits: string[] = [];
  const applied: string[] = [];
  for (const path of changedPaths(input.base, input.next)) {
    const baseValue = getIn(input.base, path);
    const nextValue = getIn(input.next, path);
    const userValue = getIn(user, path);
    if (isDeepStrictEqual(userValue, nextValue)) continue;
    const dotted = path.join(".");
    if (!isDeepStrictEqual(userValue, baseValue)) {
      keptUserEdits.push(dotted);
      diagnostics.push(
        diagnostic(
          "plan/compose-user-edit-kept",
          "warning",
          `Kept your value at ${dotted} in ${input.file}: ${shown(path, userValue)}; slipway would now write ${shown(path, nextValue)}`,
          {
            file: input.file,
            path: dotted,
            hint: "Both changed this place since slipway last wrote it. Remove your edit (or set the new value) to take the generated one.",
          },
        ),
      );
      continue;
    }
    // The parent may be missing or not a mapping in the user's file (they removed it): recreate it.
    if (nextValue === undefined) {
      doc.deleteIn(path);
    } else {
      const node = doc.createNode(nextValue);
      quoteAmbiguousStrings(node);
      if (isScalar(node) && typeof nextValue === "string") quoteAmbiguousStrings(node);
      doc.setIn(path, node);
    }
    applied.push(dotted);
  }
  // Nothing to apply: the user's text stays byte for byte (a YAML round trip may reformat it).
  if (applied.length === 0) return { text: input.userText, keptUserEdits, applied, diagnostics };
  return { text: doc.toString({ lineWidth: 0 }), keptUserEdits, applied, diagnostics };
}
