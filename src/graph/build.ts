import { DirectedGraph } from "graphology";
import { hasCycle, topologicalGenerations } from "graphology-dag";
import type { ComposeFile, ComposeService } from "../compose/model.js";
import { findCycles } from "../core/cycles.js";
import { fail, ok, type Result } from "../core/result.js";
import { cycleDiagnostic } from "./cycle-diagnostic.js";
import { readDependencies } from "./normalize.js";

/** The attributes of a `depends_on` edge. */
export interface DependencyEdge {
  /** `service_started`, `service_healthy` or `service_completed_successfully`. */
  condition: string;
  /** `false` when the dependency is optional (`required: false`). */
  required: boolean;
}

/** Services as nodes (attributes: a copy of the service), `depends_on` as edges from dependent to dependency. */
export type ServiceGraph = DirectedGraph<ComposeService, DependencyEdge>;

/**
 * Builds the dependency graph of a Compose model: one node per service (its attributes are a
 * shallow copy of the service) and one edge per `depends_on` entry, from the service to the
 * service it depends on, with the entry's `condition`. Entries naming an undefined service are
 * left out (the `depends/missing` rule reports them).
 *
 * @example
 * ```ts
 * const graph = buildServiceGraph({ services: { api: { image: "api:1", depends_on: ["db"] }, db: { image: "postgres:16" } } });
 * graph.hasEdge("api", "db"); // true
 * graph.getEdgeAttribute("api", "db", "condition"); // "service_started"
 * ```
 */
export function buildServiceGraph(compose: ComposeFile): ServiceGraph {
  const graph: ServiceGraph = new DirectedGraph<ComposeService, DependencyEdge>();
  const services = Object.entries((compose.services ?? {}) as Record<string, ComposeService>);
  for (const [name, service] of services) graph.addNode(name, { ...(service ?? {}) });
  for (const [name, service] of services) {
    for (const dependency of readDependencies((service as Record<string, unknown> | null)?.depends_on)) {
      if (!graph.hasNode(dependency.service)) continue;
      graph.mergeEdge(name, dependency.service, {
        condition: dependency.condition,
        required: dependency.required,
      });
    }
  }
  return graph;
}

/**
 * Adjacency lists (service → the services it depends on) of a service graph, in node order.
 *
 * @example
 * ```ts
 * adjacencyOf(buildServiceGraph(compose)).get("backend"); // ["postgres", "redis"]
 * ```
 */
export function adjacencyOf(graph: ServiceGraph): Map<string, string[]> {
  const adjacency = new Map<string, string[]>();
  graph.forEachNode((node) => {
    adjacency.set(node, graph.outNeighbors(node));
  });
  return adjacency;
}

/**
 * Groups the services in start order: tier 1 (index 0) depends on nothing, each later tier only on
 * services of earlier tiers — Compose's own start order. Services of a tier keep the file's order.
 * Fails with `depends/cycle` diagnostics when the dependencies are circular; an empty file gives `[]`.
 *
 * @example
 * ```ts
 * const r = startupTiers(compose);
 * if (r.ok) r.value; // [["postgres", "redis"], ["backend"], ["frontend"]]
 * ```
 */
export function startupTiers(compose: ComposeFile): Result<string[][]> {
  const graph = buildServiceGraph(compose);
  if (graph.order === 0) return ok([]);
  if (hasCycle(graph)) {
    return fail(findCycles(adjacencyOf(graph)).map((cycle) => cycleDiagnostic(cycle)));
  }
  // Dependencies start first: sort the reversed graph (dependency → dependent).
  const reversed = new DirectedGraph();
  graph.forEachNode((node) => {
    reversed.addNode(node);
  });
  graph.forEachEdge((_edge, _attributes, source, target) => {
    reversed.mergeEdge(target, source);
  });
  const order = new Map<string, number>();
  let index = 0;
  graph.forEachNode((node) => {
    order.set(node, index++);
  });
  return ok(
    topologicalGenerations(reversed).map((tier) => tier.sort((a, b) => order.get(a)! - order.get(b)!)),
  );
}
