#!/usr/bin/env bash
# scripts/deps.sh <target> — makes sure the Debian packages a make target needs are present.
#
# Every Makefile target runs this first. It asks dpkg-query which of the target's packages are
# installed. When some are missing: as root it runs `apt-get update` and
# `apt-get install -y --no-install-recommends <missing>`; as anyone else it prints exactly which
# packages are missing and the command that installs them, and exits non-zero.
# For `test` it also installs the Node test dependencies (tests/node: better-sqlite3 12.x, whose
# bundled SQLite amalgamation is the second SQLite the suite builds against) with `npm ci` when
# node_modules is missing or older than package-lock.json.
set -euo pipefail

target="${1:-build}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build_pkgs=(g++ cmake make libssl-dev rapidjson-dev libsqlite3-dev libhowardhinnant-date-dev libcsv-dev
            tzdata pkg-config)
# libcsv-dev: the marketplace CSV reader (ext/imports). test: GoogleTest, the clients the tests drive (sqlite3 shell, Python, Node + npm, sqlite-utils),
# what the binding tests install into (python3-venv, python3-pip, python3-setuptools), pytest for
# the Python client tests (tests/py), and python3-matplotlib for the demo test (its charts).
test_pkgs=(googletest libgtest-dev sqlite3 python3 python3-pytest nodejs npm sqlite-utils python3-venv
           python3-pip python3-setuptools python3-matplotlib)
demo_pkgs=(sqlite3 python3 python3-matplotlib)   # matplotlib: the demo's PNG charts
deb_pkgs=(dpkg-dev file)
# fuzz: clang 14 (Debian 12) with its runtime libraries; libclang-rt-14-dev holds
# libclang_rt.fuzzer (-fsanitize=fuzzer) and the ASan/UBSan runtimes; npm fetches the
# SQLite amalgamation (tests/node, better-sqlite3) the SQL-driven targets link.
fuzz_pkgs=(clang libclang-rt-14-dev nodejs npm)
# sanitize: the ASan/UBSan runtimes of Debian's gcc 12 (the test binaries link them; client hosts
# preload them). coverage: gcov ships with gcc; gcovr turns its data into the summary.
sanitize_pkgs=(libasan8 libubsan1)
coverage_pkgs=(gcovr)
# test-dqlite (also part of test): dqlite-demo and the dqlite shell (go-dqlite), libdqlite-dev for
# tests/dqlite/embedded_node.c; tests/dqlite/run.sh picks ports with python3.
dqlite_pkgs=(go-dqlite libdqlite-dev python3)
# dll / test-windows / dist: Debian's mingw-w64 cross compiler (posix threads), dpkg-source and the
# archive keyring for scripts/win-deps.sh (apt-get source), perl for OpenSSL's Configure, tcl for
# generating SQLite's shell.c, Wine to run the Windows sqlite3.exe, zip for make dist.
windows_pkgs=(g++-mingw-w64-x86-64-posix dpkg-dev debian-archive-keyring perl tcl wine wine64 zip
              python3 sqlite3)
bench_pkgs=(nodejs npm)   # bench/run.js drives better-sqlite3, croner and ajv from tests/node
# datasette (also part of test): what Datasette 0.64.8 from ../shared/third_party runs on (Debian 12
# lacks only Datasette and asgi-csrf, installed into a venv over these by
# bindings/datasette/dev-venv.sh), pytest, and the browser test: chromium, its driver, selenium.
datasette_pkgs=(python3 python3-venv python3-pip python3-setuptools python3-asgiref python3-click
                python3-click-default-group python3-jinja2 python3-hupper python3-httpx python3-pint
                python3-pluggy python3-uvicorn python3-aiofiles python3-janus python3-yaml
                python3-mergedeep python3-itsdangerous python3-multipart python3-pytest-runner
                python3-pytest chromium chromium-driver python3-selenium)

case "$target" in
  build|install|clean|bindings) need=("${build_pkgs[@]}") ;;
  test|ci)                      need=("${build_pkgs[@]}" "${test_pkgs[@]}" "${dqlite_pkgs[@]}" "${datasette_pkgs[@]}") ;;
  datasette)                    need=("${build_pkgs[@]}" "${demo_pkgs[@]}" "${datasette_pkgs[@]}") ;;
  test-dqlite)                  need=("${build_pkgs[@]}" "${dqlite_pkgs[@]}") ;;
  demo)                         need=("${build_pkgs[@]}" "${demo_pkgs[@]}") ;;
  deb)                          need=("${build_pkgs[@]}" "${deb_pkgs[@]}") ;;
  fuzz)                         need=("${build_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
  bench)                        need=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
  windows)                      need=("${build_pkgs[@]}" "${windows_pkgs[@]}") ;;
  sanitize)                     need=("${build_pkgs[@]}" "${test_pkgs[@]}" "${sanitize_pkgs[@]}") ;;
  coverage)                     need=("${build_pkgs[@]}" "${test_pkgs[@]}" "${coverage_pkgs[@]}") ;;
  *) echo "vaultlister: deps.sh: unknown target '$target' (build, test, test-dqlite, datasette, sanitize, coverage, demo, install, deb, clean, bindings, bench, windows)" >&2
     exit 2 ;;
esac

installed() {
  local status
  status="$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] && return 0
  # NodeSource's nodejs package ships npm itself and conflicts with Debian's npm package:
  # a working npm command satisfies the requirement.
  if [[ "$1" == npm ]] && command -v npm >/dev/null 2>&1; then return 0; fi
  return 1
}

missing=()
for p in "${need[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]]; then
    echo "vaultlister: installing missing packages for '$target': ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=900 update
    apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}"
  else
    echo "vaultlister: make $target needs these Debian packages, which are not installed: ${missing[*]}" >&2
    echo "install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [[ "$target" == test || "$target" == ci || "$target" == bench || "$target" == sanitize \
      || "$target" == coverage ]]; then
  nodedir="$root/tests/node"
  stamp="$nodedir/node_modules/.package-lock.json"   # npm writes it on every install
  lock="$nodedir/package-lock.json"
  if [[ ! -d "$nodedir/node_modules" || ! -e "$stamp" || ( -e "$lock" && "$lock" -nt "$stamp" ) \
        || ! -e "$nodedir/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]]; then
    echo "vaultlister: installing the Node test dependencies in tests/node"
    if [[ -e "$lock" ]]; then
      (cd "$nodedir" && npm ci --no-audit --no-fund)
    else
      (cd "$nodedir" && npm install --no-audit --no-fund)
    fi
  fi
fi
