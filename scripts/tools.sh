#!/usr/bin/env bash
# Builds the pinned tools the tests run, from the Go module proxy, once per version, into
# ${XDG_CACHE_HOME:-~/.cache}/matrixmon/tools/<name>-<version>/bin/ (a build goes to a temporary
# directory and is moved into place only when complete). The plugin never runs these: they are
# what users run (kube-prometheus-stack 67.0.0's Prometheus and Alertmanager, the newest
# releases, Helm 4, pint, and the Kubernetes control plane, prometheus-operator, kube-state-metrics
# and kwok the end-to-end suite installs the chart into), so the tests hold the chart against them.
#
# The repository's own Go tools (a pin whose module is a ./folder of the repository) are built
# from that folder with the dependencies its go.mod pins, and built again when its sources change.
#
# Usage: scripts/tools.sh install [NAME-VERSION ...]  builds what is missing (of those named, or
#                                                     of all), says what it builds
#        scripts/tools.sh path NAME-VERSION  prints that tool's bin directory (after install)
#        scripts/tools.sh list               prints NAME-VERSION of every pinned tool
# The versions are pinned in scripts/tools.pins.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/matrixmon/tools"

pins="$(dirname "$0")/tools.pins"
mapfile -t tools < <(grep -v '^#' "$pins" | grep -v '^$')

field() { # entry index
  local IFS='|'
  read -r -a parts <<< "$1"
  echo "${parts[$2]:-}"
}

wrap() { # module-dir module@version staged-version wrapper-dir packages
  local dir=$1 path=${2%@*} version=${2#*@} staged=$3 wrapper=$4 package gets=() packages=()
  mkdir -p "$wrapper"
  {
    echo "module matrixmon.invalid/tools-build"
    grep -m1 '^go ' "$dir/go.mod"  # the module's language version, and so its GODEBUG defaults
    echo "require $path $version"
    sed -n 's#^[[:space:]]*\([^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./.*#replace \1 => \1 '"$staged"'#p' "$dir/go.mod"
  } > "$wrapper/go.mod"
  for package in $5; do
    package="$path${package#.}"
    # Each package at the pinned version: without one, go get takes the newest release.
    gets+=("$package@$version") packages+=("$package")
  done
  (cd "$wrapper" && GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod go get -tool "${gets[@]}")
  echo "${packages[*]}" > "$wrapper/packages"
}

# The digest of a repository tool's sources (empty for a module of the proxy): a build of other
# sources is stale.
sources() { # module
  case "$1" in
    ./*) (cd "$root/$1" && find . \( -name '*.go' ! -name '*_test.go' \) -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64) ;;
  esac
}

built() { # name module
  [ -d "$cache/$1/bin" ] && [ "$(cat "$cache/$1/sources" 2>/dev/null)" = "$(sources "$2")" ]
}

build() { # entry
  local entry=$1 name module packages flags tags placeholders staged copied dir srcdir tmp ldflags="-s -w" started
  name="$(field "$entry" 0)" module="$(field "$entry" 1)" packages="$(field "$entry" 2)"
  flags="$(field "$entry" 3)" tags="$(field "$entry" 4)" placeholders="$(field "$entry" 5)"
  staged="$(field "$entry" 6)" copied="$(field "$entry" 7)"
  built "$name" "$module" && return 0
  started=$SECONDS
  for flag in $flags; do ldflags="$ldflags -X $flag"; done
  if [[ $module == ./* ]]; then
    echo "tools: building $name from $module, with the modules its go.mod pins, into $cache/$name"
    dir="$root/$module"
  else
    echo "tools: building $name from the Go module proxy ($module), once per version, into $cache/$name"
    # The module's own go.mod and go.sum decide its dependencies, replace and exclude directives
    # included (which `go install module@version` refuses).
    dir="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "$module" 2>/dev/null | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    [ -n "$dir" ] || { echo "tools: the Go module proxy did not serve $module" >&2; exit 1; }
  fi
  srcdir=$dir
  rm -rf "$cache/.$name".*  # what an interrupted build left
  tmp="$(mktemp -d "$cache/.$name.XXXXXX")"
  sources "$module" > "$tmp/sources"
  # shellcheck disable=SC2086 # the package list is several words on purpose
  if [ -n "$placeholders" ]; then
    # Web UI assets built by npm at release time are not in the module zip; the tests use the
    # APIs, so a placeholder page stands in (in a copy: the module cache is read-only).
    cp -r "$dir" "$tmp/src" && chmod -R u+w "$tmp/src" && dir="$tmp/src"
    for page in $placeholders; do
      mkdir -p "$dir/$(dirname "$page")"
      echo "<!doctype html><title>$name</title><p>Built without its web UI: the API only." > "$dir/$page"
    done
  fi
  if [ -n "$staged" ]; then
    # The module replaces some of its requirements with folders of its own repository that are
    # modules of their own, so its zip does not carry them: a wrapper module requires it and
    # replaces each such requirement with the release the proxy serves of it.
    wrap "$dir" "$module" "$staged" "$tmp/wrapper" "$packages" > "$tmp/build.log" 2>&1 || {
      echo "tools: preparing $name failed; go get said:" >&2; tail -n 40 "$tmp/build.log" >&2; rm -rf "$tmp"; exit 1; }
    dir="$tmp/wrapper" packages="$(cat "$dir/packages")"
  fi
  # GOWORK=off: a module's go.work names folders its module zip does not carry.
  if ! (cd "$dir" && CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=readonly \
          go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$tmp/bin/" $packages) >> "$tmp/build.log" 2>&1; then
    echo "tools: building $name failed; go build said:" >&2
    tail -n 40 "$tmp/build.log" >&2
    rm -rf "$tmp"
    exit 1
  fi
  for path in $copied; do cp -r "$srcdir/$path" "$tmp/" && chmod -R u+w "$tmp/$(basename "$path")"; done
  rm -rf "$tmp/src" "$tmp/wrapper" "${cache:?}/$name"
  mv "$tmp" "$cache/$name"
  echo "tools: $name built in $((SECONDS - started)) s"
}

case "${1:-install}" in
  install)
    command -v go >/dev/null 2>&1 || { echo "tools: Go is needed on the PATH to build the test tools" >&2; exit 1; }
    mkdir -p "$cache"
    shift || true
    for entry in "${tools[@]}"; do
      if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qxF "$(field "$entry" 0)"; then build "$entry"; fi
    done
    ;;
  path)
    [ -n "${2:-}" ] || { echo "usage: $0 path NAME-VERSION" >&2; exit 2; }
    entry="$(printf '%s\n' "${tools[@]}" | grep -m1 "^$2|" || true)"
    built "$2" "$(field "$entry" 1)" || { echo "tools: $2 is not built, or built from other sources; run $0 install $2" >&2; exit 1; }
    echo "$cache/$2/bin"
    ;;
  list)
    for entry in "${tools[@]}"; do field "$entry" 0; done
    ;;
  *) echo "usage: $0 install | path NAME-VERSION | list" >&2; exit 2 ;;
esac
