#!/usr/bin/env bash
# Packs the headless lab for a bare Linux x86-64 machine with an NVIDIA GPU and its driver, and
# nothing else (no Node, no npm, no registry): out/gpu-bundle.tar.xz holds
#   train.mjs, sweep.mjs, bench.mjs  the CLIs (npm run train / sweep / bench), bundled by esbuild
#   *.wasm                           tfjs's wasm backend
#   node_modules/webgpu              Node's WebGPU (Dawn), Linux x86-64 build only
#   node                             this machine's Node binary
#   lib/                             the Vulkan loader (libvulkan1) and libglvnd's dispatcher
#                                    (libglvnd0), which NVIDIA's Vulkan driver needs, from Debian
#   run.sh                           sets the library path and NVIDIA's driver manifest, then runs a CLI
# On the GPU machine:  tar xJf gpu-bundle.tar.xz && gpu-bundle/run.sh bench --gpu
# Run here after `npm ci`, on Linux x86-64 with apt-get (Debian or Ubuntu). Usage: make-bundle.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/gpu-bundle}
[ "$(uname -sm)" = "Linux x86_64" ] || { echo "make-bundle.sh: builds for Linux x86-64 only (this is $(uname -sm))" >&2; exit 1; }
[ -d node_modules/webgpu/dist/linux-x64 ] || { echo "make-bundle.sh: run npm ci first (node_modules/webgpu is missing)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/node_modules/webgpu/dist" "$out/lib"

# tfjs's wasm backend and emscripten read require, __dirname and __filename, which an ES module lacks.
banner="import { createRequire as __labRequire } from 'node:module'; import { fileURLToPath as __labPath } from 'node:url'; import { dirname as __labDir } from 'node:path'; const require = __labRequire(import.meta.url); const __filename = __labPath(import.meta.url); const __dirname = __labDir(__filename);"
for cli in train sweep bench; do
  npx esbuild "src/cli/$cli.ts" --bundle --platform=node --format=esm --target=node20 --external:webgpu \
    --log-level=warning --banner:js="$banner" --outfile="$out/$cli.mjs"
done
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$out/"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json node_modules/webgpu/LICENSE.md "$out/node_modules/webgpu/"
cp -r node_modules/webgpu/dist/linux-x64 "$out/node_modules/webgpu/dist/"
cp "$(command -v node)" "$out/node"

debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
chmod 755 "$debs" # apt-get download runs as _apt where it can
(cd "$debs" && apt-get download libvulkan1 libglvnd0 >/dev/null) ||
  { echo "make-bundle.sh: apt-get download libvulkan1 libglvnd0 failed (run apt-get update?)" >&2; exit 1; }
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$debs/root"; done
cp -a "$debs"/root/usr/lib/x86_64-linux-gnu/libvulkan.so.1* "$debs"/root/usr/lib/x86_64-linux-gnu/libGLdispatch.so.0* "$out/lib/"
cp deploy/gpu/run.sh "$out/run.sh"
chmod +x "$out/run.sh"

tar -C "$(dirname "$out")" -cf - "$(basename "$out")" | xz -T0 -6 >"$out.tar.xz"
echo "$out.tar.xz: $(du -h "$out.tar.xz" | cut -f1) ($("$out/node" --version), webgpu $(node -p "require('./node_modules/webgpu/package.json').version"))"
