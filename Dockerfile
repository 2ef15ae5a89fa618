# Grok Lab's headless engine in a container, for sweeps on a cluster (docs/SWEEPS.md).
#   docker build -t grok-lab .
#   docker run --rm -v "$PWD/runs:/lab/runs" grok-lab --grid 'wd=0,0.01' --seeds 0,1 --out runs/demo
# The arguments are those of `npm run sweep --`. Runs use the wasm backend on the CPUs given.
FROM node:22-bookworm-slim
WORKDIR /lab
COPY package.json package-lock.json ./
# Not --omit=optional: esbuild (under tsx) comes as an optional, per-platform package.
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .
# node itself as PID 1 (not npm, not a shell), so the SIGTERM a scheduler sends reaches the sweep,
# which stops its runs cleanly and keeps every finished one.
ENTRYPOINT ["node", "--import", "tsx", "src/cli/sweep.ts"]
CMD ["--help"]
