FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
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
CMD ["node", "dist/src/main.js"]
