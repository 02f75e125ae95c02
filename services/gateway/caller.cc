// The caller passed downstream, and "me" resolved to them.
#include "services/gateway/caller.h"

#include "absl/strings/str_cat.h"

namespace tongxin::gateway {

using google::protobuf::FieldDescriptor;

std::unique_ptr<grpc::ClientContext> DownstreamContext(const Caller& caller) {
  auto context = caller.incoming ? caller.incoming->NewDownstreamContext()
                                 : std::make_unique<grpc::ClientContext>();
  context->set_deadline(caller.deadline);  // the caller's, capped by the server's default
  if (!caller.authorization.empty()) context->AddMetadata("authorization", caller.authorization);
  return context;
}

absl::Status ResolveMe(const Principal& caller, google::protobuf::Message& request) {
  for (const char* name : {"volunteer_id", "adopter_id"}) {
    const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName(name);
    if (field == nullptr || field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      continue;
    }
    if (request.GetReflection()->GetString(request, field) != "me") continue;
    if (caller.role != Role::kVolunteer) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": \"me\" is for volunteers"));
    }
    request.GetReflection()->SetString(&request, field, caller.subject);
  }
  return absl::OkStatus();
}

}  // namespace tongxin::gateway
