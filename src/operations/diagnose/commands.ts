// Shell commands the report suggests; shared by the findings and the report.

/**
 * The `docker ps` command that shows a project's containers (every container without a project).
 *
 * @example
 * ```ts
 * statusCommand("shop"); // 'docker ps -a --filter label=com.docker.compose.project=shop --format "table …"'
 * ```
 */
export function statusCommand(project: string | undefined): string {
  const filter = project !== undefined ? ` --filter label=com.docker.compose.project=${project}` : "";
  return `docker ps -a${filter} --format "table {{.Names}}\\t{{.Status}}\\t{{.Ports}}"`;
}

/**
 * The `docker inspect` command that lists the networks of one container.
 *
 * @example
 * ```ts
 * networksCommand("shop-web-1"); // "docker inspect shop-web-1 --format '{{range $net, …'"
 * ```
 */
export function networksCommand(container: string): string {
  return `docker inspect ${container} --format '{{range $net, $config := .NetworkSettings.Networks}}{{$net}} {{end}}'`;
}

/**
 * The `docker compose up -d` command that starts one service of a project.
 *
 * @example
 * ```ts
 * upCommand("shop", "web", "docker-compose.yml"); // "docker compose -f docker-compose.yml -p shop up -d web"
 * ```
 */
export function upCommand(project: string | undefined, service: string, file: string | undefined): string {
  const f = file !== undefined ? ` -f ${file}` : "";
  const p = project !== undefined ? ` -p ${project}` : "";
  return `docker compose${f}${p} up -d ${service}`;
}
