#!/usr/bin/env sh
# Vendors Chart.js (MIT) into the web console: the UMD build and its licence, fetched once from the npm registry
# with npm pack. Run from the repository root to upgrade; nothing is fetched at build or run time.
set -eu
version=${1:-4.5.1}
target=projection-service/src/main/resources/ui/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "chart.js@$version" >/dev/null && tar xzf "chart.js-$version.tgz")
cp "$work/package/dist/chart.umd.min.js" "$target/chart.umd.min.js"
cp "$work/package/LICENSE.md" "$target/chart.js-LICENSE.md"
sha256sum "$target/chart.umd.min.js"
