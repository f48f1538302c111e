# The API as a container image: a static binary (the SQLite driver is pure
# Go, so CGO is off) on a distroless base, run as a non-root user.
#
#   docker build -t crm .
#   docker run -d -p 5353:5353 -v crm-data:/data -e JWT_SECRET="$(openssl rand -hex 32)" crm
#
# The image listens on every interface (HOST=0.0.0.0), so JWT_SECRET must be
# at least 32 bytes. SQLite lives in the /data volume; set DATABASE_URL for
# PostgreSQL or MySQL instead (see compose.yaml).

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/crm ./cmd/crm
# The data folder, owned by the runtime user (distroless "nonroot", 65532)
# and closed to others, as the server itself would create it.
RUN install -d -m 0700 -o 65532 -g 65532 /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/crm /usr/local/bin/crm
COPY --from=build --chown=65532:65532 /out/data /data
ENV HOST=0.0.0.0 PORT=5353 DATA_DIR=/data
USER 65532:65532
VOLUME ["/data"]
EXPOSE 5353
# The image has no shell or curl: the binary probes its own /healthz.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/usr/local/bin/crm", "healthcheck"]
# serve waits SHUTDOWN_GRACE + SHUTDOWN_TIMEOUT (25 s by default) on SIGTERM:
# give `docker stop` more (docker stop -t 30; compose sets stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/crm"]
CMD ["serve"]
