FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY jobs ./jobs
COPY test/simulator ./test/simulator
COPY test/helpers ./test/helpers
COPY bench ./bench
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
# `serve` fetches and pushes projects with git.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/* \
  && mkdir /data && chown node:node /data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "dist/bin/translate-locales.js"]
CMD ["worker"]
