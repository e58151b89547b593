# One image for both halves: `tixmo cloud` or `tixmo edge --config F` (docker-compose.yml).
# Build stage: compilers for the native modules (better-sqlite3, serialport, node-hid)
# and TypeScript; the final stage gets only their results.
FROM node:20-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ libudev-dev libusb-1.0-0-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off (there is nothing to build yet), then the native modules' own install steps.
RUN npm ci --ignore-scripts --no-audit --no-fund \
    && npm rebuild better-sqlite3 @serialport/bindings-cpp node-hid esbuild
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Final stage: node, the production dependencies, the built JavaScript and the
# migrations. No compilers, no sources (bin/tixmo.js runs dist/), not root.
FROM node:20-bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libudev1 libusb-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY drizzle ./drizzle
# /data: the cloud's data dir (PGlite, JWT secret) or the edge's journal, on a volume.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 4000
ENTRYPOINT ["node", "bin/tixmo.js"]
CMD ["--help"]
