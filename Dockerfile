# syntax=docker/dockerfile:1
# One image holds every service; APP picks the one a container runs (Kubernetes sets APP per Deployment):
#   docker build -t tollgate .            docker run -e APP=auth tollgate
#   docker build --build-arg APP=billing -t tollgate-billing .   (only changes the default APP)
# Migrations: docker run tollgate node dist/scripts/migrate.js
#
# Node: the image runs Node 22 (LTS, supported until April 2027); Node 20 is end-of-life since April 2026.
# MISMATCH, stated plainly: CI on this project's machine runs the tests on Node 20.19+, not on the Node
# the image ships. The code keeps Node 20 compatibility (package.json `engines`: ^20.19 || ^22.12) until
# CI runs Node 22; an image on Node 24 (`--build-arg NODE_IMAGE=node:24-bookworm-slim`) builds but is not
# tested. Pin a digest for reproducible builds: NODE_IMAGE=node:22-bookworm-slim@sha256:<digest>.
ARG NODE_IMAGE=node:22-bookworm-slim

# Workspace manifests only (package.json of every lib and app, and the libs' runtime index.js),
# so the production install below can link the @tollgate/* workspaces.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY libs libs
COPY apps apps
RUN mkdir /out && for d in libs/* apps/*; do \
      mkdir -p "/out/$d" && cp "$d/package.json" "/out/$d/" && \
      if [ -f "$d/index.js" ]; then cp "$d/index.js" "/out/$d/"; fi; \
    done

# Build: every dependency, the Prisma clients (generated offline into apps/*/src/generated/),
# then tsc writes dist/ (apps/*/src, libs/*/src, scripts, generated clients included) and Vite the consoles.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /out/ ./
# Dependencies' install scripts are not needed to build (and some would download or phone home).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY scripts scripts
COPY prisma prisma
COPY libs libs
COPY apps apps
RUN node scripts/prisma-generate.js --force && npx tsc -b tsconfig.build.json
# The consoles (static files in dist/, served by the gateway); install scripts were skipped above.
RUN npm run build:console

# Runtime dependencies in a clean tree: no dev and no optional dependencies, so the Prisma CLI,
# Studio, @prisma/engines and TypeScript (optional peers of @prisma/client) stay out (~206 MB, not 467).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /out/ ./
# --ignore-scripts: the root postinstall generates Prisma clients (they come from the build stage);
# bcrypt's prebuilt binaries load without its install script.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ARG NODE_IMAGE
# Set by the release build: --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD)
#   --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ) --build-arg SOURCE=https://github.com/<org>/tollgate
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="tollgate" \
      org.opencontainers.image.description="Tollgate LLM API gateway: gateway, auth and billing services (APP selects one)" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.documentation="README.md (Deploying, Operations) and k8s/README.md" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
ENV NODE_ENV=production \
    APP=${APP} \
    USAGE_SPOOL_DIR=/var/lib/tollgate/usage-spool
WORKDIR /app
# Owned by root and read-only to the service user; only the usage journal directory is writable.
COPY --from=deps /app/package.json ./package.json
COPY --from=deps /app/node_modules ./node_modules
COPY --from=manifests /out/ ./
COPY --from=build /app/dist ./dist
# The migration runner finds prisma/<service>/migrations by walking up from dist/libs/db.
COPY --from=build /app/prisma ./prisma
# No package managers at run time (nothing installs there; fewer files to patch): npm, npx, corepack, yarn.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg \
    && mkdir -p /var/lib/tollgate/usage-spool && chown -R 1000:1000 /var/lib/tollgate
# The image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# 8080 public, 8081 auth admin, 8082 billing admin, 8083 gateway admin, 8084 billing webhooks (k8s), 8090 demo mock upstream.
EXPOSE 8080 8081 8082 8083 8084
# Liveness of the service APP names (its /health/live); readiness (/health/ready) is for load balancers.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "-e", "const e=process.env,p={gateway:e.GATEWAY_PORT||8080,auth:e.AUTH_ADMIN_PORT||8081,billing:e.BILLING_PORT||8082}[e.APP];fetch('http://127.0.0.1:'+p+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The gateway runs with Node's options from apps/gateway/src/node-flags.ts (it says why each).
CMD ["sh", "-c", "[ \"$APP\" = gateway ] && export MALLOC_ARENA_MAX=2; exec node $([ \"$APP\" = gateway ] && echo --expose-gc --liftoff-only --max-semi-space-size=8) dist/apps/${APP}/src/main.js"]
