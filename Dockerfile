# Parley: the relay, its API and the web app in one image, for the single-node default.
# Build:  docker build -t parley .
# Run:    docker run -p 8787:8787 -v parley-data:/data parley   (or: docker compose up -d)
# The build stage runs sync-server/scripts/build.mjs, the same script as `npm start` and `npm run
# build`; tests/integration/docker-image.test.ts runs these stages without Docker.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# npm needs every workspace's package.json to read the lockfile, and the web build the shared
# tsconfig.json; only the relay's and the web app's dependencies are installed (--omit=dev).
COPY package.json package-lock.json tsconfig.json ./
COPY packages ./packages
COPY sync-server ./sync-server
COPY apps/web ./apps/web
COPY tests/package.json ./tests/package.json
COPY tests/bench/package.json ./tests/bench/package.json
COPY apps/host-crm/package.json ./apps/host-crm/package.json
RUN node sync-server/scripts/build.mjs

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8787 \
    PARLEY_HOST=0.0.0.0 \
    PARLEY_DATA_DIR=/data \
    PARLEY_DEMO=0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/sync-server/package.json ./sync-server/package.json
COPY --from=build /app/sync-server/scripts ./sync-server/scripts
COPY --from=build /app/sync-server/dist ./sync-server/dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "sync-server/scripts/healthcheck.mjs"]
CMD ["node", "sync-server/dist/main.js"]
