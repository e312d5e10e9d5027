# One image for every role: `coincast start --role bot` and `coincast worker` (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV DATA_DIR=/data
ENTRYPOINT ["node", "bin/coincast.mjs"]
CMD ["start", "--role", "bot"]
