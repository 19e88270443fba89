# Tributary: one server process per container. For several replicas on PostgreSQL + Redis, see
# compose.yaml and docs/SCALING.md. (Not built on the machine this was written on: no Docker there.)

FROM node:22-slim AS build
WORKDIR /app
# better-sqlite3 usually installs a prebuilt binary; the toolchain is the fallback when it cannot.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci
COPY . .
# The web client (client/dist), then drop the build-only dependencies (Vite, TypeScript, tests).
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
# The image's unprivileged user.
USER node
EXPOSE 8080
# Only used without DATABASE_URL (SQLite).
VOLUME ["/data"]
# Readiness: 200 only when storage (and, with REDIS_URL, the bus) answer and the server is not
# shutting down: a replica that lost either is reported unhealthy and a load balancer with health
# checks stops sending it people. (`/livez` is the liveness probe, for orchestrators that restart.)
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without npm in between: SIGTERM from `docker stop` reaches the server,
# which stores everything and closes its sockets before exiting.
CMD ["node", "scripts/start.mjs"]
