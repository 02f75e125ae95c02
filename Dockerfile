# Tongxin services image: every binary from build/bin (tongxin-volunteer, tongxin-migrate,
# tongxin-call, tongxin-token, ...) and the migrations. Used by docker-compose.yml.

# ---- build ----
FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      libpqxx-dev libabsl-dev libspdlog-dev libgtest-dev libgmock-dev libssl-dev \
      nlohmann-json3-dev libcpp-httplib-dev libjwt-dev libboost-dev \
      libhpdf-dev libqrencode-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Only the sources: a local build/ or var/ must not end up in the image.
COPY CMakeLists.txt ./
COPY proto/ proto/
COPY services/ services/
COPY migrations/ migrations/
COPY tests/ tests/
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j2

# ---- runtime ----
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libgrpc29 libprotobuf32 libpqxx-6.4 libpq5 libspdlog1.10 libfmt9 \
      libssl3 libjwt0 libabsl20220623 ca-certificates \
      libhpdf-2.3.0 libqrencode4 fonts-wqy-zenhei \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /opt/tongxin --shell /usr/sbin/nologin tongxin
COPY --from=build /src/build/bin/ /usr/local/bin/
COPY --from=build /src/migrations/ /opt/tongxin/migrations/
ENV TONGXIN_MIGRATIONS_DIR=/opt/tongxin/migrations
WORKDIR /opt/tongxin
USER tongxin
EXPOSE 50051
CMD ["tongxin-volunteer"]
