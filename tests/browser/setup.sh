#!/usr/bin/env bash
# Installs what the real-browser tests (tests/test_digest_browser.py) need on a fresh Debian
# machine, as root: Debian's chromium (never a browser downloaded by playwright), Java for the
# Nu HTML checker when none is present, and the pinned npm packages of tests/browser
# (playwright-core, @axe-core/playwright, vnu-jar) from package-lock.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# Fonts with Polish and Ukrainian glyphs, so the screenshots show real text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)

if [ "${#need_apt[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

cd "$here"
# playwright-core never downloads a browser by itself; the variable only makes that explicit.
# --ignore-scripts: none of these packages needs an install script, and vnu-jar's postinstall
# would try to download a Java runtime from outside the package registry.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --ignore-scripts
else
    npm install --no-audit --no-fund --ignore-scripts
fi

/usr/bin/chromium --version
java -version 2>&1 | head -n 1
test -f node_modules/vnu-jar/build/dist/vnu.jar
