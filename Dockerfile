# Turumba: one image for the API and the workers (tsx runs the TypeScript; only the web console is built).

# The console is built with the dev dependencies (Vite, React, ...), which the runtime image leaves out.
FROM node:20-slim AS console
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY web ./web
RUN npx tsx web/scripts/ensure-build.ts --force

FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Everything else the processes read at run time (.dockerignore leaves out tests, docs and local state).
COPY . .
COPY --from=console /app/web/dist ./web/dist

USER node
EXPOSE 8080

# node itself is PID 1's child (compose sets init), so SIGTERM reaches the graceful shutdown in
# src/main.ts. `npm start` would run node under npm and sh, which do not pass SIGTERM on.
CMD ["node", "--import", "tsx", "src/main.ts"]
