# r2k in a container: the dashboard and API on port 8080, the store in the /data volume.
#   docker build -t r2k .
#   docker run -p 8080:8080 -v r2k-data:/data r2k
# Stopping the container sends SIGTERM: r2k finishes or rolls back the write in progress, then exits.
FROM node:24-bookworm-slim
WORKDIR /app
COPY . .
# npm ci also builds (the prepare script); the build tools are then dropped.
RUN npm ci && npm prune --omit=dev && mkdir -p /data && chown node:node /data
ENV R2K_HOME=/data NODE_ENV=production
VOLUME /data
EXPOSE 8080
USER node
# node itself, not npx: the process that holds the store is the one the container stops.
CMD ["node", "bin/r2k.js", "start", "--host", "0.0.0.0", "--port", "8080"]
