# The bot's image for compose.yaml: Node 20 (the version the bot is built and tested on), the locked dependencies, and the bot compiled to
# JavaScript (what `npm start` runs). The seed digest is in the image; each container keeps its
# own copy of the digest, and new feed days reach it through the database (DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY . .
RUN npm run build && npm prune --omit=dev --no-fund --no-audit
ENV NODE_ENV=production
# The health endpoint (HEALTH_PORT) listens on 127.0.0.1 only, inside the container.
CMD ["node", "dist/src/main.js"]
