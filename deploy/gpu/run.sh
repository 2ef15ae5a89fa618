#!/bin/sh
# Runs one of the lab's CLIs from the GPU bundle (deploy/gpu/make-bundle.sh) on a bare Linux machine:
#   run.sh bench --gpu                        per-step times and time to grok on the GPU
#   run.sh train --url '<share link>' --backend webgpu
#   run.sh sweep --url '<link>' --seeds 0:4:5 --backend webgpu --jobs 4 --out runs/x
# Flags are those of npm run train / sweep / bench (each takes --help).
set -eu
case "$0" in */*) here=${0%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd)
cli=${1:-}
case "$cli" in
  train | sweep | bench) shift ;;
  *) echo "usage: run.sh train|sweep|bench [flags]" >&2; exit 2 ;;
esac

# The bundle's Vulkan loader and libglvnd come after nothing: they are the ones Dawn gets. NVIDIA's
# libraries may sit outside the linker's cache, in a folder the container mounts.
libs="$here/lib"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && libs="$libs:$d"; done
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# NVIDIA's driver manifest, where the loader would not look by itself; VK_DRIVER_FILES or
# VK_ICD_FILENAMES, when set, decide alone.
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for d in /usr/local/nvidia/share/vulkan/icd.d /usr/local/nvidia/etc/vulkan/icd.d; do
    [ -d "$d" ] && export VK_ADD_DRIVER_FILES="$d${VK_ADD_DRIVER_FILES:+:$VK_ADD_DRIVER_FILES}"
  done
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
exec "$here/node" "$here/$cli.mjs" "$@"
