/** Shell commands the report suggests; shared by the findings and the report. */
export function statusCommand(project: string | undefined): string {
  const filter = project !== undefined ? ` --filter label=com.docker.compose.project=${project}` : "";
  return `docker ps -a${filter} --format "table {{.Names}}\\t{{.Status}}\\t{{.Ports}}"`;
}

export function networksCommand(container: string): string {
  return `docker inspect ${container} --format '{{range $net, $config := .NetworkSettings.Networks}}{{$net}} {{end}}'`;
}

export function upCommand(project: string | undefined, service: string, file: string | undefined): string {
  const f = file !== undefined ? ` -f ${file}` : "";
  const p = project !== undefined ? ` -p ${project}` : "";
  return `docker compose${f}${p} up -d ${service}`;
}
