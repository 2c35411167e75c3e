import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import type { PathSegment } from "../core/path.js";

/**
 * Compose's merge tags: `!reset` (drop the value an earlier file or a merge key gave) and `!override`
 * (replace it instead of merging). Both only make sense when files are combined, and both must
 * survive a parse → render round trip, so the parser keeps them beside the model.
 */
export type ComposeTagName = "!reset" | "!override";

/** One tagged node of a Compose file. */
export interface ComposeTag {
  /** Where the tagged value sits: `["services", "web", "command"]`. */
  path: PathSegment[];
  tag: ComposeTagName;
  /** For `!reset`, the value written after the tag (usually empty); the model itself leaves the key out. */
  value?: unknown;
}

/** The property of a parsed model that holds its {@link ComposeTag}s (a symbol, so it never meets a schema). */
export const COMPOSE_TAGS: unique symbol = Symbol.for("slipway.composeTags");

const TAG_NAMES = new Set<string>(["!reset", "!override"]);

/** True for the tag names the Compose Specification defines. */
export function isComposeTag(tag: string | undefined): tag is ComposeTagName {
  return tag !== undefined && TAG_NAMES.has(tag);
}

/** The `!reset`/`!override` nodes of a parsed document, in document order. */
export function collectTags(doc: Document): ComposeTag[] {
  const out: ComposeTag[] = [];
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (isAlias(node) || node === null || node === undefined) return;
    const tag = (node as Node).tag;
    if (path.length > 0 && isComposeTag(tag)) {
      const entry: ComposeTag = { path, tag };
      if (tag === "!reset") entry.value = (node as Node).toJSON();
      out.push(entry);
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        walk(pair.value, [...path, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    }
  };
  walk(doc.contents, []);
  // In path order, not document order, so a file and its rendering (keys reordered) compare equal.
  return out.sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as PathSegment;
    const y = b[i] as PathSegment;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Removes the `!reset` keys from the plain data: a reset value means "not set" in the model. */
export function dropResets(data: unknown, tags: readonly ComposeTag[]): void {
  // Last first, so list indexes of earlier entries stay right.
  const resets = tags.filter((t) => t.tag === "!reset").sort((a, b) => comparePaths(b.path, a.path));
  for (const { path } of resets) {
    let parent: unknown = data;
    for (const seg of path.slice(0, -1)) {
      parent =
        parent !== null && typeof parent === "object"
          ? (parent as Record<PathSegment, unknown>)[seg]
          : undefined;
    }
    const last = path[path.length - 1] as PathSegment;
    if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
    else if (parent !== null && typeof parent === "object")
      delete (parent as Record<string, unknown>)[String(last)];
  }
}

/**
 * The `!reset`/`!override` tags of a model returned by `parseCompose` (empty for a model built in code).
 *
 * @example
 * ```ts
 * const r = parseCompose("services:\n  web:\n    image: nginx:1.27\n    command: !reset\n");
 * if (r.ok) composeTags(r.value); // [{ path: ["services", "web", "command"], tag: "!reset", value: "" }]
 * ```
 */
export function composeTags(model: object): readonly ComposeTag[] {
  return (model as { [COMPOSE_TAGS]?: ComposeTag[] })[COMPOSE_TAGS] ?? [];
}

/** Writes the tags back onto a document built from the model: `!reset` entries are put back first. */
export function applyTags(doc: Document, tags: readonly ComposeTag[]): void {
  for (const entry of tags) {
    if (entry.tag === "!reset" && !doc.hasIn(entry.path)) {
      const parent = entry.path.slice(0, -1);
      if (parent.length > 0 && !isMap(doc.getIn(parent, true)) && !isSeq(doc.getIn(parent, true))) continue;
      const node = doc.createNode(entry.value ?? null);
      const last = entry.path[entry.path.length - 1];
      const holder = parent.length === 0 ? doc.contents : doc.getIn(parent, true);
      if (isSeq(holder) && typeof last === "number") holder.items.splice(last, 0, node);
      else doc.setIn(entry.path, node);
    }
    const node = doc.getIn(entry.path, true);
    if (node !== null && typeof node === "object" && "tag" in (node as object))
      (node as Node).tag = entry.tag;
    else if (node !== undefined) {
      const wrapped = doc.createNode(node);
      wrapped.tag = entry.tag;
      doc.setIn(entry.path, wrapped);
    }
  }
}
