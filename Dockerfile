FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY signing ./signing
COPY storage ./storage
COPY bench ./bench
COPY client ./client
RUN npm ci && npm prune --omit=dev
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "dist/server/cli/main.js", "serve"]
