# Turumba: one image for the API and the workers, running compiled JavaScript (dist/, web/dist/).

# Server and console are built with the dev dependencies (Vite, React, ...), which the runtime image
# leaves out.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Everything else the processes read at run time (.dockerignore leaves out tests, docs and local state).
COPY . .
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist

USER node
EXPOSE 8080

# node itself is PID 1's child (compose sets init), so SIGTERM reaches the graceful shutdown in
# src/main.ts. `npm start` would run node under npm and sh, which do not pass SIGTERM on.
CMD ["node", "--enable-source-maps", "dist/main.js"]
