// The four loaders, one per service database, each after the service's migrations have run.
#pragma once

#include <string>

#include "bench/city/bulk_load.h"
#include "bench/city/city_shape.h"

namespace tongxin::bench {

// The fixed key the generated personal fields are sealed and blind-indexed with (bench only).
inline constexpr char kBenchKeyHex[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

void LoadVolunteers(const std::string& url, const CityScale& scale, LoadLog& log);
void LoadWishes(const std::string& url, const CityScale& scale, LoadLog& log);
void LoadPosts(const std::string& url, const CityScale& scale, LoadLog& log);
// Fails the program when a balance differs from its account's transfers.
void LoadPoints(const std::string& url, const CityScale& scale, LoadLog& log);

}  // namespace tongxin::bench
