// The authorization matrix run against the real services (db tier): the five services, each built
// through its composition root on its own PostgreSQL database, and the gateway's gRPC face over
// them. Every cell of tests/authz/authz_matrix.cc is called with a minimal valid request made
// for it (fresh state where the call changes something); the answer's code is checked against the
// cell, and every database is compared before and after the calls that must be refused, so a
// refused call is seen to change nothing. Then the personal data the run seeded (full ID numbers,
// phone numbers, wishers' names and contacts) is looked for in every answer, in the services' log
// and in the answers the idempotency stores keep.
//
// Why one file over 500 lines: it is one fixture whose request builders (one per row of the
// matrix, ~150) share a seeded world of regions, volunteers, posts, wishes and rewards; split by
// service, each part would need the whole world again. Next step when it grows: the builders
// per service in their own files over a shared fixture header.
#include <google/protobuf/empty.pb.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/common/outbox.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gateway_grpc.h"
#include "services/gateway/rate_limiter.h"
#include "services/volunteer/domain/identity.h"
#include "tests/authz/authz_matrix.h"
#include "tests/support/activities_stack.h"
#include "tests/support/all_services.h"
#include "tests/support/notifications_stack.h"
#include "tongxin/outbox/v1/outbox.pb.h"

namespace tongxin::authz {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;
namespace spb = ::tongxin::posts::v1;
namespace wpb = ::tongxin::wishes::v1;
namespace gpb = ::tongxin::gateway::v1;
namespace opb = ::tongxin::outbox::v1;
namespace apb = ::tongxin::activities::v1;
namespace npb = ::tongxin::notifications::v1;
using google::protobuf::Message;

constexpr char kStreet[] = "411502001";
constexpr char kOtherStreet[] = "411502002";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
constexpr char kGridA1[] = "411502001001001";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

// Every wisher's name starts with this (and no other text the run writes contains it).
constexpr char kWisherName[] = "许愿人";

// What one cell sends, and what an allowed caller gets for it.
struct Prepared {
  std::shared_ptr<Message> request;
  std::string self;  // the subject "self" calls as
  // The scope of the street admin in scope, when the row's resource is not in street S.
  std::vector<std::string> street_scope;
  grpc::StatusCode allowed = grpc::StatusCode::OK;
};
using Builder = std::function<Prepared(Caller)>;

// A call's answer: its status and, when OK, the response's bytes.
struct Answer {
  grpc::Status status;
  std::string bytes;
};

// Who may see one wisher's name and contact besides admins in scope and the system.
struct WishPeople {
  std::string submitter;
  std::string claimer;
};

class AuthzMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Every service logs through the default logger: kept here, to be searched after the run.
    previous_logger_ = spdlog::default_logger();
    log_ = std::make_unique<std::ostringstream>();
    auto logger = std::make_shared<spdlog::logger>(
        "authz", std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_));
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);

    clock_ = std::make_unique<FakeClock>(kStart);
    neighbours_ = std::make_unique<testing::Neighbours>(*clock_, "authzm");
    posts_ = std::make_unique<testing::PostsStack>(*clock_, "authzm_posts", *neighbours_);
    wishes_ = std::make_unique<testing::WishesStack>(*clock_, "authzm_wishes", *neighbours_);
    activities_ =
        std::make_unique<testing::ActivitiesStack>(*clock_, "authzm_activities", *neighbours_);
    notifications_ = std::make_unique<testing::NotificationsStack>(*clock_, "authzm_notifications");
    tokens_ = std::make_unique<testing::TestServer>(*clock_);
    // Parts wait as long as their callers (5 s): a part cut by a budget on a loaded machine
    // would hide its service's refusal.
    gateway_ = std::make_unique<gateway::Gateway>(
        gateway::Downstreams{neighbours_->volunteer().server.channel(), posts_->server.channel(),
                             wishes_->server.channel(), neighbours_->points().server.channel(),
                             activities_->server.channel()},
        gateway::DownstreamGuardOptions{std::chrono::seconds(5)});
    gateway_server_ = std::make_unique<testing::TestServer>(*clock_);
    limiter_ = std::make_unique<gateway::RateLimiter>(1e9, 1e9, *clock_);
    // The tokens' time stays at the start, as the services' own verifiers keep it.
    gateway_token_clock_ = std::make_unique<FakeClock>(kStart);
    gateway_verifier_ =
        TokenVerifier::Hs256(testing::TestServer::kSecret, gateway_token_clock_.get());
    gateway_runner_ = std::make_unique<AsyncRpcRunner>(*gateway_verifier_);
    gateway_grpc_ =
        std::make_unique<gateway::GatewayGrpc>(*gateway_, *gateway_runner_, *limiter_, *limiter_);
    gateway_server_->Start(gateway_grpc_.get());
    channels_ = {{"volunteer", neighbours_->volunteer().server.channel()},
                 {"points", neighbours_->points().server.channel()},
                 {"posts", posts_->server.channel()},
                 {"wishes", wishes_->server.channel()},
                 {"activities", activities_->server.channel()},
                 {"notifications", notifications_->server.channel()},
                 {"gateway", gateway_server_->channel()},
                 // Served beside the service, on its port.
                 {"volunteer-outbox", neighbours_->volunteer().server.channel()},
                 {"posts-outbox", posts_->server.channel()},
                 {"wishes-outbox", wishes_->server.channel()},
                 {"activities-outbox", activities_->server.channel()},
                 {"points-outbox", neighbours_->points().server.channel()}};
    OpenDatabases();
    Seed();
    Builders();
  }

  static void TearDownTestSuite() {
    databases_.clear();
    gateway_server_->Stop();
    // In the reverse order of their making: each outlives what uses it.
    gateway_grpc_.reset();
    gateway_runner_.reset();
    gateway_verifier_.reset();
    gateway_token_clock_.reset();
    limiter_.reset();
    gateway_server_.reset();
    gateway_.reset();
    tokens_.reset();
    notifications_.reset();
    activities_.reset();
    wishes_.reset();
    posts_.reset();
    neighbours_.reset();
    clock_.reset();
    spdlog::set_default_logger(previous_logger_);
    log_.reset();
  }

  // ---- calls ----

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return tokens_->Token(role, subject, std::move(scope));
  }
  static std::string System() { return Token(Role::kSystem, "authz-system"); }
  static std::string NextId() { return "authz-" + std::to_string(++counter_); }

  static Answer Invoke(const std::string& service, const std::string& method,
                       const std::string& token, const Message& request) {
    grpc::GenericStub stub(channels_.at(service));
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer sent(&slice, 1), received;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, "/" + GrpcServiceName(service) + "/" + method, grpc::StubOptions(),
                   &sent, &received,
                   [&done](grpc::Status status) { done.set_value(std::move(status)); });
    Answer answer{done.get_future().get(), ""};
    if (answer.status.ok()) {
      std::vector<grpc::Slice> slices;
      if (received.Dump(&slices).ok()) {
        for (const auto& s : slices) {
          answer.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
      }
    }
    return answer;
  }

  // A set-up call as the system (or as `token`), which must succeed.
  template <typename Response>
  static Response Must(const std::string& service, const std::string& method,
                       const Message& request, const std::string& token = "") {
    Answer answer = Invoke(service, method, token.empty() ? System() : token, request);
    Response response;
    if (!answer.status.ok()) {
      ADD_FAILURE() << "set-up " << service << "." << method << ": " << answer.status.error_code()
                    << " " << answer.status.error_message();
      return response;
    }
    response.ParseFromString(answer.bytes);
    return response;
  }

  // ---- people and their personal data ----

  // `n` in `width` digits, zeros in front.
  static std::string Digits(int n, size_t width) {
    std::string digits = std::to_string(n);
    return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
  }

  // The n-th person: a real, distinct birth date from 1970 on, a distinct phone.
  static vpb::RegisterVolunteerRequest Registration(const std::string& community, bool party) {
    const int n = ++people_;
    std::string date =
        Digits(1970 + n / 300, 4) + Digits((n % 300) / 25 + 1, 2) + Digits(n % 25 + 1, 2);
    std::string first17 = "411502" + date + "123";
    std::string id_number = first17 + volunteer::ResidentIdCheckCharacter(first17);
    id_numbers_.insert(id_number);
    vpb::RegisterVolunteerRequest request;
    request.set_request_id(NextId());
    request.set_name("志愿者" + std::to_string(n));
    request.set_id_number(id_number);
    request.set_phone(NewPhone());
    request.set_community_id(community);
    request.set_political_status(party ? vpb::POLITICAL_STATUS_PARTY_MEMBER
                                       : vpb::POLITICAL_STATUS_MASSES);
    if (party) request.set_party_branch("第一党支部");
    return request;
  }
  static std::string NewPhone() {
    std::string phone = "139" + Digits(++phones_made_, 8);
    phones_.insert(phone);
    return phone;
  }
  // An active volunteer registered in person by the system.
  static std::string NewVolunteer(const std::string& community, bool party = false) {
    return Must<vpb::Volunteer>("volunteer", "RegisterVolunteer", Registration(community, party))
        .volunteer_id();
  }
  // An account that registered itself: a pending volunteer.
  static std::string NewPendingVolunteer() {
    std::string account = NewAccount();
    Must<vpb::Volunteer>("volunteer", "RegisterVolunteer", Registration(kCommunityA, false),
                         Token(Role::kVolunteer, account));
    return account;
  }
  static std::string NewAccount() { return "account-" + std::to_string(++accounts_); }
  static std::string NewResident() { return "resident-" + std::to_string(++accounts_); }
  static vpb::ChangeVolunteerStatusRequest StatusChange(const std::string& volunteer,
                                                        const std::string& reason) {
    vpb::ChangeVolunteerStatusRequest request;
    request.set_request_id(NextId());
    request.set_volunteer_id(volunteer);
    request.set_reason(reason);
    return request;
  }
  static vpb::RecordServiceRequest ServiceEntry(const std::string& volunteer,
                                                vpb::ServiceSource source) {
    vpb::RecordServiceRequest request;
    request.set_request_id(NextId());
    request.set_volunteer_id(volunteer);
    request.set_hours(2);
    request.set_service_date("2026-06-15");  // the adoption day: no service before it
    request.set_organiser("河南路社区");
    request.set_organiser_region_id(kCommunityA);
    request.set_source(source);
    if (source == vpb::SERVICE_SOURCE_POST_LOG) request.set_source_ref("post-log:" + NextId());
    return request;
  }

  // A certificate of the member's June (their activity of 2026-06-15 in it).
  static vpb::IssueCertificateRequest CertificateRequest() {
    vpb::IssueCertificateRequest request;
    request.set_request_id(NextId());
    request.set_volunteer_id(member_);
    request.set_period_start("2026-06-01");
    request.set_period_end("2026-06-15");
    return request;
  }

  // ---- posts ----

  static std::string NewPost() {
    spb::CreatePostRequest request;
    request.set_request_id(NextId());
    auto* post = request.mutable_post();
    post->set_community_id(kCommunityA);
    post->set_type_code("AID_NEEDY");
    post->set_title("结对帮扶 " + request.request_id());
    post->set_capacity(1000);
    post->set_volunteers_allowed(true);
    return Must<spb::Post>("posts", "CreatePost", request).post_id();
  }
  static spb::CreateUnitRequest UnitRequest() {
    spb::CreateUnitRequest request;
    request.set_request_id(NextId());
    request.mutable_unit()->set_community_id(kCommunityA);
    request.mutable_unit()->set_name("共建单位 " + request.request_id());
    request.mutable_unit()->set_agreement_date("2026-01-01");
    return request;
  }
  static spb::AdoptPostRequest Adoption(const std::string& post, spb::AdopterKind kind,
                                        const std::string& adopter) {
    spb::AdoptPostRequest request;
    request.set_request_id(NextId());
    request.set_post_id(post);
    request.set_adopter_kind(kind);
    request.set_adopter_id(adopter);
    return request;
  }
  static std::string Adopt(const std::string& post, const std::string& volunteer) {
    return Must<spb::Adoption>("posts", "AdoptPost",
                               Adoption(post, spb::ADOPTER_KIND_VOLUNTEER, volunteer))
        .adoption_id();
  }
  static spb::LogServiceRequest Log(const std::string& adoption) {
    spb::LogServiceRequest request;
    request.set_request_id(NextId());
    request.set_adoption_id(adoption);
    request.set_service_date("2026-06-15");  // the adoption day: no service before it
    request.set_hours(2);
    request.set_summary("打扫楼道");
    return request;
  }
  static spb::ReviewLogRequest Review(const std::string& log, const std::string& reason) {
    spb::ReviewLogRequest request;
    request.set_request_id(NextId());
    request.set_log_id(log);
    request.set_reason(reason);
    return request;
  }

  // ---- wishes ----

  // A wish's submission by `submitter` (the subject whose token submits it); its wisher's name
  // and contact are remembered with who may see them.
  static wpb::SubmitWishRequest WishRequest(const std::string& submitter) {
    const int n = ++wishers_;
    wpb::SubmitWishRequest request;
    request.set_request_id(NextId());
    request.set_community_id(kCommunityA);
    request.set_category(wpb::CATEGORY_STUDY_SUPPLIES);
    request.set_description("孩子想要一个新书包");
    request.set_estimated_value(80);
    request.set_wisher_name(kWisherName + std::to_string(n));
    std::string contact = "137" + Digits(n, 8);
    request.set_wisher_contact(contact);
    wisher_contacts_[contact] = n;
    wish_people_[n].submitter = submitter;
    return request;
  }
  static std::string SubmitWish(const std::string& submitter = "authz-system",
                                const std::string& token = "") {
    wpb::SubmitWishRequest request = WishRequest(submitter);
    const int n = wishers_;
    std::string wish = Must<wpb::Wish>("wishes", "SubmitWish", request, token).wish_id();
    wish_numbers_[wish] = n;
    return wish;
  }
  static std::string ApprovedWish() {
    std::string wish = SubmitWish();
    wpb::ReviewWishRequest review;
    review.set_request_id(NextId());
    review.set_wish_id(wish);
    review.set_approve(true);
    Must<wpb::Wish>("wishes", "ReviewWish", review);
    return wish;
  }
  static wpb::ClaimWishRequest Claim(const std::string& wish, const std::string& volunteer) {
    wpb::ClaimWishRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish);
    request.set_volunteer_id(volunteer);
    // Whoever the claim names may see the wisher while it holds.
    wish_people_[wish_numbers_[wish]].claimer = volunteer;
    return request;
  }
  static std::string ClaimedWish(const std::string& claimer) {
    std::string wish = ApprovedWish();
    Must<wpb::Wish>("wishes", "ClaimWish", Claim(wish, claimer));
    return wish;
  }
  static wpb::FulfilWishRequest Fulfil(const std::string& wish) {
    wpb::FulfilWishRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish);
    request.set_note("书包已送到");
    request.set_photo_url("https://img.tongxin.example/fulfil.jpg");
    request.set_service_hours(1);
    return request;
  }

  // ---- points ----

  static long long GivePoints(const std::string& volunteer, const std::string& community,
                              long long amount) {
    ppb::AdjustRequest request;
    request.set_request_id(NextId());
    request.set_volunteer_id(volunteer);
    request.set_community_id(community);
    request.set_amount(amount);
    request.set_reason("补录服务积分");
    return Must<ppb::Transfer>("points", "Adjust", request).transfer_id();
  }
  static ppb::Order NewOrder() {
    ppb::RedeemRequest request;
    request.set_request_id(NextId());
    request.set_volunteer_id(member_);
    request.set_reward_id(reward_);
    request.set_quantity(1);
    // Its pickup code is shown to the volunteer who ordered: they order.
    return Must<ppb::Order>("points", "Redeem", request, Token(Role::kVolunteer, member_));
  }
  // A round of community A over 2026: the best earner (member_) as its candidate, or nobody.
  static std::string NewRound(bool with_candidate) {
    ppb::CreateRoundRequest request;
    request.set_request_id(NextId());
    auto* round = request.mutable_round();
    round->set_title("2026年度优秀志愿者 " + request.request_id());
    round->set_region_id(kCommunityA);
    round->set_period_kind(ppb::PERIOD_KIND_YEAR);
    round->set_period("2026");
    round->set_rule(with_candidate ? ppb::RULE_KIND_TOP_N : ppb::RULE_KIND_MIN_POINTS);
    round->set_rule_value(with_candidate ? 1 : 100000000);
    ppb::Round created = Must<ppb::Round>("points", "CreateRound", request);
    if (with_candidate &&
        (created.candidates_size() != 1 || created.candidates(0).volunteer_id() != member_)) {
      ADD_FAILURE() << "the round's candidate is not the best earner: " << created.DebugString();
    }
    return created.round_id();
  }
  static ppb::DecideCandidateRequest Decision(const std::string& round) {
    ppb::DecideCandidateRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round);
    request.set_volunteer_id(member_);
    request.set_decision(ppb::CANDIDATE_DECISION_CONFIRMED);
    return request;
  }
  static ppb::PublishRoundRequest Publication(const std::string& round) {
    ppb::PublishRoundRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round);
    return request;
  }
  // A round in its notice, its one candidate confirmed.
  static std::string RoundInNotice() {
    std::string round = NewRound(true);
    Must<ppb::Round>("points", "DecideCandidate", Decision(round));
    Must<ppb::Round>("points", "PublishRound", Publication(round));
    return round;
  }
  static ppb::LodgeObjectionRequest Objection(const std::string& round) {
    ppb::LodgeObjectionRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round);
    request.set_volunteer_id(member_);
    request.set_text("服务时长有出入");
    return request;
  }

  // ---- activities ----

  static google::protobuf::Timestamp At(std::chrono::system_clock::time_point t) {
    google::protobuf::Timestamp ts;
    SetTimestamp(&ts, t);
    return ts;
  }
  // An activity of community A from 10 minutes after the start for two hours.
  static apb::Activity ActivityFields() {
    apb::Activity a;
    a.set_organiser_region_id(kCommunityA);
    a.set_title("清洁家园");
    a.set_category("清洁家园");
    a.mutable_place()->set_address("河南路社区党群服务中心");
    *a.mutable_start_time() = At(kStart + std::chrono::minutes(10));
    *a.mutable_end_time() = At(kStart + std::chrono::minutes(130));
    a.set_quota(1000);
    return a;
  }
  static std::string NewActivity(bool requires_approval, bool publish) {
    apb::CreateActivityRequest request;
    request.set_request_id(NextId());
    *request.mutable_activity() = ActivityFields();
    request.mutable_activity()->set_requires_approval(requires_approval);
    std::string id = Must<apb::Activity>("activities", "CreateActivity", request).activity_id();
    if (publish) {
      apb::PublishActivityRequest publication;
      publication.set_request_id(NextId());
      publication.set_activity_id(id);
      Must<apb::Activity>("activities", "PublishActivity", publication);
    }
    return id;
  }
  static std::string SignUpFor(const std::string& activity, const std::string& volunteer) {
    apb::SignUpRequest request;
    request.set_request_id(NextId());
    request.set_activity_id(activity);
    request.set_volunteer_id(volunteer);
    return Must<apb::Participation>("activities", "SignUp", request).participation_id();
  }
  // An activity of community A that ended an hour ago, written as if it had run.
  static std::string EndedActivity() {
    pqxx::work tx(*databases_.at("activities"));
    std::string id =
        tx.exec1(
              "INSERT INTO activities (organiser_region_id, title, category, address, start_at, "
              "end_at, quota, status, created_by, published_at) VALUES (" +
              tx.quote(std::string(kCommunityA)) +
              ", '清洁家园', '清洁家园', '河南路', to_timestamp(" +
              std::to_string(std::chrono::system_clock::to_time_t(kStart) - 3 * 3600) +
              "), to_timestamp(" +
              std::to_string(std::chrono::system_clock::to_time_t(kStart) - 3600) +
              "), 10, 2, 'admin-a', now()) RETURNING activity_id::text")[0]
            .as<std::string>();
    tx.commit();
    return id;
  }
  // What the organiser's screen shows now: a code is spent once used, so each check-in or
  // check-out asks for the current one.
  static std::string TheScreensCode(const std::string& activity) {
    apb::GetCheckinCodeRequest request;
    request.set_activity_id(activity);
    return Must<apb::CheckinCode>("activities", "GetCheckinCode", request).digits();
  }
  static apb::CheckInRequest CheckInWithTheScreensCode(const std::string& activity) {
    apb::CheckInRequest request;
    request.set_request_id(NextId());
    request.set_activity_id(activity);
    request.set_code(TheScreensCode(activity));
    return request;
  }

  // ---- the shared state every read looks at ----

  static void Seed() {
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA, kCommunityB});
    vpb::CreateGridRequest grid;
    grid.set_request_id(NextId());
    grid.mutable_grid()->set_grid_id(kGridA1);
    grid.mutable_grid()->set_name("第一网格");
    Must<vpb::Grid>("volunteer", "CreateGrid", grid);

    other_ = NewVolunteer(kCommunityA);
    vpb::RegisterVolunteerRequest member = Registration(kCommunityA, false);
    member_id_number_ = member.id_number();
    member_ = Must<vpb::Volunteer>("volunteer", "RegisterVolunteer", member).volunteer_id();
    GivePoints(member_, kCommunityA, 5000);  // the community's best earner of 2026
    member_b_ = NewVolunteer(kCommunityB);
    GivePoints(member_b_, kCommunityB, 100);
    Must<vpb::ServiceRecord>("volunteer", "RecordService",
                             ServiceEntry(member_, vpb::SERVICE_SOURCE_ACTIVITY));
    certificate_ =
        Must<vpb::Certificate>("volunteer", "IssueCertificate", CertificateRequest()).serial();

    vpb::CreateTeamRequest team;
    team.set_request_id(NextId());
    team.set_community_id(kCommunityA);
    team.set_name("河南路志愿服务队");
    team_ = Must<vpb::Team>("volunteer", "CreateTeam", team).team_id();

    post_ = NewPost();
    adoption_ = Adopt(post_, member_);

    ppb::CreateRewardRequest reward;
    reward.set_request_id(NextId());
    reward.mutable_reward()->set_region_id(kCommunityA);
    reward.mutable_reward()->set_name("大米");
    reward.mutable_reward()->set_price(1);
    reward.mutable_reward()->set_stock(100000);
    reward_ = Must<ppb::Reward>("points", "CreateReward", reward).reward_id();
    tiers_ = Must<ppb::Tiers>("points", "GetTiers", ppb::GetTiersRequest());

    wall_wish_ = ApprovedWish();
    resident_ = NewResident();
    submitted_wish_ = SubmitWish(resident_, Token(Role::kVolunteer, resident_));
    claimed_wish_ = ClaimedWish(member_);
    round_ = NewRound(true);

    // Activities of community A: one open for check-in now (it starts in 10 minutes), one that
    // asks for approval, one still a draft; the member has signed up for the first.
    activity_ = NewActivity(false, true);
    approval_activity_ = NewActivity(true, true);
    draft_activity_ = NewActivity(false, false);
    SignUpFor(activity_, member_);
  }

  // ---- the requests, one builder per row ----

  static void Add(const std::string& key, Builder builder) {
    if (!builders_.emplace(key, std::move(builder)).second) ADD_FAILURE() << key << " twice";
  }
  // A cell's request about `self` (by default the community's member, whom nothing changes).
  template <typename Request>
  static Prepared P(const Request& request, std::string self = "") {
    Prepared prepared;
    prepared.request = std::make_shared<Request>(request);
    prepared.self = self.empty() ? member_ : std::move(self);
    return prepared;
  }
  // A request that is the same for every caller.
  template <typename Request>
  static Builder Same(std::function<void(Request&)> fill, std::string self = "") {
    return [fill, self](Caller) {
      Request request;
      fill(request);
      return P(request, self);
    };
  }

  static void Builders() {
    VolunteerBuilders();
    PointsBuilders();
    PostsBuilders();
    WishesBuilders();
    ActivitiesBuilders();
    NotificationsBuilders();
    GatewayBuilders();
    OutboxBuilders();
  }

  static void VolunteerBuilders() {
    Add("volunteer.CreateStreet", [](Caller) {
      vpb::CreateStreetRequest request;
      request.set_request_id(NextId());
      std::string id = std::to_string(411502100 + ++regions_);
      request.mutable_street()->set_street_id(id);
      request.mutable_street()->set_name("街道" + id);
      Prepared prepared = P(request);
      prepared.street_scope = {id};  // a street admin of the new street
      return prepared;
    });
    Add("volunteer.GetStreet",
        Same<vpb::GetStreetRequest>([](auto& r) { r.set_street_id(kStreet); }));
    Add("volunteer.ListStreets", Same<vpb::ListStreetsRequest>([](auto&) {}));
    Add("volunteer.CreateCommunity", Same<vpb::CreateCommunityRequest>([](auto& r) {
          r.set_request_id(NextId());
          std::string id = kStreet + std::to_string(100 + ++regions_);
          r.mutable_community()->set_community_id(id);
          r.mutable_community()->set_name("社区" + id);
        }));
    Add("volunteer.GetCommunity",
        Same<vpb::GetCommunityRequest>([](auto& r) { r.set_community_id(kCommunityA); }));
    Add("volunteer.ListCommunities",
        Same<vpb::ListCommunitiesRequest>([](auto& r) { r.set_street_id(kStreet); }));
    Add("volunteer.CreateGrid", Same<vpb::CreateGridRequest>([](auto& r) {
          r.set_request_id(NextId());
          std::string id = kCommunityA + std::to_string(100 + ++regions_);
          r.mutable_grid()->set_grid_id(id);
          r.mutable_grid()->set_name("网格" + id);
        }));
    Add("volunteer.GetGrid", Same<vpb::GetGridRequest>([](auto& r) { r.set_grid_id(kGridA1); }));
    Add("volunteer.ListGrids",
        Same<vpb::ListGridsRequest>([](auto& r) { r.set_community_id(kCommunityA); }));
    Add("volunteer.RegisterVolunteer", [](Caller caller) {
      Prepared prepared = P(Registration(kCommunityA, false), NewAccount());
      // Another volunteer is registered already: their own registration answers so.
      if (caller == Caller::kOther) prepared.allowed = grpc::StatusCode::ALREADY_EXISTS;
      return prepared;
    });
    Add("volunteer.GetVolunteer",
        Same<vpb::GetVolunteerRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("volunteer.FindVolunteerByIdNumber", Same<vpb::FindVolunteerByIdNumberRequest>([](auto& r) {
          r.set_id_number(member_id_number_);
        }));
    Add("volunteer.ListVolunteers",
        Same<vpb::ListVolunteersRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    auto update = [](std::function<void(vpb::UpdateVolunteerRequest&)> fill) {
      return [fill](Caller) {
        vpb::UpdateVolunteerRequest request;
        request.set_request_id(NextId());
        request.set_volunteer_id(NewVolunteer(kCommunityA));
        fill(request);
        return P(request, request.volunteer_id());
      };
    };
    Add("volunteer.UpdateVolunteer (contact details, skills)",
        update([](vpb::UpdateVolunteerRequest& r) {
          r.mutable_update_mask()->add_paths("phone");
          r.mutable_update_mask()->add_paths("skills");
          r.set_phone(NewPhone());
          r.add_skills("理发");
        }));
    Add("volunteer.UpdateVolunteer (name)", update([](vpb::UpdateVolunteerRequest& r) {
          r.mutable_update_mask()->add_paths("name");
          r.set_name("改名后");
        }));
    Add("volunteer.UpdateVolunteer (political status)", update([](vpb::UpdateVolunteerRequest& r) {
          r.mutable_update_mask()->add_paths("political_status");
          r.mutable_update_mask()->add_paths("party_branch");
          r.set_political_status(vpb::POLITICAL_STATUS_PARTY_MEMBER);
          r.set_party_branch("第一党支部");
        }));
    Add("volunteer.UpdateVolunteer (home community, to another)",
        update([](vpb::UpdateVolunteerRequest& r) {
          r.mutable_update_mask()->add_paths("community_id");
          r.set_community_id(kCommunityB);
        }));
    Add("volunteer.ApproveVolunteer", [](Caller) {
      std::string volunteer = NewPendingVolunteer();
      return P(StatusChange(volunteer, ""), volunteer);
    });
    Add("volunteer.SuspendVolunteer", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      return P(StatusChange(volunteer, "多次无故缺席"), volunteer);
    });
    Add("volunteer.ReactivateVolunteer", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      Must<vpb::Volunteer>("volunteer", "SuspendVolunteer", StatusChange(volunteer, "暂停"));
      return P(StatusChange(volunteer, ""), volunteer);
    });
    Add("volunteer.DeregisterVolunteer", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      return P(StatusChange(volunteer, "本人申请注销"), volunteer);
    });
    auto report = [](const std::string& community) {
      return [community](Caller) {
        vpb::ReportToCommunityRequest request;
        request.set_request_id(NextId());
        request.set_volunteer_id(NewVolunteer(kCommunityA, /*party=*/true));
        request.set_community_id(community);
        return P(request, request.volunteer_id());
      };
    };
    Add("volunteer.ReportToCommunity (to the home community)", report(kCommunityA));
    Add("volunteer.ReportToCommunity (to another community)", report(kCommunityB));
    // A pending report: a party member of community A reports to it themself.
    auto pending_report = [] {
      vpb::ReportToCommunityRequest request;
      request.set_request_id(NextId());
      request.set_volunteer_id(NewVolunteer(kCommunityA, /*party=*/true));
      request.set_community_id(kCommunityA);
      vpb::Volunteer reported =
          Must<vpb::Volunteer>("volunteer", "ReportToCommunity", request,
                               Token(Role::kVolunteer, request.volunteer_id()));
      return std::make_pair(reported.pending_report_id(), request.volunteer_id());
    };
    Add("volunteer.ConfirmReport", [pending_report](Caller) {
      auto [report_id, volunteer] = pending_report();
      vpb::ConfirmReportRequest request;
      request.set_request_id(NextId());
      request.set_report_id(report_id);
      return P(request, volunteer);
    });
    Add("volunteer.RejectReport", [pending_report](Caller) {
      auto [report_id, volunteer] = pending_report();
      vpb::RejectReportRequest request;
      request.set_request_id(NextId());
      request.set_report_id(report_id);
      request.set_reason("未在本社区居住");
      return P(request, volunteer);
    });
    Add("volunteer.ListCommunityReports",
        Same<vpb::ListCommunityReportsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("volunteer.ListCommunityReports (one volunteer's)", [pending_report](Caller) {
      auto [report_id, volunteer] = pending_report();
      vpb::ListCommunityReportsRequest request;
      request.set_region_id(kCommunityA);
      request.set_volunteer_id(volunteer);
      return P(request, volunteer);
    });
    Add("volunteer.ListIdNumberLookups",
        Same<vpb::ListIdNumberLookupsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("volunteer.CreateTeam", Same<vpb::CreateTeamRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_community_id(kCommunityA);
          r.set_name("服务队 " + r.request_id());
        }));
    Add("volunteer.ListTeams",
        Same<vpb::ListTeamsRequest>([](auto& r) { r.set_community_id(kCommunityA); }));
    Add("volunteer.JoinTeam", [](Caller) {
      vpb::JoinTeamRequest request;
      request.set_request_id(NextId());
      request.set_team_id(team_);
      request.set_volunteer_id(NewVolunteer(kCommunityA));
      return P(request, request.volunteer_id());
    });
    Add("volunteer.LeaveTeam", [](Caller) {
      vpb::JoinTeamRequest join;
      join.set_request_id(NextId());
      join.set_team_id(team_);
      join.set_volunteer_id(NewVolunteer(kCommunityA));
      Must<vpb::TeamMember>("volunteer", "JoinTeam", join);
      vpb::LeaveTeamRequest request;
      request.set_request_id(NextId());
      request.set_team_id(team_);
      request.set_volunteer_id(join.volunteer_id());
      return P(request, request.volunteer_id());
    });
    Add("volunteer.ListTeamMembers",
        Same<vpb::ListTeamMembersRequest>([](auto& r) { r.set_team_id(team_); }));
    Add("volunteer.RecordService (an activity or honour hours)",
        [](Caller) { return P(ServiceEntry(member_, vpb::SERVICE_SOURCE_ACTIVITY)); });
    Add("volunteer.RecordService (a post log or a wish)",
        [](Caller) { return P(ServiceEntry(member_, vpb::SERVICE_SOURCE_POST_LOG)); });
    Add("volunteer.CorrectServiceRecord", [](Caller) {
      vpb::CorrectServiceRecordRequest request;
      request.set_request_id(NextId());
      request.set_record_id(
          Must<vpb::ServiceRecord>("volunteer", "RecordService",
                                   ServiceEntry(member_, vpb::SERVICE_SOURCE_ACTIVITY))
              .record_id());
      request.set_hours(1);
      request.set_reason("实际服务1小时");
      return P(request);
    });
    Add("volunteer.ListServiceRecords",
        Same<vpb::ListServiceRecordsRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("volunteer.GetServiceSummary",
        Same<vpb::GetServiceSummaryRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("volunteer.GetRegionStatistics",
        Same<vpb::GetRegionStatisticsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    // A patrol of the community's member, each call with a reference of its own.
    Add("volunteer.ReportGridTask", Same<vpb::ReportGridTaskRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_volunteer_id(member_);
          r.set_task_type(vpb::GRID_TASK_TYPE_PATROL);
          r.set_reference("patrol-" + r.request_id());
          r.mutable_completed_at()->set_seconds(
              std::chrono::system_clock::to_time_t(kStart - std::chrono::hours(1)));
        }));
    Add("volunteer.IssueCertificate", [](Caller) { return P(CertificateRequest()); });
    Add("volunteer.GetCertificate",
        Same<vpb::GetCertificateRequest>([](auto& r) { r.set_serial(certificate_); }));
    // Only a valid certificate's PDF is handed out, and records added since (other rows') may
    // have superseded the first: the period's valid one (issued anew when there is none).
    Add("volunteer.GetCertificatePdf", [](Caller) {
      vpb::GetCertificatePdfRequest request;
      request.set_serial(
          Must<vpb::Certificate>("volunteer", "IssueCertificate", CertificateRequest()).serial());
      return P(request);
    });
    Add("volunteer.ListCertificates",
        Same<vpb::ListCertificatesRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("volunteer.RevokeCertificate", [](Caller) {
      vpb::RevokeCertificateRequest request;
      request.set_request_id(NextId());
      // A certificate of its own for each cell: of a period no other has (one valid certificate
      // per period), each starting a day earlier and holding the member's 2026-06-15.
      static int earlier = 0;
      vpb::IssueCertificateRequest issue = CertificateRequest();
      issue.set_period_start(absl::FormatCivilTime(absl::CivilDay(2026, 5, 31) - earlier++));
      request.set_serial(Must<vpb::Certificate>("volunteer", "IssueCertificate", issue).serial());
      request.set_reason("时长有误");
      return P(request);
    });
    Add("volunteer.VerifyCertificate",
        Same<vpb::VerifyCertificateRequest>([](auto& r) { r.set_serial(certificate_); }));
    Add("volunteer.ExportServiceRecords", Same<vpb::ExportServiceRecordsRequest>([](auto& r) {
          r.set_region_id(kCommunityA);
          r.set_period_start("2026-01-01");
          r.set_period_end("2026-12-31");
        }));
    Add("volunteer.ListServiceRecordExports",
        Same<vpb::ListServiceRecordExportsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
  }

  static void PointsBuilders() {
    Add("points.Award", Same<ppb::AwardRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_volunteer_id(member_);
          r.set_community_id(kCommunityA);
          r.set_activity(ppb::ACTIVITY_WISH);
          r.set_source_ref("wish:" + r.request_id());
        }));
    Add("points.Adjust", Same<ppb::AdjustRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_volunteer_id(member_);
          r.set_community_id(kCommunityA);
          r.set_amount(1);
          r.set_reason("补录");
        }));
    Add("points.ReverseTransfer", [](Caller) {
      ppb::ReverseTransferRequest request;
      request.set_request_id(NextId());
      request.set_transfer_id(GivePoints(member_, kCommunityA, 1));
      request.set_reason("录入有误");
      return P(request);
    });
    Add("points.GetBalance",
        Same<ppb::GetBalanceRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("points.ListTransfers",
        Same<ppb::ListTransfersRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("points.CheckConsistency (a region)",
        Same<ppb::CheckConsistencyRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("points.CheckConsistency (the whole ledger)",
        Same<ppb::CheckConsistencyRequest>([](auto&) {}));
    Add("points.GetEarningRules",
        Same<ppb::GetEarningRulesRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    auto rules = [](const std::string& region) {
      return Same<ppb::UpdateEarningRulesRequest>([region](auto& r) {
        r.set_request_id(NextId());
        r.mutable_rules()->set_region_id(region);
        r.mutable_rules()->set_points_per_hour(1);
        r.mutable_rules()->set_wish_points(5);
        r.mutable_rules()->set_activity_cap(50);
        r.set_reason("年度复核");
      });
    };
    Add("points.UpdateEarningRules (a region's)", rules(kCommunityA));
    Add("points.UpdateEarningRules (the defaults)", rules(""));
    Add("points.RunExpiry", [](Caller) {
      ppb::RunExpiryRequest request;
      request.set_request_id(NextId());
      request.set_year(2024);
      Prepared prepared = P(request);
      prepared.allowed = grpc::StatusCode::FAILED_PRECONDITION;  // expiry is off by default
      return prepared;
    });
    Add("points.CreateReward", Same<ppb::CreateRewardRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.mutable_reward()->set_region_id(kCommunityA);
          r.mutable_reward()->set_name("洗衣液 " + r.request_id());
          r.mutable_reward()->set_price(10);
          r.mutable_reward()->set_stock(10);
        }));
    Add("points.RestockReward", Same<ppb::RestockRewardRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_reward_id(reward_);
          r.set_add_units(1);
        }));
    Add("points.SetRewardActive", Same<ppb::SetRewardActiveRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_reward_id(reward_);
          r.set_active(true);
        }));
    Add("points.GetReward", Same<ppb::GetRewardRequest>([](auto& r) { r.set_reward_id(reward_); }));
    Add("points.ListRewards",
        Same<ppb::ListRewardsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    auto redeem = [](const std::string* volunteer) {
      return [volunteer](Caller) {
        ppb::RedeemRequest request;
        request.set_request_id(NextId());
        request.set_volunteer_id(*volunteer);
        request.set_reward_id(reward_);
        request.set_quantity(1);
        return P(request, *volunteer);
      };
    };
    Add("points.Redeem (at the home community's store)", redeem(&member_));
    Add("points.Redeem (for a volunteer of another community)", redeem(&member_b_));
    Add("points.CollectOrder", [](Caller) {
      ppb::Order order = NewOrder();
      ppb::CollectOrderRequest request;
      request.set_request_id(NextId());
      request.set_order_id(order.order_id());
      request.set_pickup_code(order.pickup_code());
      return P(request);
    });
    Add("points.CancelOrder", [](Caller) {
      ppb::CancelOrderRequest request;
      request.set_request_id(NextId());
      request.set_order_id(NewOrder().order_id());
      return P(request);
    });
    Add("points.ListOrders (a volunteer's)",
        Same<ppb::ListOrdersRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("points.ListOrders (a store's)",
        Same<ppb::ListOrdersRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("points.GetLeaderboard", Same<ppb::GetLeaderboardRequest>([](auto& r) {
          r.set_region_id(kCommunityA);
          r.set_period_kind(ppb::PERIOD_KIND_MONTH);
        }));
    Add("points.GetTiers", Same<ppb::GetTiersRequest>([](auto&) {}));
    Add("points.UpdateTiers", Same<ppb::UpdateTiersRequest>([](auto& r) {
          r.set_request_id(NextId());
          *r.mutable_tiers() = tiers_.tiers();  // as they are
        }));
    Add("points.CreateRound", [](Caller) {
      ppb::CreateRoundRequest request;
      request.set_request_id(NextId());
      request.mutable_round()->set_title("2026年度优秀志愿者");
      request.mutable_round()->set_region_id(kCommunityA);
      request.mutable_round()->set_period_kind(ppb::PERIOD_KIND_YEAR);
      request.mutable_round()->set_period("2026");
      request.mutable_round()->set_rule(ppb::RULE_KIND_MIN_POINTS);
      request.mutable_round()->set_rule_value(100000000);
      return P(request);
    });
    Add("points.GetRound", Same<ppb::GetRoundRequest>([](auto& r) { r.set_round_id(round_); }));
    Add("points.ListRounds",
        Same<ppb::ListRoundsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("points.DecideCandidate", [](Caller) { return P(Decision(NewRound(true))); });
    Add("points.PublishRound", [](Caller) { return P(Publication(NewRound(false))); });
    Add("points.LodgeObjection", [](Caller) { return P(Objection(RoundInNotice())); });
    Add("points.ResolveObjection", [](Caller) {
      ppb::Objection objection =
          Must<ppb::Objection>("points", "LodgeObjection", Objection(RoundInNotice()));
      ppb::ResolveObjectionRequest request;
      request.set_request_id(NextId());
      request.set_objection_id(objection.objection_id());
      request.set_upheld(false);
      request.set_resolution("经核实，时长无误");
      return P(request);
    });
    Add("points.FinalizeRound", [](Caller) {
      // Published a month ago: its notice is over now.
      clock_->Set(kStart - std::chrono::hours(24 * 30));
      std::string round = NewRound(false);
      Must<ppb::Round>("points", "PublishRound", Publication(round));
      clock_->Set(kStart);
      ppb::FinalizeRoundRequest request;
      request.set_request_id(NextId());
      request.set_round_id(round);
      return P(request);
    });
    Add("points.ListCommendations",
        Same<ppb::ListCommendationsRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("points.ExportRound",
        Same<ppb::ExportRoundRequest>([](auto& r) { r.set_round_id(round_); }));
    Add("points.GetPointsStatistics",
        Same<ppb::GetPointsStatisticsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
  }

  static void PostsBuilders() {
    Add("posts.ListPostTypes", Same<spb::ListPostTypesRequest>([](auto&) {}));
    Add("posts.CreatePostType", Same<spb::CreatePostTypeRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.mutable_post_type()->set_code("MATRIX_" + std::to_string(++regions_));
          r.mutable_post_type()->set_name("测试岗位" + std::to_string(regions_));
        }));
    Add("posts.CreatePost", Same<spb::CreatePostRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.mutable_post()->set_community_id(kCommunityA);
          r.mutable_post()->set_type_code("AID_NEEDY");
          r.mutable_post()->set_title("结对帮扶 " + r.request_id());
          r.mutable_post()->set_capacity(2);
        }));
    Add("posts.GetPost", Same<spb::GetPostRequest>([](auto& r) { r.set_post_id(post_); }));
    Add("posts.ListPosts",
        Same<spb::ListPostsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("posts.SetPostOpen", Same<spb::SetPostOpenRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_post_id(post_);
          r.set_open(true);
        }));
    Add("posts.CreateUnit", [](Caller) { return P(UnitRequest()); });
    Add("posts.ListUnits",
        Same<spb::ListUnitsRequest>([](auto& r) { r.set_community_id(kCommunityA); }));
    auto adopt = [](const std::string& community) {
      return [community](Caller) {
        std::string volunteer = NewVolunteer(community);
        return P(Adoption(post_, spb::ADOPTER_KIND_VOLUNTEER, volunteer), volunteer);
      };
    };
    Add("posts.AdoptPost (by a volunteer)", adopt(kCommunityA));
    Add("posts.AdoptPost (for a volunteer of another community)", adopt(kCommunityB));
    Add("posts.AdoptPost (by a unit)", [](Caller) {
      std::string unit = Must<spb::Unit>("posts", "CreateUnit", UnitRequest()).unit_id();
      return P(Adoption(post_, spb::ADOPTER_KIND_UNIT, unit));
    });
    Add("posts.WithdrawAdoption", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      spb::WithdrawAdoptionRequest request;
      request.set_request_id(NextId());
      request.set_adoption_id(Adopt(post_, volunteer));
      return P(request, volunteer);
    });
    Add("posts.ListAdoptions (a post's)",
        Same<spb::ListAdoptionsRequest>([](auto& r) { r.set_post_id(post_); }));
    Add("posts.ListAdoptions (an adopter's)",
        Same<spb::ListAdoptionsRequest>([](auto& r) { r.set_adopter_id(member_); }));
    Add("posts.LogService", [](Caller) { return P(Log(adoption_)); });
    auto review = [](const std::string& reason) {
      return [reason](Caller) {
        std::string log = Must<spb::ServiceLog>("posts", "LogService", Log(adoption_)).log_id();
        return P(Review(log, reason));
      };
    };
    Add("posts.ApproveLog", review(""));
    Add("posts.RejectLog", review("照片不清楚"));
    Add("posts.ListLogs (a region's)",
        Same<spb::ListLogsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("posts.ListLogs (an adopter's)", [](Caller caller) {
      spb::ListLogsRequest request;
      request.set_adopter_id(member_);
      Prepared prepared = P(request);
      // Admins list the logs of a region, and are told so.
      if (caller != Caller::kSelf && caller != Caller::kSystem) {
        prepared.allowed = grpc::StatusCode::INVALID_ARGUMENT;
      }
      return prepared;
    });
    Add("posts.GetOverview",
        Same<spb::GetOverviewRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
  }

  static void WishesBuilders() {
    Add("wishes.SubmitWish", [](Caller caller) {
      std::string resident = NewResident();
      return P(WishRequest(SubjectOf(caller, resident)), resident);
    });
    Add("wishes.GetWish (on the wall)",
        Same<wpb::GetWishRequest>([](auto& r) { r.set_wish_id(wall_wish_); }));
    Add("wishes.GetWish (submitted, not yet on the wall)", [](Caller) {
      wpb::GetWishRequest request;
      request.set_wish_id(submitted_wish_);
      return P(request, resident_);
    });
    Add("wishes.GetWish (claimed)",
        Same<wpb::GetWishRequest>([](auto& r) { r.set_wish_id(claimed_wish_); }));
    Add("wishes.ReviewWish", [](Caller) {
      wpb::ReviewWishRequest request;
      request.set_request_id(NextId());
      request.set_wish_id(SubmitWish());
      request.set_approve(true);
      return P(request);
    });
    Add("wishes.ListWall",
        Same<wpb::ListWallRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("wishes.ListWishes (a region's)",
        Same<wpb::ListWishesRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("wishes.ListAccessLog",
        Same<wpb::ListAccessLogRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("wishes.ListWishes (a claimer's)",
        Same<wpb::ListWishesRequest>([](auto& r) { r.set_claimer_id(member_); }));
    auto claim = [](const std::string& community) {
      return [community](Caller) {
        std::string volunteer = NewVolunteer(community);
        return P(Claim(ApprovedWish(), volunteer), volunteer);
      };
    };
    Add("wishes.ClaimWish (by a volunteer)", claim(kCommunityA));
    Add("wishes.ClaimWish (for a volunteer of another community)", claim(kCommunityB));
    Add("wishes.ClaimWish (for a unit)", [](Caller) {
      wpb::ClaimWishRequest request;
      request.set_request_id(NextId());
      request.set_wish_id(ApprovedWish());
      request.set_unit_name("共建单位");
      return P(request);
    });
    Add("wishes.ReleaseClaim", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      wpb::ReleaseClaimRequest request;
      request.set_request_id(NextId());
      request.set_wish_id(ClaimedWish(volunteer));
      return P(request, volunteer);
    });
    Add("wishes.FulfilWish", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      return P(Fulfil(ClaimedWish(volunteer)), volunteer);
    });
    Add("wishes.ConfirmWish", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      std::string wish = ClaimedWish(volunteer);
      Must<wpb::Wish>("wishes", "FulfilWish", Fulfil(wish));
      wpb::ConfirmWishRequest request;
      request.set_request_id(NextId());
      request.set_wish_id(wish);
      request.set_confirm(true);
      return P(request, volunteer);
    });
    Add("wishes.WithdrawWish", [](Caller) {
      std::string resident = NewResident();
      wpb::WithdrawWishRequest request;
      request.set_request_id(NextId());
      request.set_wish_id(SubmitWish(resident, Token(Role::kVolunteer, resident)));
      return P(request, resident);
    });
    Add("wishes.CancelWish", [](Caller) {
      wpb::CancelWishRequest request;
      request.set_request_id(NextId());
      request.set_wish_id(ApprovedWish());
      request.set_reason("重复提交");
      return P(request);
    });
    Add("wishes.ReleaseExpiredClaims",
        Same<wpb::ReleaseExpiredClaimsRequest>([](auto& r) { r.set_request_id(NextId()); }));
    Add("wishes.GetHistory",
        Same<wpb::GetHistoryRequest>([](auto& r) { r.set_wish_id(wall_wish_); }));
    Add("wishes.GetStatistics",
        Same<wpb::GetStatisticsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
  }

  static void ActivitiesBuilders() {
    Add("activities.CreateActivity", Same<apb::CreateActivityRequest>([](auto& r) {
          r.set_request_id(NextId());
          *r.mutable_activity() = ActivityFields();
        }));
    Add("activities.UpdateActivity (a draft)", [](Caller) {
      apb::UpdateActivityRequest request;
      request.set_request_id(NextId());
      *request.mutable_activity() = ActivityFields();
      request.mutable_activity()->set_activity_id(NewActivity(false, false));
      request.mutable_activity()->set_title("清洁家园（改）");
      return P(request);
    });
    Add("activities.PublishActivity", [](Caller) {
      apb::PublishActivityRequest request;
      request.set_request_id(NextId());
      request.set_activity_id(NewActivity(false, false));
      return P(request);
    });
    Add("activities.CancelActivity", [](Caller) {
      apb::CancelActivityRequest request;
      request.set_request_id(NextId());
      request.set_activity_id(NewActivity(false, true));
      request.set_reason("暴雨预警");
      return P(request);
    });
    Add("activities.GetActivity (published)",
        Same<apb::GetActivityRequest>([](auto& r) { r.set_activity_id(activity_); }));
    Add("activities.GetActivity (a draft)",
        Same<apb::GetActivityRequest>([](auto& r) { r.set_activity_id(draft_activity_); }));
    Add("activities.ListActivities (published)",
        Same<apb::ListActivitiesRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("activities.ListActivities (drafts and cancelled too)",
        Same<apb::ListActivitiesRequest>([](auto& r) {
          r.set_region_id(kCommunityA);
          r.set_include_all(true);
        }));
    Add("activities.SignUp", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      apb::SignUpRequest request;
      request.set_request_id(NextId());
      request.set_activity_id(activity_);
      request.set_volunteer_id(volunteer);
      return P(request, volunteer);
    });
    Add("activities.CancelSignUp", [](Caller) {
      std::string volunteer = NewVolunteer(kCommunityA);
      apb::CancelSignUpRequest request;
      request.set_request_id(NextId());
      request.set_participation_id(SignUpFor(activity_, volunteer));
      return P(request, volunteer);
    });
    auto review = [](const std::string& reason) {
      return [reason](Caller) {
        apb::ReviewSignUpRequest request;
        request.set_request_id(NextId());
        request.set_participation_id(SignUpFor(approval_activity_, NewVolunteer(kCommunityA)));
        request.set_reason(reason);
        return P(request);
      };
    };
    Add("activities.ApproveSignUp", review(""));
    Add("activities.RejectSignUp", review("人数已够"));
    Add("activities.ListRoster",
        Same<apb::ListRosterRequest>([](auto& r) { r.set_activity_id(activity_); }));
    Add("activities.ListParticipations",
        Same<apb::ListParticipationsRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("activities.GetVolunteerCredit",
        Same<apb::GetVolunteerCreditRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("activities.GetCheckinCode",
        Same<apb::GetCheckinCodeRequest>([](auto& r) { r.set_activity_id(activity_); }));
    // Another volunteer, not signed up, is refused by the domain.
    auto not_signed_up = [](Caller caller, Prepared prepared) {
      if (caller == Caller::kOther) prepared.allowed = grpc::StatusCode::FAILED_PRECONDITION;
      return prepared;
    };
    // An activity per cell: a code is spent once used, and every cell's request is made
    // before any runs.
    Add("activities.CheckIn", [not_signed_up](Caller caller) {
      std::string activity = NewActivity(false, true);
      std::string volunteer = NewVolunteer(kCommunityA);
      SignUpFor(activity, volunteer);
      return not_signed_up(caller, P(CheckInWithTheScreensCode(activity), volunteer));
    });
    Add("activities.CheckOut", [not_signed_up](Caller caller) {
      std::string activity = NewActivity(false, true);
      std::string volunteer = NewVolunteer(kCommunityA);
      SignUpFor(activity, volunteer);
      apb::CheckInRequest in = CheckInWithTheScreensCode(activity);
      Must<apb::Participation>("activities", "CheckIn", in, Token(Role::kVolunteer, volunteer));
      apb::CheckOutRequest request;
      request.set_request_id(NextId());
      request.set_activity_id(activity);
      request.set_code(TheScreensCode(activity));
      return not_signed_up(caller, P(request, volunteer));
    });
    Add("activities.CorrectAttendance", [](Caller) {
      apb::CorrectAttendanceRequest request;
      request.set_request_id(NextId());
      request.set_participation_id(SignUpFor(activity_, NewVolunteer(kCommunityA)));
      // Inside the check-in window and not after now (a correction may not record the future).
      *request.mutable_check_in_time() = At(kStart - std::chrono::minutes(15));
      *request.mutable_check_out_time() = At(kStart - std::chrono::minutes(5));
      request.set_reason("纸质签到表");
      return P(request);
    });
    Add("activities.ConfirmRoster", [](Caller) {
      apb::ConfirmRosterRequest request;
      request.set_request_id(NextId());
      request.set_activity_id(EndedActivity());
      return P(request);
    });
  }

  // ---- notifications ----

  // An event of community A published as the system, with a message for `recipient`.
  static npb::PublishEventRequest EventFor(const std::string& recipient) {
    npb::PublishEventRequest request;
    request.set_request_id(NewUuid());  // the producer's outbox event id
    request.set_type("cn.tongxin.wish.confirmed");
    request.set_subject("wishes/" + request.request_id());
    request.set_region_id(kCommunityA);
    (*request.mutable_data()->mutable_fields())["wish_title"].set_string_value("新书包");
    npb::InboxNote* note = request.add_notes();
    note->set_recipient_id(recipient);
    note->set_title("心愿已确认");
    note->set_body("你认领的心愿已确认完成。");
    return request;
  }

  static void NotificationsBuilders() {
    Add("notifications.PublishEvent",
        Same<npb::PublishEventRequest>([](auto& r) { r = EventFor(member_); }));
    Add("notifications.ListMessages", Same<npb::ListMessagesRequest>([](auto&) {}));
    Add("notifications.GetInboxSummary", Same<npb::GetInboxSummaryRequest>([](auto&) {}));
    // A fresh message of a fresh recipient for each caller: only the recipient marks it.
    Add("notifications.MarkMessagesRead (a message named)", [](Caller) {
      const std::string recipient = NewAccount();
      Must<npb::PublishEventResponse>("notifications", "PublishEvent", EventFor(recipient));
      auto inbox = Must<npb::ListMessagesResponse>("notifications", "ListMessages",
                                                   npb::ListMessagesRequest{},
                                                   Token(Role::kVolunteer, recipient));
      npb::MarkMessagesReadRequest request;
      request.set_request_id(NextId());
      if (inbox.messages_size() == 1) request.add_message_ids(inbox.messages(0).message_id());
      return P(request, recipient);
    });
    Add("notifications.MarkMessagesRead (all)", Same<npb::MarkMessagesReadRequest>([](auto& r) {
          r.set_request_id(NextId());
          r.set_all(true);
        }));
    Add("notifications.ListEvents",
        Same<npb::ListEventsRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
  }

  static void GatewayBuilders() {
    Add("gateway.GetDashboard",
        Same<gpb::GetDashboardRequest>([](auto& r) { r.set_volunteer_id(member_); }));
    Add("gateway.GetWishWall",
        Same<gpb::GetWishWallRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("gateway.GetPostList",
        Same<gpb::GetPostListRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("gateway.GetRegionOverview",
        Same<gpb::GetRegionOverviewRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("gateway.GetAdminQueue",
        Same<gpb::GetAdminQueueRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("gateway.GetActivityList",
        Same<gpb::GetActivityListRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
    Add("gateway.GetActivityCard",
        Same<gpb::GetActivityCardRequest>([](auto& r) { r.set_activity_id(activity_); }));
  }

  // A dead letter of community A in `service`'s outbox, written as the relay leaves one.
  static std::string DeadLetterIn(const std::string& service) {
    pqxx::work tx(*databases_.at(service));
    std::string event_id =
        tx.exec1(
              "INSERT INTO outbox_events (event_id, destination, method, payload, attempts, "
              "last_error, dead_at, region_id) VALUES (gen_random_uuid(), 'points', "
              "'/tongxin.points.v1.PointsService/Award', '', 16, 'UNAVAILABLE: away', now(), " +
              tx.quote(std::string(kCommunityA)) + ") RETURNING event_id::text")[0]
            .as<std::string>();
    tx.commit();
    return event_id;
  }

  static void OutboxBuilders() {
    for (const std::string service : {"volunteer", "posts", "wishes", "activities", "points"}) {
      Add(service + "-outbox.ListDeadLetters",
          Same<opb::ListDeadLettersRequest>([](auto& r) { r.set_region_id(kCommunityA); }));
      Add(service + "-outbox.RetryDeadLetter", [service](Caller) {
        opb::RetryDeadLetterRequest request;
        request.set_request_id(NextId());
        request.set_event_id(DeadLetterIn(service));
        return P(request);
      });
    }
  }

  // ---- the callers ----

  static std::string SubjectOf(Caller caller, const std::string& self) {
    switch (caller) {
      case Caller::kNoToken:
        return "";
      case Caller::kSelf:
        return self;
      case Caller::kOther:
        return other_;
      case Caller::kCommunityAdminIn:
        return "admin-a";
      case Caller::kCommunityAdminOut:
        return "admin-b";
      case Caller::kStreetAdminIn:
        return "street-admin";
      case Caller::kStreetAdminOut:
        return "street-admin-2";
      case Caller::kSystem:
        return "authz-system";
      case Caller::kIntegrationIn:
        return "grid-system";
      case Caller::kIntegrationOut:
        return "grid-system-2";
    }
    return "";
  }
  // Minted for each call, on the clock of the moment.
  static std::string TokenOf(Caller caller, const Prepared& prepared) {
    const std::string subject = SubjectOf(caller, prepared.self);
    switch (caller) {
      case Caller::kNoToken:
        return "";
      case Caller::kSelf:
      case Caller::kOther:
        return Token(Role::kVolunteer, subject);
      case Caller::kCommunityAdminIn:
        return Token(Role::kCommunityAdmin, subject, {kCommunityA});
      case Caller::kCommunityAdminOut:
        return Token(Role::kCommunityAdmin, subject, {kCommunityB});
      case Caller::kStreetAdminIn:
        return Token(Role::kStreetAdmin, subject,
                     prepared.street_scope.empty() ? std::vector<std::string>{kStreet}
                                                   : prepared.street_scope);
      case Caller::kStreetAdminOut:
        return Token(Role::kStreetAdmin, subject, {kOtherStreet});
      case Caller::kSystem:
        return System();
      // The grid system serves street S (or the row's street), or another street.
      case Caller::kIntegrationIn:
        return Token(Role::kIntegration, subject,
                     prepared.street_scope.empty() ? std::vector<std::string>{kStreet}
                                                   : prepared.street_scope);
      case Caller::kIntegrationOut:
        return Token(Role::kIntegration, subject, {kOtherStreet});
    }
    return "";
  }

  // ---- the databases, to see that a refused call changes nothing ----

  static void OpenDatabases() {
    auto open = [](const std::string& service, const std::string& url) {
      databases_[service] = std::make_unique<pqxx::connection>(url);
    };
    open("volunteer", neighbours_->volunteer().database.url());
    open("posts", posts_->database.url());
    open("wishes", wishes_->database.url());
    open("activities", activities_->database.url());
    open("notifications", notifications_->database.url());
    // The points database is the neighbours' own: found by the name they gave it.
    pqxx::nontransaction tx(*databases_["volunteer"]);
    pqxx::result names = tx.exec(
        "SELECT datname FROM pg_database WHERE datname LIKE "
        "'tongxin\\_test\\_authzm\\_points\\_%'");
    ASSERT_EQ(names.size(), 1u) << "the points database of this binary";
    tx.commit();
    open("points", WithDatabase(testing::TestServerUrl(), names[0][0].as<std::string>()));
    for (auto& [service, connection] : databases_) {
      pqxx::nontransaction read(*connection);
      std::string sql;
      for (const auto& row : read.exec(
               "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
               "AND table_type = 'BASE TABLE' ORDER BY table_name")) {
        std::string table = row[0].as<std::string>();
        if (!sql.empty()) sql += " UNION ALL ";
        sql += "SELECT '" + table +
               "', md5(coalesce(string_agg(md5(x::text), ',' ORDER BY md5(x::text)), '')) FROM " +
               read.quote_name(table) + " x";
      }
      fingerprint_sql_[service] = sql;
    }
  }
  // "service.table" → a hash of the table's rows, for every table of every database.
  static std::map<std::string, std::string> Fingerprint() {
    std::map<std::string, std::string> tables;
    for (auto& [service, connection] : databases_) {
      pqxx::nontransaction tx(*connection);
      for (const auto& row : tx.exec(fingerprint_sql_[service])) {
        tables[service + "." + row[0].as<std::string>()] = row[1].as<std::string>();
      }
    }
    return tables;
  }
  static std::string Changed(const std::map<std::string, std::string>& before,
                             const std::map<std::string, std::string>& after) {
    std::string changed;
    for (const auto& [table, hash] : after) {
      // Audit logs record refused calls too, on purpose: an ID look-up is logged whatever its
      // answer (issue 11 hole 4).
      if (table == "volunteer.id_number_lookups") continue;
      auto it = before.find(table);
      if (it == before.end() || it->second != hash) changed += " " + table;
    }
    return changed;
  }

  // ---- personal data in what the run saw ----

  struct Found {
    std::string what;  // "ID number 4115…", "wisher 许愿人12"
    int wish = 0;      // the wish whose wisher it is (0: a volunteer's ID number or phone)
  };
  // The seeded personal data in `text`: runs of digits are read through for phone numbers and ID
  // numbers (a run may begin with a length byte that happens to be a digit).
  static std::vector<Found> PersonalData(const std::string& text) {
    std::vector<Found> found;
    for (size_t i = 0; i < text.size();) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
      if (end < text.size() && text[end] == 'X') ++end;
      std::string run = text.substr(i, end - i);
      for (size_t at = 0; at + 11 <= run.size(); ++at) {
        std::string eleven = run.substr(at, 11);
        if (phones_.count(eleven)) found.push_back({"phone " + eleven, 0});
        auto contact = wisher_contacts_.find(eleven);
        if (contact != wisher_contacts_.end()) {
          found.push_back({"wisher's contact " + eleven, contact->second});
        }
      }
      for (size_t at = 0; at + 18 <= run.size(); ++at) {
        std::string eighteen = run.substr(at, 18);
        if (id_numbers_.count(eighteen)) found.push_back({"ID number " + eighteen, 0});
      }
      i = end;
    }
    const std::string prefix = kWisherName;
    for (size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + prefix.size())) {
      size_t digits = at + prefix.size();
      size_t end = digits;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
      int wish = end > digits ? std::stoi(text.substr(digits, end - digits)) : -1;
      found.push_back({"wisher's name " + text.substr(at, end - at), wish});
    }
    return found;
  }
  // Whether `caller` (as `subject`) may see what was found: a wisher's name and contact go to
  // admins in scope, the system, the resident who submitted the wish and its claimer; ID numbers
  // and phones go to nobody, as they are shown masked — except ID numbers in the national
  // service-record export (docs/national-export.md), which go to admins in scope and the system
  // and are logged as reveals.
  static bool MaySee(const Row& row, Caller caller, const std::string& subject,
                     const Found& found) {
    const bool in_scope = caller == Caller::kCommunityAdminIn || caller == Caller::kStreetAdminIn ||
                          caller == Caller::kSystem;
    if (row.method == "ExportServiceRecords" && found.what.rfind("ID number ", 0) == 0) {
      return in_scope;
    }
    if (found.wish == 0) return false;
    if (in_scope) return true;
    auto people = wish_people_.find(found.wish);
    if (people == wish_people_.end()) return false;
    return (caller == Caller::kSelf || caller == Caller::kOther) &&
           (subject == people->second.submitter || subject == people->second.claimer);
  }

  // ---- the run ----

  struct CellAnswer {
    std::string row;
    Caller caller;
    grpc::StatusCode code;
  };

  static void RunOnce() {
    if (ran_) return;
    ran_ = true;
    std::vector<Row> rows = MatrixWithGatewayActions();
    std::set<std::string> used;
    for (const Row& row : rows) {
      // An action is made with the request of the method it forwards to.
      std::string key = row.forwards_to.empty() ? row.service + "." + row.method : row.forwards_to;
      if (!row.variant.empty()) key += " (" + row.variant + ")";
      if (kNotServedYet.count(key)) {
        RunNotServedYet(row);
        continue;
      }
      auto builder = builders_.find(key);
      if (builder == builders_.end()) {
        ADD_FAILURE() << row.Key() << " has no request in tests/authz/authz_matrix_test.cc";
        continue;
      }
      used.insert(key);
      RunRow(row, builder->second);
    }
    for (const auto& [key, builder] : builders_) {
      EXPECT_TRUE(used.count(key)) << key << " builds a request for a row the matrix lacks";
    }
  }

  // The RPCs whose service answers UNIMPLEMENTED on this branch (the notifications service's
  // webhooks and broadcasts are served by the branches that build them, with their requests
  // here). Their rows are the contract; until then a call is only seen to be authenticated and
  // the grid system refused, and the system's call to answer UNIMPLEMENTED — once it answers
  // anything else, the row wants its request and its name goes from this list.
  static inline const std::set<std::string> kNotServedYet = {
      "notifications.CreateWebhook",
      "notifications.ListWebhooks",
      "notifications.DeleteWebhook",
      "notifications.ListWebhookDeadLetters",
      "notifications.ReplayWebhookDeliveries",
      "notifications.SendBroadcast",
      "notifications.GetBroadcast",
      "notifications.ListBroadcasts",
      "notifications.AnswerCallOut",
      "notifications.ListCallOutAnswers"};

  static void RunNotServedYet(const Row& row) {
    const google::protobuf::Empty empty;  // a default request of any type
    Prepared prepared = P(empty);
    for (Caller caller : {Caller::kNoToken, Caller::kIntegrationIn, Caller::kIntegrationOut}) {
      RunCell(row, caller, prepared);
    }
    Answer system = Invoke(row.service, row.method, System(), empty);
    EXPECT_EQ(system.status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
        << row.Key() << " is served now: give it a request in NotificationsBuilders and take it "
        << "off kNotServedYet";
  }

  static void RunRow(const Row& row, const Builder& builder) {
    std::array<Prepared, kCallers> cells;
    for (Caller caller : kAllCallers) cells[static_cast<int>(caller)] = builder(caller);
    // The refused first, between two looks at every database; then the allowed.
    auto before = Fingerprint();
    for (Caller caller : kAllCallers) {
      if (row.Expected(caller) != Outcome::kAllowed)
        RunCell(row, caller, cells[static_cast<int>(caller)]);
    }
    std::string changed = Changed(before, Fingerprint());
    EXPECT_TRUE(changed.empty()) << row.Key() << ": a refused call changed" << changed;
    for (Caller caller : kAllCallers) {
      if (row.Expected(caller) == Outcome::kAllowed)
        RunCell(row, caller, cells[static_cast<int>(caller)]);
    }
  }

  static void RunCell(const Row& row, Caller caller, const Prepared& prepared) {
    Answer answer = Invoke(row.service, row.method, TokenOf(caller, prepared), *prepared.request);
    const grpc::StatusCode code = answer.status.error_code();
    answers_.push_back({row.Key(), caller, code});
    const Outcome expected = row.Expected(caller);
    grpc::StatusCode wanted = grpc::StatusCode::OK;
    switch (expected) {
      case Outcome::kUnauthenticated:
        wanted = grpc::StatusCode::UNAUTHENTICATED;
        break;
      case Outcome::kDenied:
        wanted = grpc::StatusCode::PERMISSION_DENIED;
        break;
      case Outcome::kHidden:
        wanted = grpc::StatusCode::NOT_FOUND;
        break;
      case Outcome::kAllowed:
        wanted = prepared.allowed;
        break;
    }
    const Hole* hole = row.HoleOf(caller);
    EXPECT_EQ(code, wanted) << row.Key() << ", " << CallerName(caller) << ": expected "
                            << OutcomeName(expected) << " (code " << wanted << "), got " << code
                            << " " << answer.status.error_message()
                            << (hole != nullptr
                                    ? " [issue 11 hole " + std::to_string(hole->number) +
                                          (hole->fixed ? ", fixed]" : ", not fixed]")
                                    : "");
    const std::string subject = SubjectOf(caller, prepared.self);
    for (const Found& found : PersonalData(answer.bytes + answer.status.error_message())) {
      if (MaySee(row, caller, subject, found)) {
        ++shown_;
      } else {
        leaks_.push_back(row.Key() + ", " + CallerName(caller) + ": " + found.what);
      }
    }
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::Neighbours> neighbours_;
  static inline std::unique_ptr<testing::PostsStack> posts_;
  static inline std::unique_ptr<testing::WishesStack> wishes_;
  static inline std::unique_ptr<testing::ActivitiesStack> activities_;
  static inline std::unique_ptr<testing::NotificationsStack> notifications_;
  static inline std::unique_ptr<testing::TestServer> tokens_;
  static inline std::unique_ptr<gateway::Gateway> gateway_;
  static inline std::unique_ptr<testing::TestServer> gateway_server_;
  static inline std::unique_ptr<gateway::RateLimiter> limiter_;
  static inline std::unique_ptr<FakeClock> gateway_token_clock_;
  static inline std::unique_ptr<TokenVerifier> gateway_verifier_;
  static inline std::unique_ptr<AsyncRpcRunner> gateway_runner_;
  static inline std::unique_ptr<gateway::GatewayGrpc> gateway_grpc_;
  static inline std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  static inline std::map<std::string, std::unique_ptr<pqxx::connection>> databases_;
  static inline std::map<std::string, std::string> fingerprint_sql_;
  static inline std::shared_ptr<spdlog::logger> previous_logger_;
  static inline std::unique_ptr<std::ostringstream> log_;

  static inline std::map<std::string, Builder> builders_;
  static inline int counter_ = 0, people_ = 0, phones_made_ = 0, accounts_ = 0, wishers_ = 0,
                    regions_ = 0;
  static inline std::string other_, member_, certificate_, member_id_number_, member_b_, team_,
      post_, adoption_, reward_, wall_wish_, resident_, submitted_wish_, claimed_wish_, round_,
      activity_, approval_activity_, draft_activity_;
  static inline ppb::Tiers tiers_;

  static inline std::set<std::string> id_numbers_, phones_;
  static inline std::map<std::string, int> wisher_contacts_, wish_numbers_;
  static inline std::map<int, WishPeople> wish_people_;

  static inline bool ran_ = false;
  static inline std::vector<CellAnswer> answers_;
  static inline std::vector<std::string> leaks_;
  static inline int shown_ = 0;  // wishers shown to those who may see them
};

TEST_F(AuthzMatrixTest, EveryCellAnswersAsTheMatrixSays) {
  RunOnce();
  EXPECT_GT(answers_.size(), static_cast<size_t>(kCallers * MatrixRows().size()));
}

TEST_F(AuthzMatrixTest, NoAnswerLogOrStoredAnswerHoldsPersonalDataItsReaderMayNotSee) {
  RunOnce();
  EXPECT_GT(id_numbers_.size(), 100u);  // the run registered people and wishes ...
  EXPECT_GT(wish_people_.size(), 50u);
  EXPECT_GT(shown_, 10);  // the search finds them where they belong
  std::ostringstream report;
  for (const std::string& leak : leaks_) report << "\n  answer to " << leak;
  // ... whose data no log line carries ...
  EXPECT_NE(log_->str().find("rpc method="), std::string::npos) << "the services' log was kept";
  for (const Found& found : PersonalData(log_->str())) report << "\n  log: " << found.what;
  // ... and no stored answer to a retry (those are kept as sent, unsealed, for days).
  for (auto& [service, connection] : databases_) {
    pqxx::nontransaction tx(*connection);
    for (const auto& row : tx.exec("SELECT request_id, response FROM idempotency_keys")) {
      std::string response = FromBytea(row[1]);
      for (const Found& found : PersonalData(response)) {
        report << "\n  " << service << " idempotency_keys " << row[0].as<std::string>() << ": "
               << found.what;
      }
    }
  }
  EXPECT_TRUE(report.str().empty()) << "personal data where it must not be:" << report.str();
}

}  // namespace
}  // namespace tongxin::authz
