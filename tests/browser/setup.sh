#!/usr/bin/env bash
# Installs what the real-browser and validator tests need on a fresh Debian machine, as root:
# Debian's chromium (never a browser downloaded by playwright), Java for the Nu HTML checker when
# none is present, jing for the Atom schema (RFC 4287), and the pinned npm packages of
# tests/browser (playwright-core, @axe-core/playwright, vnu-jar) from package-lock.json.
# Not root and something missing: says so and goes on; those tests then skip (outside CI).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# Fonts with Polish and Ukrainian glyphs, so the screenshots show real text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)
command -v jing >/dev/null 2>&1 || need_apt+=(jing)

if [ "${#need_apt[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup.sh: not root, cannot install ${need_apt[*]}; the tests needing them will skip" >&2
        exit 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

cd "$here"
# playwright-core never downloads a browser by itself; the variable only makes that explicit.
# --ignore-scripts: none of these packages needs an install script, and vnu-jar's postinstall
# would try to download a Java runtime from outside the package registry.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
    npm ci --no-audit --no-fund --ignore-scripts
    touch node_modules/.installed
fi

/usr/bin/chromium --version
java -version 2>&1 | head -n 1
test -f node_modules/vnu-jar/build/dist/vnu.jar
