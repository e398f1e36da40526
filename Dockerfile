# The Stance Ledger image: the API (default command), the projector
# (`node dist/apps/projector/src/main.js`) or the command line (`npx stance-ledger <command>`),
# against an external PostgreSQL (DATABASE_URL). Node 26 is the Active LTS line (from
# 2026-10-28; maintenance from 2027-10, end of life 2029-04); its images are built on
# Debian 13 (trixie).
FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:26-trixie-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data ./data
COPY --from=build /app/bin ./bin
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
