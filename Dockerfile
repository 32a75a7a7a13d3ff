# Node 22 (LTS), pinned by digest so that every rebuild starts from the same base; to move it, read
# the current digest with `docker buildx imagetools inspect node:22-bookworm-slim`.
ARG NODE_IMAGE=node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/scripts ./scripts
# The record's checkpoints (AUDIT_CHECKPOINT_DIR in docker-compose): a volume mounted here starts owned by node.
RUN mkdir -p /var/lib/consentry/audit-checkpoints && chown node:node /var/lib/consentry/audit-checkpoints
# A named volume mounted here starts with this directory's owner: the secrets service (user node) writes into it.
RUN mkdir -p /var/lib/consentry/secrets && chown node:node /var/lib/consentry/secrets && chmod 700 /var/lib/consentry/secrets
USER node
EXPOSE 3000
# The API's own answer to /health (database and Redis); the worker's service turns this off.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD ["node", "dist/src/cli/healthcheck.js"]
CMD ["node", "dist/src/main.js"]
