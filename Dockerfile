# Build stage: the release binary (SQLite bundled, libpq from Debian).
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY .cargo .cargo
COPY src src
COPY migrations migrations
COPY seed seed
RUN cargo build --release --locked --bin client-safety

# Runtime stage: the binary, libpq and curl for the health check.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/client-safety client-safety \
    && mkdir -p /var/lib/client-safety && chown client-safety /var/lib/client-safety
COPY --from=build /src/target/release/client-safety /usr/local/bin/client-safety
USER client-safety
WORKDIR /var/lib/client-safety
ENV BIND_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["client-safety"]
CMD ["serve"]
