// The views' cache on its own (gateway_unit_test): compositions the test finishes by hand, a
// FakeClock for age. What the HTTP tests cannot arrange at will: eviction by size, a caller whose
// deadline is nearer than the composition's, an action while a composition is under way.
#include "services/gateway/view_cache.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "tongxin/gateway/v1/gateway.pb.h"

namespace tongxin::gateway {
namespace {

using std::chrono::seconds;
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);
const auto kDeadline = kStart + seconds(5);

class ViewCacheTest : public ::testing::Test {
 protected:
  ViewCache::View Overview(const std::string& region) {
    auto view = std::make_shared<v1::RegionOverview>();
    view->set_region_id(region);
    return view;
  }
  ViewCacheOptions Options(size_t max_bytes = 1u << 20) {
    ViewCacheOptions options;
    options.max_age = seconds(3);
    options.max_bytes = max_bytes;
    options.clock = &clock_;
    return options;
  }
  static ViewKey Key(const std::string& region, const std::string& owner = "a") {
    return ViewKey{"GetRegionOverview", owner, region};
  }
  // Serves `key`; a composition it starts waits in `pending_` until the test finishes it.
  void Serve(ViewCache& cache, const ViewKey& key,
             std::chrono::system_clock::time_point deadline = kDeadline) {
    cache.Serve(
        key, deadline, [this](ViewCache::Finish finish) { pending_.push_back(std::move(finish)); },
        [this](const ViewCache::Served& served) { served_.push_back(served); });
  }
  void FinishWhole(size_t i, const std::string& region) {
    pending_.at(i)({absl::OkStatus(), Overview(region), true});
  }

  FakeClock clock_{kStart};
  std::vector<ViewCache::Finish> pending_;
  std::vector<ViewCache::Served> served_;
};

TEST_F(ViewCacheTest, TheLeastRecentlyUsedGoPastTheSizeLimit) {
  // Room for about two entries of this size.
  size_t one = Overview("411502001")->SpaceUsedLong() + Key("411502001").request.size() + 300;
  ViewCache cache(Options(2 * one + one / 2));
  for (const char* region : {"411502001", "411502002"}) {
    Serve(cache, Key(region));
    FinishWhole(pending_.size() - 1, region);
  }
  Serve(cache, Key("411502001"));  // used: 411502002 is now the least recent
  EXPECT_EQ(pending_.size(), 2u);
  Serve(cache, Key("411502003"));
  FinishWhole(2, "411502003");
  Serve(cache, Key("411502001"));
  EXPECT_EQ(pending_.size(), 3u);  // still kept
  Serve(cache, Key("411502002"));
  EXPECT_EQ(pending_.size(), 4u);  // dropped: composed again
  EXPECT_GE(cache.metrics().Value("tongxin_gateway_view_cache_evictions_total", {}), 1);
}

TEST_F(ViewCacheTest, ACallerWithANearerDeadlineDoesNotWaitForTheComposition) {
  ViewCache cache(Options());
  Serve(cache, Key("411502001"), kDeadline);
  Serve(cache, Key("411502001"), kDeadline + seconds(1));  // waits for it
  Serve(cache, Key("411502001"), kDeadline - seconds(1));  // composes its own
  ASSERT_EQ(pending_.size(), 2u);
  FinishWhole(0, "411502001");
  EXPECT_EQ(served_.size(), 2u);
  FinishWhole(1, "411502001");
  EXPECT_EQ(served_.size(), 3u);
}

TEST_F(ViewCacheTest, AViewComposedWhileItsOwnerActedIsNotKeptNorWaitedFor) {
  ViewCache cache(Options());
  Serve(cache, Key("411502001", "volunteer-1"));
  cache.Forget("volunteer-1");
  FinishWhole(0, "411502001");
  ASSERT_EQ(served_.size(), 1u);                  // served to the one who asked before the action
  Serve(cache, Key("411502001", "volunteer-1"));  // not kept: composed again
  ASSERT_EQ(pending_.size(), 2u);
  cache.Forget("volunteer-1");
  Serve(cache, Key("411502001", "volunteer-1"));  // asked after the action: not a wait for it
  EXPECT_EQ(pending_.size(), 3u);
  // Another owner's views stay.
  Serve(cache, Key("411502001", "volunteer-2"));
  FinishWhole(3, "411502001");
  cache.Forget("volunteer-1");
  Serve(cache, Key("411502001", "volunteer-2"));
  EXPECT_EQ(pending_.size(), 4u);
}

TEST_F(ViewCacheTest, ErrorsAreServedToEveryWaiterAndNeverKept) {
  ViewCache cache(Options());
  Serve(cache, Key("411502001"));
  Serve(cache, Key("411502001"));
  pending_.at(0)({absl::PermissionDeniedError("out of scope"), nullptr, false});
  ASSERT_EQ(served_.size(), 2u);
  for (const auto& served : served_) {
    EXPECT_EQ(served.status.code(), absl::StatusCode::kPermissionDenied);
  }
  Serve(cache, Key("411502001"));
  EXPECT_EQ(pending_.size(), 2u);
}

TEST_F(ViewCacheTest, OwnersAreTheirRoleSubjectAndScope) {
  Principal admin{"x", Role::kCommunityAdmin, {"411502001001", "411502001002"}};
  Principal reordered{"x", Role::kCommunityAdmin, {"411502001002", "411502001001"}};
  EXPECT_EQ(OwnerOf(admin), OwnerOf(reordered));
  EXPECT_NE(OwnerOf(admin), OwnerOf(Principal{"x", Role::kStreetAdmin, admin.scope}));
  EXPECT_NE(OwnerOf(admin), OwnerOf(Principal{"y", Role::kCommunityAdmin, admin.scope}));
  EXPECT_NE(OwnerOf(admin), OwnerOf(Principal{"x", Role::kCommunityAdmin, {"411502001001"}}));
  EXPECT_NE(OwnerOf(Principal{"x", Role::kVolunteer, {}}),
            OwnerOf(Principal{"x", Role::kCommunityAdmin, {}}));
}

}  // namespace
}  // namespace tongxin::gateway
