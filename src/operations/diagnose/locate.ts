import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

/**
 * A function giving the 1-based line of a dotted path (`services.web.networks`) in YAML text: the
 * line of the deepest key of the path that exists, so a missing `networks:` points at its service.
 *
 * @example
 * ```ts
 * lineLocator("services:\n  web:\n    image: x\n")("services.web.networks"); // 2
 * ```
 */
export function lineLocator(source: string | undefined): (path: string) => number | undefined {
  if (source === undefined) return () => undefined;
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  return (path) => {
    const parts: (string | number)[] = [];
    for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
      parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    // The deepest part of the path that exists: a missing `networks:` points at its service.
    for (let depth = parts.length; depth > 0; depth--) {
      const parent = depth === 1 ? doc.contents : doc.getIn(parts.slice(0, depth - 1), true);
      const last = parts[depth - 1]!;
      let offset: number | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(last),
        );
        if (pair !== undefined && isScalar(pair.key)) offset = pair.key.range?.[0];
      } else if (isSeq(parent) && typeof last === "number") {
        const item = parent.items[last] as { range?: [number, number, number] } | undefined;
        offset = item?.range?.[0];
      }
      if (offset !== undefined) return counter.linePos(offset).line;
    }
    return undefined;
  };
}
