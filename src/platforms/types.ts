import type { ComposeFile } from "../compose/index.js";
import type { Environment, ServiceKind } from "../core/index.js";

/** The platforms slipway renders the model for, besides Compose. */
export const PLATFORMS = ["kubernetes", "swarm"] as const;

/** A platform slipway renders the model for. */
export type Platform = (typeof PLATFORMS)[number];

/**
 * The kind of a service as the platforms see it: a kind slipway has a recipe for, or `custom` for a
 * service run from an image the map names without a tech (an image entry).
 */
export type PlatformKind = ServiceKind | "custom";

/** One service of the model, as the platforms need to know it beyond its Compose entry. */
export interface PlatformService {
  /** The Compose service name. */
  name: string;
  kind: PlatformKind;
  /**
   * The numeric user the service's image runs as, when it is known not to be root (slipway's
   * Dockerfile templates run apps as uid 1000). Infrastructure kinds on their recipe image need none:
   * their users are known. Absent for an app → no `runAsNonRoot`, and an info diagnostic.
   */
  user?: number;
}

/** What one environment changes: the values of non-secret variables and the replica counts. */
export interface PlatformEnvironment {
  /**
   * Values of the variables the Compose file references, as the environment's env file sets them.
   * A value that itself holds a `${…}` reference is a secret: it is never written.
   */
  variables: Readonly<Record<string, string>>;
  /** Copies of a service in this environment (`environments.<env>.services.<name>.replicas`). */
  replicas?: Readonly<Record<string, number>>;
}

/**
 * The plan's typed model, as the platform renderers take it: the Compose model, the kind of each
 * service, the variables per environment, and which variables are secrets.
 */
export interface PlatformInput {
  /** The project slug (`chi-monitor`); names the namespace, the ConfigMap and the Secret. */
  slug: string;
  /** The Compose model `buildCompose` made. */
  compose: ComposeFile;
  services: readonly PlatformService[];
  /** One entry per environment to render (an overlay for Kubernetes); at least one. */
  environments: Partial<Record<Environment, PlatformEnvironment>>;
  /** Names of variables that hold secrets; only referenced, never written. */
  secrets: readonly string[];
  /**
   * Where the project's own images are pushed, for Kubernetes (default `registry.example.com/<slug>`),
   * and their tag (default `0.1.0`); CI sets the real ones with `kustomize edit set image`.
   */
  images?: { registry?: string; tag?: string };
}

/** One file a platform renderer emits; paths are relative to the project folder. */
export interface PlatformFile {
  path: string;
  content: string;
}
