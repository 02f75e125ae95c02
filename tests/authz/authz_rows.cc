// What the matrix's rows mean and how the document shows them (see authz_matrix.h).
#include <google/protobuf/descriptor.h>

#include <map>
#include <sstream>

#include "services/gateway/api.h"
#include "tests/authz/authz_matrix.h"

namespace tongxin::authz {

const char* CallerName(Caller caller) {
  switch (caller) {
    case Caller::kNoToken:
      return "no token";
    case Caller::kSelf:
      return "self";
    case Caller::kOther:
      return "another volunteer";
    case Caller::kCommunityAdminIn:
      return "community admin in scope";
    case Caller::kCommunityAdminOut:
      return "community admin out of scope";
    case Caller::kStreetAdminIn:
      return "street admin in scope";
    case Caller::kStreetAdminOut:
      return "street admin out of scope";
    case Caller::kSystem:
      return "system";
    case Caller::kIntegrationIn:
      return "integration client in scope";
    case Caller::kIntegrationOut:
      return "integration client out of scope";
  }
  return "?";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kUnauthenticated:
      return "UNAUTHENTICATED";
    case Outcome::kDenied:
      return "PERMISSION_DENIED";
    case Outcome::kHidden:
      return "NOT_FOUND";
    case Outcome::kAllowed:
      return "ALLOWED";
  }
  return "?";
}

std::string Row::Key() const {
  return service + "." + method + (variant.empty() ? "" : " (" + variant + ")");
}

const Hole* Row::HoleOf(Caller caller) const {
  for (const Hole& hole : holes) {
    if (hole.caller == caller) return &hole;
  }
  return nullptr;
}

Outcome Row::Cell(Caller caller) const {
  const int column = static_cast<int>(caller);
  return column < kPeopleAndSystem ? cells[column] : integration[column - kPeopleAndSystem];
}

Outcome Row::Expected(Caller caller) const {
  const Hole* hole = HoleOf(caller);
  if (hole != nullptr && hole->fixed) return hole->becomes;
  return Cell(caller);
}

std::string GrpcServiceName(const std::string& service) {
  static const std::map<std::string, std::string> names = {
      {"volunteer", "tongxin.volunteer.v1.VolunteerService"},
      {"points", "tongxin.points.v1.PointsService"},
      {"posts", "tongxin.posts.v1.PostsService"},
      {"wishes", "tongxin.wishes.v1.WishesService"},
      {"activities", "tongxin.activities.v1.ActivitiesService"},
      {"notifications", "tongxin.notifications.v1.NotificationsService"},
      {"gateway", "tongxin.gateway.v1.GatewayService"},
      {"volunteer-outbox", "tongxin.outbox.v1.OutboxAdminService"},
      {"posts-outbox", "tongxin.outbox.v1.OutboxAdminService"},
      {"wishes-outbox", "tongxin.outbox.v1.OutboxAdminService"},
      {"activities-outbox", "tongxin.outbox.v1.OutboxAdminService"},
      {"points-outbox", "tongxin.outbox.v1.OutboxAdminService"},
  };
  auto it = names.find(service);
  return it == names.end() ? "" : it->second;
}

namespace {

// The short name of a gRPC service ("posts" for tongxin.posts.v1.PostsService).
std::string ShortName(const std::string& grpc_service) {
  for (const char* service : kServices) {
    if (GrpcServiceName(service) == grpc_service) return service;
  }
  return "";
}

}  // namespace

std::vector<Row> MatrixWithGatewayActions() {
  std::vector<Row> rows = MatrixRows();
  for (const gateway::Route& route : gateway::ApiRoutes()) {
    if (route.forward == nullptr) continue;
    const std::string target = ShortName(route.forward->service()->full_name());
    for (const Row& row : MatrixRows()) {
      if (row.service != target || row.method != route.forward->name()) continue;
      Row action = row;
      action.service = "gateway";
      action.method = route.method->name();
      action.forwards_to = target + "." + row.method;
      rows.push_back(std::move(action));
    }
  }
  return rows;
}

namespace {

std::string CellText(const Row& row, Caller caller) {
  auto text = [](Outcome outcome) -> std::string {
    switch (outcome) {
      case Outcome::kUnauthenticated:
        return "401";
      case Outcome::kDenied:
        return "403";
      case Outcome::kHidden:
        return "404";
      case Outcome::kAllowed:
        return "yes";
    }
    return "?";
  };
  const Hole* hole = row.HoleOf(caller);
  if (hole == nullptr || hole->fixed) return text(row.Expected(caller));
  return text(row.Expected(caller)) + " → " + text(hole->becomes) + " (hole " +
         std::to_string(hole->number) + ")";
}

}  // namespace

std::string MarkdownTable(const std::string& service) {
  std::ostringstream out;
  out << "| RPC (case) | self is |";
  for (Caller caller : kAllCallers) out << " " << CallerName(caller) << " |";
  out << "\n| --- | --- |";
  for (int i = 0; i < kCallers; ++i) out << " --- |";
  out << "\n";
  for (const Row& row : MatrixRows()) {
    if (row.service != service) continue;
    out << "| " << row.method << (row.variant.empty() ? "" : " (" + row.variant + ")") << " | "
        << (row.self.empty() ? "—" : row.self) << " |";
    for (Caller caller : kAllCallers) out << " " << CellText(row, caller) << " |";
    out << "\n";
  }
  if (service == "gateway") {
    out << "\nActions and reads passed through answer as the rows of the methods they forward to:";
    std::string separator = " ";
    for (const gateway::Route& route : gateway::ApiRoutes()) {
      if (route.forward == nullptr) continue;
      out << separator << route.method->name() << " → "
          << ShortName(route.forward->service()->full_name()) << " " << route.forward->name();
      separator = ", ";
    }
    out << ".\n";
  }
  return out.str();
}

std::string WithGeneratedTables(const std::string& document, std::string* error) {
  static const std::string kEnd = "<!-- /authz -->";
  std::string out = document;
  for (const char* service : kServices) {
    const std::string begin = std::string("<!-- authz:") + service + " -->";
    size_t start = out.find(begin);
    if (start == std::string::npos) {
      *error = "no " + begin + " in the document";
      return document;
    }
    start += begin.size();
    size_t end = out.find(kEnd, start);
    if (end == std::string::npos) {
      *error = begin + " has no " + kEnd;
      return document;
    }
    out.replace(start, end - start, "\n" + MarkdownTable(service));
  }
  return out;
}

}  // namespace tongxin::authz
