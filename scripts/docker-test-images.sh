#!/usr/bin/env bash
# Builds the local images the integration tests run on a real Docker engine. No registry is
# reachable on the machines CI runs on, so every image is made here:
#   slipway-test/busybox:1      FROM scratch + Debian's static busybox (probe and allocator tests)
#   slipway-test/debian-pg-redis:bookworm
#                               a debootstrap'd Debian bookworm with PostgreSQL 15 and Redis
#   the PostgreSQL and Redis image refs the Compose recipes in src/compose pin (postgres:…-alpine,
#   postgis/postgis:…, pgvector/pgvector:…, redis:…-alpine), built from that base with entrypoints
#   that do what the official images' entrypoints do.
#   slipway-test/debian-caddy:bookworm
#                               a debootstrap'd Debian bookworm with Debian's caddy and wget, tagged
#                               with the caddy recipe's image ref (caddy:…-alpine): same config and
#                               data paths, command and admin API as the official image.
# The debootstrap root file system is cached as a tarball (SLIPWAY_IMAGE_CACHE, default
# ~/.cache/slipway-test-images); images already present in the engine are not rebuilt unless the
# recipe changed (the entrypoints' checksum is part of a label).
set -euo pipefail
cd "$(dirname "$0")/.."

cache_dir=${SLIPWAY_IMAGE_CACHE:-${HOME:-/root}/.cache/slipway-test-images}
mirror=${SLIPWAY_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # The mirror apt uses here (deb822 or one-line sources), else Debian's CDN.
  mirror=$(grep -hoE '^URIs: *[^ ]+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | sed 's/^URIs: *//' || true)
  [ -n "$mirror" ] || mirror=$(grep -hoE '^deb +[^ ]+/debian/? +bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 | awk '{print $2}' || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
mkdir -p "$cache_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log() { printf '[docker-test-images] %s\n' "$*"; }
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
label_of() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# docker build, its output shown only when it fails (the legacy builder prints a notice otherwise).
quiet_build() { docker build -q "$@" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }; }

docker info >/dev/null 2>&1 || { echo "docker-test-images: no Docker engine answers" >&2; exit 1; }

# --- busybox --------------------------------------------------------------------------------------
busybox_bin=$(command -v busybox || true)
[ -n "$busybox_bin" ] || { echo "docker-test-images: busybox (Debian busybox-static) is missing" >&2; exit 1; }
if ! has_image slipway-test/busybox:1; then
  log "building slipway-test/busybox:1"
  mkdir -p "$work/busybox"
  cp "$busybox_bin" "$work/busybox/busybox"
  cat >"$work/busybox/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
DOCKERFILE
  quiet_build -t slipway-test/busybox:1 "$work/busybox"
fi

# --- Debian base with PostgreSQL 15 and Redis -----------------------------------------------------
base=slipway-test/debian-pg-redis:bookworm
if ! has_image "$base"; then
  rootfs_tar="$cache_dir/debian-pg-redis-bookworm.tar"
  if [ ! -s "$rootfs_tar" ]; then
    command -v debootstrap >/dev/null || { echo "docker-test-images: debootstrap is missing" >&2; exit 1; }
    log "debootstrap bookworm with postgresql-15 and redis-server from $mirror"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase --include=postgresql-15,redis-server bookworm "$rootfs" "$mirror" \
      >"$work/debootstrap.log" 2>&1 || { tail -n 40 "$work/debootstrap.log" >&2; exit 1; }
    # Drop what an image does not need: the package cache, the cluster the package created, docs.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/var/lib/postgresql/15/main "$rootfs"/etc/postgresql/15/main \
      "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    tar -C "$rootfs" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -cf "$rootfs_tar.tmp" .
    mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$rootfs"
  fi
  log "importing $base"
  docker import "$rootfs_tar" "$base" >/dev/null
fi

# --- PostgreSQL and Redis images with the official images' entrypoint behaviour -------------------
mkdir -p "$work/pg" "$work/redis"
cat >"$work/pg/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# What the official postgres image's entrypoint does: on an empty data directory, initdb with
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, password authentication for remote clients,
# the scripts in /docker-entrypoint-initdb.d; then postgres listening on every address.
set -eu
if [ "${1:-postgres}" != "postgres" ] && [ "${1#-}" = "${1:-}" ]; then exec "$@"; fi
[ "${1:-}" = "postgres" ] && shift
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" postgres "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "Error: Database is uninitialized and superuser password is not specified." >&2
    echo "       Set POSTGRES_PASSWORD to a non-empty value for the superuser." >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf 'host all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -q \
      -c "CREATE DATABASE \"$POSTGRES_DB\";"
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) . "$f" ;;
      *.sql) psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -q -f "$f" ;;
      *.sql.gz) gunzip -c "$f" | psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -q ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
exec postgres -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
ENTRYPOINT
cat >"$work/pg/Dockerfile" <<DOCKERFILE
FROM $base
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    LANG=C.UTF-8 PGDATA=/var/lib/postgresql/data
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh && mkdir -p /docker-entrypoint-initdb.d
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE

cat >"$work/redis/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# What the official redis image's entrypoint does: run redis-server as the redis user, protected
# mode off (the official image builds it so), in /data; plus --requirepass when REDIS_PASSWORD is
# set and the command does not already say so.
set -eu
if [ "${1#-}" != "${1:-}" ] || [ "${1%.conf}" != "${1:-}" ]; then set -- redis-server "$@"; fi
if [ "${1:-}" = redis-server ]; then
  shift
  case " $* " in
    *" --requirepass "*) ;;
    *) if [ -n "${REDIS_PASSWORD:-}" ]; then set -- "$@" --requirepass "$REDIS_PASSWORD"; fi ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    mkdir -p /data && chown redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no --dir /data "$@"
  fi
  exec redis-server --protected-mode no --dir /data "$@"
fi
exec "$@"
ENTRYPOINT
cat >"$work/redis/Dockerfile" <<DOCKERFILE
FROM $base
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh && mkdir -p /data && chown redis:redis /data
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
DOCKERFILE

# The image refs to tag: every PostgreSQL-family and Redis image the Compose recipes pin, plus the
# ones seed 004 uses, so generated files run unedited.
pg_refs="postgres:18.0-alpine postgres:18-alpine postgres:17-alpine postgres:16-alpine"
redis_refs="redis:8.2-alpine redis:8-alpine redis:7-alpine redis:7.4-alpine"
if [ -f src/compose/recipes.ts ]; then
  # The recipes name image and tag apart: `image: "postgres",` then `tag: "17.6-alpine",`.
  recipe_refs=$(awk '/^    image: "/ { split($0, a, "\""); image = a[2] }
    /^    tag: "/ { split($0, a, "\""); if (image != "") print image ":" a[2]; image = "" }' src/compose/recipes.ts)
  for ref in $recipe_refs; do
    case "$ref" in
      postgres:* | postgis/postgis:* | pgvector/pgvector:*) pg_refs="$pg_refs $ref" ;;
      redis:*) redis_refs="$redis_refs $ref" ;;
    esac
  done
fi
if [ -d src/compose ]; then
  pg_refs="$pg_refs $(grep -rhoE '(postgres|postgis/postgis|pgvector/pgvector):[A-Za-z0-9._-]+' src/compose | sort -u | tr '\n' ' ' || true)"
  redis_refs="$redis_refs $(grep -rhoE '\bredis:[0-9][A-Za-z0-9._-]*' src/compose | sort -u | tr '\n' ' ' || true)"
fi

build_flavour() {
  local dir=$1 tag=$2 refs=$3 sum
  sum=$(cat "$dir/Dockerfile" "$dir/docker-entrypoint.sh" | sha256sum | cut -c1-16)
  if [ "$(label_of "$tag" org.slipway.test-recipe)" != "$sum" ]; then
    log "building $tag"
    quiet_build --label "org.slipway.test-recipe=$sum" -t "$tag" "$dir"
  fi
  local ref
  for ref in $refs; do docker tag "$tag" "$ref"; done
  log "$tag tagged as: $(echo $refs | tr ' ' '\n' | sort -u | tr '\n' ' ')"
}
build_flavour "$work/pg" slipway-test/postgres:15 "$pg_refs"
build_flavour "$work/redis" slipway-test/redis:7 "$redis_refs"

# --- Caddy, from Debian's caddy package -----------------------------------------------------------
# Debian ships Caddy 2.6; the Caddyfile slipway writes (site blocks, reverse_proxy, header,
# tls internal) reads the same there as in the official image's 2.x. wget stands in for the
# official Alpine image's busybox wget, which the recipe's healthcheck calls.
caddy_base=slipway-test/debian-caddy-root:bookworm
if ! has_image "$caddy_base"; then
  rootfs_tar="$cache_dir/debian-caddy-bookworm.tar"
  if [ ! -s "$rootfs_tar" ]; then
    command -v debootstrap >/dev/null || { echo "docker-test-images: debootstrap is missing" >&2; exit 1; }
    log "debootstrap bookworm with caddy and wget from $mirror"
    rootfs="$work/caddy-rootfs"
    debootstrap --variant=minbase --include=caddy,wget,ca-certificates bookworm "$rootfs" "$mirror" \
      >"$work/debootstrap-caddy.log" 2>&1 || { tail -n 40 "$work/debootstrap-caddy.log" >&2; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    tar -C "$rootfs" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -cf "$rootfs_tar.tmp" .
    mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$rootfs"
  fi
  log "importing $caddy_base"
  docker import "$rootfs_tar" "$caddy_base" >/dev/null
fi
mkdir -p "$work/caddy"
# The official image's defaults: its Caddyfile path, XDG folders under /config and /data, /srv.
cat >"$work/caddy/Caddyfile" <<'CADDYFILE'
:80 {
	respond "Caddy works" 200
}
CADDYFILE
cat >"$work/caddy/Dockerfile" <<DOCKERFILE
FROM $caddy_base
ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data
COPY Caddyfile /etc/caddy/Caddyfile
RUN mkdir -p /config/caddy /data/caddy /srv
VOLUME /config
VOLUME /data
WORKDIR /srv
EXPOSE 80 443 2019
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
DOCKERFILE
caddy_refs=""
if [ -f src/compose/recipes.ts ]; then
  caddy_refs=$(awk '/^    image: "/ { split($0, a, "\""); image = a[2] }
    /^    tag: "/ { split($0, a, "\""); if (image == "caddy") print image ":" a[2]; image = "" }' src/compose/recipes.ts)
fi
caddy_sum=$(cat "$work/caddy/Dockerfile" "$work/caddy/Caddyfile" | sha256sum | cut -c1-16)
if [ "$(label_of slipway-test/caddy:2 org.slipway.test-recipe)" != "$caddy_sum" ]; then
  log "building slipway-test/caddy:2"
  quiet_build --label "org.slipway.test-recipe=$caddy_sum" -t slipway-test/caddy:2 "$work/caddy"
fi
for ref in $caddy_refs; do docker tag slipway-test/caddy:2 "$ref"; done
log "slipway-test/caddy:2 tagged as: ${caddy_refs:-(no caddy recipe)}"
log "done"
