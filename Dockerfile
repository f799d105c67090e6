# domainshift in a container, for engines that run one per repository
# (Sourcegraph batch changes, CI images): a static binary, git (check and
# apply ask git which files a work tree holds), running as a non-root user.
#
#   docker build -t domainshift .
#   docker run --rm -v "$PWD:/repo" domainshift check
#
# The default target builds from this source tree. The "release" target
# takes the binary GoReleaser built (.goreleaser.yaml) from the context.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.buildVersion=${VERSION}" -o /out/domainshift ./cmd/domainshift

FROM alpine:3.22 AS base
# A mounted repository belongs to another user: without safe.directory git
# refuses it ("dubious ownership") and domainshift could not list its files.
RUN apk add --no-cache git ca-certificates \
	&& git config --system --add safe.directory '*' \
	&& adduser -D -H -u 10001 domainshift
WORKDIR /repo
ENTRYPOINT ["domainshift"]
CMD ["check"]

FROM base AS release
COPY domainshift /usr/local/bin/domainshift
USER 10001:10001

FROM base AS default
COPY --from=build /out/domainshift /usr/local/bin/domainshift
USER 10001:10001
