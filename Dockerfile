# syntax=docker/dockerfile:1
# Build: the same steps CI runs (vet + tests), then a static cgo binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go vet ./... && go test ./...
RUN mkdir -p /data
# `storybot version` reports these: docker build --build-arg VERSION=v1.2.3
# --build-arg REVISION=$(git rev-parse HEAD) .
ARG VERSION=""
ARG REVISION=""
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION} -linkmode external -extldflags '-static'" -tags 'osusergo netgo sqlite_omit_load_extension' -o /out/storybot .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/storybot /usr/local/bin/storybot
COPY --from=build --chown=nonroot:nonroot /data /data
# The database lives on a volume so reloads and restarts keep it.
VOLUME ["/data"]
ENV STORYBOT_DB=/data/storybot.db
# Health and metrics on a listener of their own; interactions (serve --http
# or STORYBOT_HTTP) on 8080 when used. See docs/deploy.md.
ENV STORYBOT_METRICS=:9090
EXPOSE 8080 9090
# Distroless has no shell or curl: the binary probes its own /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 CMD ["/usr/local/bin/storybot","health"]
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/storybot"]
CMD ["serve"]
