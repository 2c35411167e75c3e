import type { ComposeFile } from "../compose/model.js";
import { adjacencyOf, buildServiceGraph, startupTiers } from "./build.js";

const CONDITION_LABEL: Readonly<Record<string, string>> = {
  service_healthy: "healthy",
  service_completed_successfully: "completed",
};

/** Stable node ids for diagram languages that only accept plain identifiers. */
function nodeIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  names.forEach((name, index) => {
    ids.set(name, `s${index}`);
  });
  return ids;
}

/** Tiers, or one group per service when the dependencies are circular. */
function groups(compose: ComposeFile, names: readonly string[]): { tiers: string[][]; cyclic: boolean } {
  const tiers = startupTiers(compose);
  return tiers.ok ? { tiers: tiers.value, cyclic: false } : { tiers: [names.slice()], cyclic: true };
}

function escapeMermaid(text: string): string {
  return text.replace(/"/g, "#quot;");
}

/**
 * A Mermaid flowchart of the services: one subgraph per startup tier, one arrow per `depends_on`
 * from the service to its dependency, labelled with the condition when it is not
 * `service_started`. Deterministic: the same model gives the same text.
 *
 * @example
 * ```ts
 * toMermaid({ services: { api: { image: "api:1", depends_on: ["db"] }, db: { image: "postgres:16" } } });
 * // flowchart TB
 * //   subgraph tier1["Tier 1"]
 * //     s1["db"]
 * //   end
 * //   …
 * //   s0 --> s1
 * ```
 */
export function toMermaid(compose: ComposeFile): string {
  const graph = buildServiceGraph(compose);
  const names = graph.nodes();
  const ids = nodeIds(names);
  const { tiers, cyclic } = groups(compose, names);
  const lines = ["flowchart TB"];
  tiers.forEach((tier, index) => {
    const title = cyclic ? "Services (circular dependencies)" : `Tier ${index + 1}`;
    lines.push(`  subgraph tier${index + 1}["${title}"]`);
    for (const name of tier) {
      const image = graph.getNodeAttribute(name, "image");
      const label = typeof image === "string" ? `${name}<br/><small>${image}</small>` : name;
      lines.push(`    ${ids.get(name)}["${escapeMermaid(label)}"]`);
    }
    lines.push("  end");
  });
  for (const [source, targets] of adjacencyOf(graph)) {
    for (const target of targets) {
      const condition = CONDITION_LABEL[graph.getEdgeAttribute(source, target, "condition")];
      const arrow = condition === undefined ? "-->" : `-->|${condition}|`;
      lines.push(`  ${ids.get(source)} ${arrow} ${ids.get(target)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function quoteDot(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * A Graphviz DOT digraph of the services: one cluster per startup tier, one edge per `depends_on`
 * from the service to its dependency (dashed when optional), labelled with the condition when it
 * is not `service_started`. Render with `dot -Tsvg`.
 *
 * @example
 * ```ts
 * toDot(compose); // 'digraph services {\n  rankdir=TB;\n  subgraph cluster_tier1 { … }\n  "api" -> "db";\n}\n'
 * ```
 */
export function toDot(compose: ComposeFile): string {
  const graph = buildServiceGraph(compose);
  const names = graph.nodes();
  const { tiers, cyclic } = groups(compose, names);
  const lines = ["digraph services {", "  rankdir=TB;", "  node [shape=box];"];
  tiers.forEach((tier, index) => {
    const title = cyclic ? "Services (circular dependencies)" : `Tier ${index + 1}`;
    lines.push(`  subgraph cluster_tier${index + 1} {`, `    label=${quoteDot(title)};`);
    for (const name of tier) {
      const image = graph.getNodeAttribute(name, "image");
      const label = typeof image === "string" ? `${name}\n${image}` : name;
      lines.push(`    ${quoteDot(name)} [label=${quoteDot(label)}];`);
    }
    lines.push("  }");
  });
  for (const [source, targets] of adjacencyOf(graph)) {
    for (const target of targets) {
      const attributes = graph.getEdgeAttributes(source, target);
      const parts: string[] = [];
      const condition = CONDITION_LABEL[attributes.condition];
      if (condition !== undefined) parts.push(`label=${quoteDot(condition)}`);
      if (!attributes.required) parts.push("style=dashed");
      const suffix = parts.length === 0 ? "" : ` [${parts.join(", ")}]`;
      lines.push(`  ${quoteDot(source)} -> ${quoteDot(target)}${suffix};`);
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
