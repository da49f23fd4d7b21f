FROM node:20-bookworm-slim
# `serve` fetches and pushes projects with git.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/* \
  && mkdir /data && chown node:node /data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY jobs ./jobs
USER node
ENTRYPOINT ["node", "bin/translate-locales.js"]
CMD ["worker"]
