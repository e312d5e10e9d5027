# One image for every role: `coincast start --role bot` and `coincast worker` (see docker-compose.yml).
# Built in two stages: the build needs TypeScript (a dev dependency, run by `prepare`), the image only the
# compiled dist/ and the runtime dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app .
ENV DATA_DIR=/data
ENTRYPOINT ["node", "bin/coincast.mjs"]
CMD ["start", "--role", "bot"]
