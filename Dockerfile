# syntax=docker/dockerfile:1
#
# One image definition for every runnable module. Pick the module with --build-arg:
#
#   docker build --build-arg MODULE=order-ingestion-service --build-arg PORT=8081 -t retail-sync/order-ingestion-service:0.1.0-SNAPSHOT .
#
# MODULE / PORT pairs (docs/contract.md): order-ingestion-service 8081, inventory-sync-service 8082,
# shipment-service 8083, settlement-service 8084, sandbox 8090. The sandbox image is for local stacks
# and tests only, never for a production deployment.
#
# The build stage does not depend on MODULE, so BuildKit builds it once and every image reuses it.

############################ build ############################
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# the Maven repository is a BuildKit cache mount: dependencies are downloaded once per builder, not per image
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -DskipTests

############################ runtime ############################
FROM eclipse-temurin:17-jre

ARG MODULE=order-ingestion-service
ARG PORT=8081
ARG VERSION=0.1.0-SNAPSHOT

# refuse a MODULE/PORT pair that does not exist (a typo would otherwise give an image that EXPOSEs the wrong port)
RUN case "${MODULE}:${PORT}" in \
      order-ingestion-service:8081|inventory-sync-service:8082|shipment-service:8083|settlement-service:8084|sandbox:8090) ;; \
      *) echo "unknown MODULE/PORT pair: ${MODULE}:${PORT}" >&2; exit 1 ;; \
    esac

# curl is used by the health checks of docker-compose.yml; installed only if the base image lacks it
RUN if ! command -v curl >/dev/null 2>&1; then \
      apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*; \
    fi

# a fixed numeric non-root user, so Kubernetes' runAsNonRoot can verify it
RUN groupadd --system --gid 10001 retailsync \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin retailsync \
 && mkdir -p /app \
 && chown 10001:10001 /app

WORKDIR /app
COPY --from=build --chown=10001:10001 /src/${MODULE}/target/${MODULE}-${VERSION}-exec.jar /app/app.jar

# container-aware memory: the heap follows the container's memory limit instead of the host's RAM
ENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=70.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError"

LABEL org.opencontainers.image.title="retail-sync ${MODULE}" \
      org.opencontainers.image.version="${VERSION}"

USER 10001:10001
EXPOSE ${PORT}
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
