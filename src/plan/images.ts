import type { ArchitectureMap, ImageServiceSpec } from "../architecture/index.js";
import type { ImageServiceInput } from "../compose/index.js";
import type { EnvPlanImage } from "../env/index.js";

/**
 * The host-port range of services run from an image slipway has no recipe for: their preferred port
 * is `9600 + (sha256(projectPath + ":" + service) mod 256)`, clear of every kind's range
 * (docs/ports.md has the table).
 */
export const IMAGE_PORT_RANGE = Object.freeze({ base: 9600, size: 256 });

/**
 * The image entries of a map (none when it has none).
 *
 * @example
 * ```ts
 * mapImages(map).map((i) => i.name); // ["mailpit"]
 * ```
 */
export function mapImages(map: ArchitectureMap): ImageServiceSpec[] {
  return map.images ?? [];
}

/**
 * The image entries as the env files see them: host port (or container port) and settings.
 *
 * @example
 * ```ts
 * imageEnvServices(map, { mailpit: 9612 }); // [{ name: "mailpit", hostPort: 9612, containerPort: 8025, settings: {} }]
 * ```
 */
export function imageEnvServices(map: ArchitectureMap, ports: Record<string, number>): EnvPlanImage[] {
  return mapImages(map).map((image) => ({
    name: image.name,
    ...(ports[image.name] !== undefined ? { hostPort: ports[image.name]! } : {}),
    ...(image.containerPort !== undefined ? { containerPort: image.containerPort } : {}),
    settings: image.environment,
  }));
}

/**
 * The image entries as `buildCompose` takes them: everything as written, with the allocated port.
 *
 * @example
 * ```ts
 * imageComposeServices(map, { mailpit: 9612 })[0]?.hostPort; // 9612
 * ```
 */
export function imageComposeServices(
  map: ArchitectureMap,
  ports: Record<string, number>,
): ImageServiceInput[] {
  return mapImages(map).map((image) => {
    const input: ImageServiceInput = { name: image.name, image: image.image, settings: image.environment };
    if (ports[image.name] !== undefined) input.hostPort = ports[image.name]!;
    if (image.containerPort !== undefined) input.containerPort = image.containerPort;
    if (image.volume !== undefined) input.volume = image.volume;
    if (image.healthcheck !== undefined) input.healthcheck = { ...image.healthcheck };
    if (image.command !== undefined) input.command = image.command;
    if (image.dependsOn.length > 0) input.dependsOn = [...image.dependsOn];
    return input;
  });
}
