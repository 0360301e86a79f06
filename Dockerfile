# One image per service: docker build --build-arg APP=gateway .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs libs
COPY apps apps
COPY prisma prisma
COPY scripts scripts
COPY tsconfig*.json ./
RUN npm ci && npx tsc -b tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
