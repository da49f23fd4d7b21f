FROM node:20-bookworm-slim
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
