#!/usr/bin/env bash
# npm run package: installs what the build needs (scripts/ensure-tools.sh --build), builds the
# publishable package (pkg/, by scripts/build-package.sh) and packs it with `npm pack` into
# target/npm/. Prints what the tarball holds, then, as its last line, the tarball's absolute
# path: `npm install <that path>` installs it, `npm publish <that path>` would publish it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-tools.sh --build >&2
bash scripts/build-package.sh >&2
mkdir -p target/npm
rm -f target/npm/video-uploader-wasm-*.tgz
json=$(cd pkg && npm pack --json --pack-destination ../target/npm 2>/dev/null)
filename=$(PACK_JSON="$json" node --input-type=module -e '
  const [pack] = JSON.parse(process.env.PACK_JSON);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.error(`${pack.id}: ${pack.entryCount} files, ${kib(pack.size)} packed, ${kib(pack.unpackedSize)} unpacked`);
  for (const file of pack.files) console.error(`  ${String(file.size).padStart(9)}  ${file.path}`);
  console.log(pack.filename);
')
echo "$PWD/target/npm/$filename"
