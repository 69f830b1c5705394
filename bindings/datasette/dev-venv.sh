#!/usr/bin/env bash
# bindings/datasette/dev-venv.sh <venv dir> <vaultlister.so>
# A fresh venv of Debian's /usr/bin/python3 (over Debian's own Python packages, which
# `scripts/deps.sh datasette` installs) holding Datasette 0.64.8 and asgi-csrf 0.9 from the
# unchanged upstream archives in the third-party folder, then this plugin and the vaultlister pip
# package (staged with the given library), installed with pip from source exactly as
# docs/clients.md tells a user. Used by `make datasette` and tests/clients/datasette.sh.
#
# The third-party folder is $VL_THIRD_PARTY, or shared/third_party next to the repository
# (<repo>/../shared/third_party). Exit status 3 when it is missing; 1 on any other failure.
set -euo pipefail
venv="$(realpath -m "${1:?venv dir}")"; so="$(realpath -m "${2:?path of vaultlister.so}")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
third="${VL_THIRD_PARTY:-$(dirname "$root")/shared/third_party}"
datasette_tgz="$third/datasette-0.64.8.tar.gz"
csrf_tgz="$third/asgi-csrf-0.9.tar.gz"
for f in "$datasette_tgz" "$csrf_tgz"; do
  [[ -f "$f" ]] || { echo "vaultlister: dev-venv: $f is missing (set VL_THIRD_PARTY to the folder holding datasette-0.64.8.tar.gz and asgi-csrf-0.9.tar.gz)" >&2; exit 3; }
done
[[ -f "$so" ]] || { echo "vaultlister: dev-venv: $so does not exist (run make first)" >&2; exit 1; }

rm -rf "$venv"
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install --quiet --no-deps --no-index --no-build-isolation "$csrf_tgz" "$datasette_tgz"
# The archive's setup.py relies on a MANIFEST.in the archive lacks, so pip leaves out
# datasette/static (app.css, which every HTML page reads): put the archive's own files in place.
site="$("$venv/bin/python" -c 'import os, datasette; print(os.path.dirname(datasette.__file__))')"
if [[ ! -f "$site/static/app.css" ]]; then
  tar -xzf "$datasette_tgz" -C "$(dirname "$site")" --strip-components=1 datasette-0.64.8/datasette/static
fi
[[ "$("$venv/bin/datasette" --version)" == "datasette, version 0.64.8" ]] || {
  echo "vaultlister: dev-venv: $venv/bin/datasette is not Datasette 0.64.8" >&2; exit 1; }

# What `make bindings` does, on copies (the source tree stays as it is), then the user's command.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp -r "$root/bindings/python" "$tmp/python"
cp -r "$root/bindings/datasette" "$tmp/datasette"
rm -rf "$tmp/python/build" "$tmp/datasette/build" "$tmp"/*/*.egg-info
bash "$root/scripts/stage-bindings.sh" "$so" "$tmp/node-unused" "$tmp/python" >/dev/null
(cd "$tmp" && "$venv/bin/pip" install --quiet --no-index --no-build-isolation ./python ./datasette)
echo "vaultlister: dev-venv: $venv: $("$venv/bin/datasette" --version), plugin datasette-vaultlister"
