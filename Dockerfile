# One image for every role: `coincast start --role bot` and `coincast worker` (see docker-compose.yml).
# Built in two stages: the build needs TypeScript (a dev dependency, run by `prepare`), the image only the
# compiled dist/ and the runtime dependencies. Node.js 24, an LTS line (package.json's engines lists the
# lines Coincast runs on); .ci/run's smoke installs and runs Coincast on it.
FROM node:24-bookworm-slim AS build
# sqlite3 is a native addon: its install fetches a prebuilt N-API binary, and builds from source with
# node-gyp (python3, make, g++) where none can be fetched. Only the build stage needs the compilers.
# @tensorflow/tfjs-node(-gpu) are optional: where their native library can not be installed, npm drops them
# and TF_BACKEND=auto runs the model on the WebAssembly back-end.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=build /app .
ENV DATA_DIR=/data
# Not root: the image's `node` user (uid 1000). DATA_DIR is made here, owned by it, so that a named volume
# mounted on /data (docker-compose.yml) starts with that ownership; the app folder stays root's, read-only
# to the process. A bind mount must be writable by uid 1000 (`coincast start` says so otherwise).
RUN mkdir -p /data && chown node:node /data
USER node
# HTTP_PORT (off unless set; docker-compose.yml sets 9464) serves /healthz, /readyz and /metrics.
ENTRYPOINT ["node", "bin/coincast.mjs"]
CMD ["start", "--role", "bot"]
