#include "tests/audit/setup.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/status.h"

namespace tongxin::audit {
namespace {

namespace vpb = volunteer::v1;
namespace ppb = points::v1;
namespace spb = posts::v1;

// One set-up request, retried while the stack answers UNAVAILABLE or times out (30 s at most).
template <typename Invoke>
absl::Status Retrying(const std::string& what, const std::string& token, Invoke invoke,
                      bool existing_is_fine = false) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::Status status = invoke(&context);
    if (status.ok()) return absl::OkStatus();
    if (existing_is_fine && status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      return absl::OkStatus();
    }
    if (!Retryable(status.error_code()) || std::chrono::steady_clock::now() > give_up) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat(what, ": ", status.error_message()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// A person index of this run: runs against one stack take different thousands.
int PersonBase(const std::string& run) {
  return 3000000 + static_cast<int>(std::hash<std::string>{}(run) % 9000) * 1000;
}

}  // namespace

std::string IdNumber(int i) {
  // Born on day i / 900 after 1970-03-01 (months 3–11, days 1–28), sequence i % 900 + 100.
  int days = i / 900;
  int year = 1970 + days / 300, month = 3 + (days % 300) / 28 % 9, day = 1 + days % 28;
  std::string base = absl::StrFormat("411502%04d%02d%02d%03d", year, month, day, i % 900 + 100);
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (base[k] - '0') * kWeights[k];
  return base + "10X98765432"[sum % 11];
}

absl::Status MakeWorld(const SetupSizes& sizes, const bench::Tokens& tokens, Stubs& stubs,
                       Client& setup, World& world) {
  const std::string& run = world.run;
  vpb::CreateStreetRequest street;
  street.set_request_id("audit-street-" + world.street);
  street.mutable_street()->set_street_id(world.street);
  street.mutable_street()->set_name("审计街道");
  street.mutable_street()->set_district("浉河区");
  vpb::Street made_street;
  TX_RETURN_IF_ERROR(Retrying(
      "CreateStreet", world.system_token,
      [&](auto* c) { return stubs.volunteer->CreateStreet(c, street, &made_street); }, true));
  vpb::CreateCommunityRequest community;
  community.set_request_id("audit-community-" + world.community);
  community.mutable_community()->set_community_id(world.community);
  community.mutable_community()->set_name("审计社区");
  vpb::Community made_community;
  TX_RETURN_IF_ERROR(Retrying(
      "CreateCommunity", world.system_token,
      [&](auto* c) { return stubs.volunteer->CreateCommunity(c, community, &made_community); },
      true));

  const int base = PersonBase(run);
  world.person_base = base;
  for (int i = 0; i < sizes.volunteers; ++i) {
    vpb::RegisterVolunteerRequest request;
    request.set_request_id(absl::StrCat("audit-", run, "-volunteer-", i));
    request.set_name(absl::StrCat("审计", i));
    request.set_id_number(IdNumber(base + i));
    request.set_phone(absl::StrFormat("137%08d", base + i));
    request.set_community_id(world.community);
    request.set_political_status(vpb::POLITICAL_STATUS_MASSES);
    vpb::Volunteer volunteer;
    TX_RETURN_IF_ERROR(Retrying("RegisterVolunteer", world.system_token, [&](auto* c) {
      return stubs.volunteer->RegisterVolunteer(c, request, &volunteer);
    }));
    world.volunteers.push_back(volunteer.volunteer_id());
    world.volunteer_tokens[volunteer.volunteer_id()] =
        tokens.Mint(volunteer.volunteer_id(), Role::kVolunteer);
  }
  // Every volunteer's account opens with an award in the audit community (their home).
  for (const auto& id : world.volunteers) setup.Award(id, 10);

  for (int i = 0; i < sizes.rewards; ++i) {
    ppb::CreateRewardRequest request;
    request.set_request_id(absl::StrCat("audit-", run, "-reward-", i));
    auto* reward = request.mutable_reward();
    reward->set_region_id(world.community);
    reward->set_name(absl::StrCat("审计奖品", run, "-", i).substr(0, 40));
    reward->set_price(setup.Uniform(1, 3));
    reward->set_stock(setup.Uniform(15, 40));
    // On sale from yesterday, whatever the machine's date.
    reward->mutable_active_from()->set_seconds(
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count() -
        86400);
    ppb::Reward made;
    TX_RETURN_IF_ERROR(Retrying("CreateReward", world.system_token, [&](auto* c) {
      return stubs.points->CreateReward(c, request, &made);
    }));
    world.rewards.push_back({made.reward_id(), made.price(), made.stock()});
  }

  for (int i = 0; i < sizes.posts; ++i) {
    spb::CreatePostRequest request;
    request.set_request_id(absl::StrCat("audit-", run, "-post-", i));
    auto* post = request.mutable_post();
    post->set_community_id(world.community);
    post->set_type_code("AID_NEEDY");
    post->set_title(absl::StrCat("审计岗位 ", run, "-", i));
    post->set_place("审计社区党群服务中心");
    post->set_schedule("每周六上午");
    post->set_capacity(setup.Uniform(2, 4));
    post->set_volunteers_allowed(true);
    spb::Post made;
    TX_RETURN_IF_ERROR(Retrying("CreatePost", world.system_token, [&](auto* c) {
      return stubs.posts->CreatePost(c, request, &made);
    }));
    world.posts.push_back({made.post_id(), made.capacity()});
  }

  for (int i = 0; i < sizes.wishes; ++i) setup.SubmitWish();
  return absl::OkStatus();
}

}  // namespace tongxin::audit
