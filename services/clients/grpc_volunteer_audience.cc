#include "services/clients/grpc_volunteer_audience.h"

#include "absl/strings/str_cat.h"

namespace tongxin::clients {

GrpcVolunteerAudience::GrpcVolunteerAudience(std::shared_ptr<grpc::Channel> channel,
                                             std::function<std::string()> system_token)
    : stub_(volunteer::v1::VolunteerService::NewStub(std::move(channel))),
      system_token_(std::move(system_token)) {}

absl::StatusOr<AudiencePage> GrpcVolunteerAudience::Page(
    const AudienceQuery& query, const std::string& page_token, int page_size,
    std::chrono::system_clock::time_point deadline) const {
  grpc::ClientContext context;
  context.set_deadline(deadline);
  context.AddMetadata("authorization", "Bearer " + system_token_());
  volunteer::v1::ListAudienceRequest request;
  request.set_region_id(query.region_id);
  request.set_party_members_only(query.party_members_only);
  request.set_team_id(query.team_id);
  request.set_grid_id(query.grid_id);
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  volunteer::v1::ListAudienceResponse response;
  grpc::Status status = stub_->ListAudience(&context, request, &response);
  if (!status.ok()) {
    // The fan-out retries on its next run whatever the cause; the code says whether it may help.
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("volunteer ListAudience: ", status.error_message()));
  }
  AudiencePage page;
  page.volunteer_ids.assign(response.volunteer_ids().begin(), response.volunteer_ids().end());
  page.next_page_token = response.next_page_token();
  return page;
}

}  // namespace tongxin::clients
