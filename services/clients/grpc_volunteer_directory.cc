#include "services/clients/grpc_volunteer_directory.h"

namespace tongxin::clients {

GrpcVolunteerDirectory::GrpcVolunteerDirectory(std::shared_ptr<grpc::Channel> channel,
                                               std::function<std::string()> system_token)
    : stub_(volunteer::v1::VolunteerService::NewStub(std::move(channel))),
      system_token_(std::move(system_token)) {}

absl::StatusOr<VolunteerInfo> GrpcVolunteerDirectory::Lookup(
    const std::string& volunteer_id, std::chrono::system_clock::time_point deadline,
    const std::string& field) const {
  grpc::ClientContext context;
  context.set_deadline(deadline);
  context.AddMetadata("authorization", "Bearer " + system_token_());
  volunteer::v1::GetVolunteerRequest request;
  request.set_volunteer_id(volunteer_id);
  volunteer::v1::Volunteer response;
  grpc::Status status = stub_->GetVolunteer(&context, request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError(field + ": no such volunteer");
  }
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return absl::InvalidArgumentError(field + ": not a volunteer id");
  }
  if (!status.ok()) {
    // Whatever went wrong there, the check could not be made: refuse, retryably.
    return absl::UnavailableError(
        "the volunteer service could not confirm the volunteer; nothing was changed, retry later");
  }
  VolunteerInfo info;
  info.volunteer_id = response.volunteer_id();
  info.name = response.name();
  info.community_id = response.community_id();
  info.reported_community_id = response.reported_community_id();
  info.party_member = response.political_status() == volunteer::v1::POLITICAL_STATUS_PARTY_MEMBER;
  info.active = response.status() == volunteer::v1::VOLUNTEER_STATUS_ACTIVE;
  info.birth_year = response.birth_year();
  return info;
}

}  // namespace tongxin::clients
