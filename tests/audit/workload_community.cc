// The workload's wishes and posts requests: wishes submitted and approved, claimed (several
// clients race for one), released, fulfilled, confirmed or sent back; posts adopted (places race
// each other), withdrawn, service logged, logs approved or rejected. Confirmations and approvals
// pay through the services' outboxes, which the checks follow to the points and volunteer
// databases.
#include "absl/strings/str_cat.h"
#include "services/common/clock.h"
#include "tests/audit/client.h"

namespace tongxin::audit {

namespace wpb = wishes::v1;
namespace spb = posts::v1;

void Client::SubmitWish() {
  Record submit;
  submit.op = Op::kSubmitWish;
  submit.request_id = NextRequestId();
  wpb::SubmitWishRequest request;
  request.set_request_id(submit.request_id);
  request.set_community_id(world_.community);
  request.set_category(static_cast<wpb::Category>(Uniform(1, 6)));
  request.set_description(absl::StrCat("审计心愿 ", submit.request_id));
  request.set_estimated_value(Uniform(10, 200));
  request.set_wisher_name("王桂兰");
  request.set_wisher_contact("13679542916");
  wpb::Wish wish;
  Call(submit, world_.admin_token, true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->SubmitWish(context, request, &wish)
                   : stubs_.wishes->SubmitWish(context, request, &wish);
  });
  submit.wish_id = wish.wish_id();
  if (submit.outcome == Outcome::kOk && wish.state() != wpb::WISH_STATE_SUBMITTED) {
    Wrong(submit, "a new wish is not SUBMITTED: " + wish.ShortDebugString());
  }
  const bool submitted = submit.outcome == Outcome::kOk;
  Keep(std::move(submit));
  if (!submitted) return;

  Record review;
  review.op = Op::kReviewWish;
  review.request_id = NextRequestId();
  review.wish_id = wish.wish_id();
  wpb::ReviewWishRequest approve;
  approve.set_request_id(review.request_id);
  approve.set_wish_id(wish.wish_id());
  approve.set_approve(true);
  Call(review, world_.admin_token, false, [&](bool, grpc::ClientContext* context) {
    return stubs_.wishes->ReviewWish(context, approve, &wish);
  });
  if (review.outcome == Outcome::kOk) {
    if (wish.state() != wpb::WISH_STATE_APPROVED) {
      Wrong(review, "an approved wish is not on the wall: " + wish.ShortDebugString());
    }
    world_.PushWall(wish.wish_id());
  }
  Keep(std::move(review));
}

void Client::Claim() {
  auto wish_id = world_.PickWall(rng_);
  if (!wish_id) return SubmitWish();
  Record record;
  record.op = Op::kClaim;
  record.request_id = NextRequestId();
  record.wish_id = *wish_id;
  record.volunteer_id = Pick(world_.volunteers);
  wpb::ClaimWishRequest request;
  request.set_request_id(record.request_id);
  request.set_wish_id(*wish_id);
  request.set_volunteer_id(record.volunteer_id);
  wpb::Wish wish;
  Call(record, TokenOf(record.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->ClaimWish(context, request, &wish)
                   : stubs_.wishes->ClaimWish(context, request, &wish);
  });
  if (record.outcome == Outcome::kOk) {
    if (wish.state() != wpb::WISH_STATE_CLAIMED || wish.claimer_id() != record.volunteer_id) {
      Wrong(record, "the claim's answer is not our claim: " + wish.ShortDebugString());
    }
    world_.RemoveWall(*wish_id);
    claims_.push_back({*wish_id, record.volunteer_id, false});
  }
  Keep(std::move(record));
}

size_t Client::PickClaim() {
  return static_cast<size_t>(Uniform(0, static_cast<int>(claims_.size()) - 1));
}

// A claim fulfilled already is confirmed instead; one not yet fulfilled, fulfilled instead.
void Client::Release() {
  size_t i = PickClaim();
  if (claims_[i].fulfilled) return ConfirmAt(i);
  HeldClaim held = TakeAt(claims_, i);
  Record record;
  record.op = Op::kRelease;
  record.request_id = NextRequestId();
  record.wish_id = held.wish_id;
  record.volunteer_id = held.volunteer_id;
  wpb::ReleaseClaimRequest request;
  request.set_request_id(record.request_id);
  request.set_wish_id(held.wish_id);
  wpb::Wish wish;
  Call(record, TokenOf(held.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->ReleaseClaim(context, request, &wish)
                   : stubs_.wishes->ReleaseClaim(context, request, &wish);
  });
  if (record.outcome == Outcome::kOk) {
    if (wish.state() != wpb::WISH_STATE_APPROVED) {
      Wrong(record, "a released wish is not back on the wall: " + wish.ShortDebugString());
    }
    world_.PushWall(held.wish_id);
  }
  Keep(std::move(record));
}

void Client::Fulfil() {
  size_t i = PickClaim();
  return claims_[i].fulfilled ? ConfirmAt(i) : FulfilAt(i);
}

void Client::FulfilAt(size_t i) {
  Record record;
  record.op = Op::kFulfil;
  record.request_id = NextRequestId();
  record.wish_id = claims_[i].wish_id;
  record.volunteer_id = claims_[i].volunteer_id;
  wpb::FulfilWishRequest request;
  request.set_request_id(record.request_id);
  request.set_wish_id(record.wish_id);
  request.set_note("已送到");
  request.set_photo_url("https://img.example.cn/audit/delivered.jpg");
  // Half the claimers give their hours, which the confirmation records as service.
  if (Chance(0.5)) request.set_service_hours(Uniform(1, 8) * 0.5);
  wpb::Wish wish;
  Call(record, TokenOf(record.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->FulfilWish(context, request, &wish)
                   : stubs_.wishes->FulfilWish(context, request, &wish);
  });
  if (record.outcome == Outcome::kOk) {
    if (wish.state() != wpb::WISH_STATE_FULFILLED) {
      Wrong(record, "a fulfilled wish is not FULFILLED: " + wish.ShortDebugString());
    }
    claims_[i].fulfilled = true;
  } else {
    claims_.erase(claims_.begin() + static_cast<long>(i));  // no longer ours to act on
  }
  Keep(std::move(record));
}

void Client::Confirm() {
  size_t i = PickClaim();
  return claims_[i].fulfilled ? ConfirmAt(i) : FulfilAt(i);
}

void Client::ConfirmAt(size_t i) {
  HeldClaim held = TakeAt(claims_, i);
  const bool confirm = Chance(0.8);
  Record record;
  record.op = confirm ? Op::kConfirm : Op::kSendBack;
  record.request_id = NextRequestId();
  record.wish_id = held.wish_id;
  record.volunteer_id = held.volunteer_id;
  wpb::ConfirmWishRequest request;
  request.set_request_id(record.request_id);
  request.set_wish_id(held.wish_id);
  request.set_confirm(confirm);
  if (!confirm) request.set_reason("照片看不清，请补充");
  wpb::Wish wish;
  Call(record, world_.admin_token, false, [&](bool, grpc::ClientContext* context) {
    return stubs_.wishes->ConfirmWish(context, request, &wish);
  });
  if (record.outcome == Outcome::kOk) {
    auto want = confirm ? wpb::WISH_STATE_CONFIRMED : wpb::WISH_STATE_CLAIMED;
    if (wish.state() != want || wish.claimer_id() != held.volunteer_id) {
      Wrong(record,
            "the confirmation's answer is not the state asked for: " + wish.ShortDebugString());
    }
    if (!confirm) claims_.push_back({held.wish_id, held.volunteer_id, false});
  }
  Keep(std::move(record));
}

void Client::Adopt() {
  const PostInfo& post = Pick(world_.posts);
  Record record;
  record.op = Op::kAdopt;
  record.request_id = NextRequestId();
  record.post_id = post.id;
  record.volunteer_id = Pick(world_.volunteers);
  spb::AdoptPostRequest request;
  request.set_request_id(record.request_id);
  request.set_post_id(post.id);
  request.set_adopter_kind(spb::ADOPTER_KIND_VOLUNTEER);
  request.set_adopter_id(record.volunteer_id);
  spb::Adoption adoption;
  Call(record, TokenOf(record.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->AdoptPost(context, request, &adoption)
                   : stubs_.posts->AdoptPost(context, request, &adoption);
  });
  if (record.outcome == Outcome::kOk) {
    record.adoption_id = adoption.adoption_id();
    if (adoption.post_id() != post.id || adoption.adopter_id() != record.volunteer_id ||
        adoption.status() != spb::ADOPTION_STATUS_ACTIVE) {
      Wrong(record, "the adoption is not the one asked for: " + adoption.ShortDebugString());
    } else {
      adoptions_.push_back({adoption.adoption_id(), record.volunteer_id});
    }
  }
  Keep(std::move(record));
}

void Client::Withdraw() {
  HeldAdoption held = Take(adoptions_);
  Record record;
  record.op = Op::kWithdraw;
  record.request_id = NextRequestId();
  record.adoption_id = held.adoption_id;
  record.volunteer_id = held.volunteer_id;
  spb::WithdrawAdoptionRequest request;
  request.set_request_id(record.request_id);
  request.set_adoption_id(held.adoption_id);
  spb::Adoption adoption;
  Call(record, TokenOf(held.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->WithdrawAdoption(context, request, &adoption)
                   : stubs_.posts->WithdrawAdoption(context, request, &adoption);
  });
  if (record.outcome == Outcome::kOk && adoption.status() != spb::ADOPTION_STATUS_WITHDRAWN) {
    Wrong(record, "a withdrawn adoption is still active: " + adoption.ShortDebugString());
  }
  Keep(std::move(record));
}

void Client::LogService() {
  const HeldAdoption& held = Pick(adoptions_);
  Record record;
  record.op = Op::kLogService;
  record.request_id = NextRequestId();
  record.adoption_id = held.adoption_id;
  record.volunteer_id = held.volunteer_id;
  spb::LogServiceRequest request;
  request.set_request_id(record.request_id);
  request.set_adoption_id(held.adoption_id);
  request.set_service_date(ChinaDate(std::chrono::system_clock::now()));
  request.set_hours(Uniform(2, 8) * 0.5);  // at least an hour: at least a point
  request.set_summary(absl::StrCat("审计服务记录 ", record.request_id));
  spb::ServiceLog log;
  Call(record, TokenOf(held.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->LogService(context, request, &log)
                   : stubs_.posts->LogService(context, request, &log);
  });
  if (record.outcome == Outcome::kOk) {
    record.log_id = log.log_id();
    if (log.adoption_id() != held.adoption_id || log.status() != spb::LOG_STATUS_SUBMITTED) {
      Wrong(record, "the log is not the one asked for: " + log.ShortDebugString());
    } else {
      logs_.push_back(log.log_id());
    }
  }
  Keep(std::move(record));
}

void Client::ReviewLog() {
  const bool approve = Chance(0.85);
  Record record;
  record.op = approve ? Op::kApproveLog : Op::kRejectLog;
  record.request_id = NextRequestId();
  record.log_id = Take(logs_);
  spb::ReviewLogRequest request;
  request.set_request_id(record.request_id);
  request.set_log_id(record.log_id);
  if (!approve) request.set_reason("照片与岗位不符");
  spb::ServiceLog log;
  Call(record, world_.admin_token, false, [&](bool, grpc::ClientContext* context) {
    return approve ? stubs_.posts->ApproveLog(context, request, &log)
                   : stubs_.posts->RejectLog(context, request, &log);
  });
  if (record.outcome == Outcome::kOk &&
      log.status() != (approve ? spb::LOG_STATUS_APPROVED : spb::LOG_STATUS_REJECTED)) {
    Wrong(record, "the review's answer is not the state asked for: " + log.ShortDebugString());
  }
  Keep(std::move(record));
}

}  // namespace tongxin::audit
