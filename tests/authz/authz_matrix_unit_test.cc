// The authorization matrix against what the services declare (unit tier, no database): every RPC
// of every service's descriptor has a row and every row names an RPC that exists; and the tables in
// docs/architecture.md are the ones printed from the matrix.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "services/gateway/api.h"
#include "tests/authz/authz_matrix.h"
#include "tongxin/activities/v1/activities.pb.h"
#include "tongxin/gateway/v1/gateway.pb.h"
#include "tongxin/notifications/v1/notifications.pb.h"
#include "tongxin/outbox/v1/outbox.pb.h"
#include "tongxin/points/v1/points.pb.h"
#include "tongxin/posts/v1/posts.pb.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"
#include "tongxin/wishes/v1/wishes.pb.h"

namespace tongxin::authz {
namespace {

using google::protobuf::ServiceDescriptor;

// The generated descriptors, each reached through a message of its file so that the file is
// linked in and registered.
const ServiceDescriptor* Descriptor(const std::string& service) {
  const google::protobuf::FileDescriptor* file = nullptr;
  if (service == "volunteer") file = volunteer::v1::Volunteer::descriptor()->file();
  if (service == "points") file = points::v1::Transfer::descriptor()->file();
  if (service == "posts") file = posts::v1::Post::descriptor()->file();
  if (service == "wishes") file = wishes::v1::Wish::descriptor()->file();
  if (service == "activities") file = activities::v1::Activity::descriptor()->file();
  if (service == "notifications") file = notifications::v1::Message::descriptor()->file();
  if (service == "gateway") file = gateway::v1::Dashboard::descriptor()->file();
  if (service.ends_with("-outbox")) file = outbox::v1::DeadLetter::descriptor()->file();
  if (file == nullptr) return nullptr;
  return file->pool()->FindServiceByName(GrpcServiceName(service));
}

TEST(AuthzMatrix, EveryRpcOfEveryServiceHasARow) {
  std::vector<Row> rows = MatrixWithGatewayActions();
  for (const char* service : kServices) {
    const ServiceDescriptor* descriptor = Descriptor(service);
    ASSERT_NE(descriptor, nullptr) << service;
    for (int i = 0; i < descriptor->method_count(); ++i) {
      const std::string method = descriptor->method(i)->name();
      bool found = false;
      for (const Row& row : rows) found = found || (row.service == service && row.method == method);
      EXPECT_TRUE(found) << service << "." << method
                         << " has no row in tests/authz/authz_matrix.cc: say who may call it";
    }
  }
}

TEST(AuthzMatrix, EveryRowNamesAnRpcThatExists) {
  std::set<std::string> keys;
  for (const Row& row : MatrixWithGatewayActions()) {
    const ServiceDescriptor* descriptor = Descriptor(row.service);
    ASSERT_NE(descriptor, nullptr) << row.Key() << ": no such service";
    EXPECT_NE(descriptor->FindMethodByName(row.method), nullptr)
        << row.Key() << ": " << descriptor->full_name() << " has no such method";
    EXPECT_TRUE(keys.insert(row.Key()).second) << row.Key() << " has two rows";
  }
}

TEST(AuthzMatrix, EveryGatewayMethodIsAViewWithARowOrAnAction) {
  for (const gateway::Route& route : gateway::ApiRoutes()) {
    int rows = 0;
    for (const Row& row : MatrixRows()) {
      rows += row.service == "gateway" && row.method == route.method->name();
    }
    if (route.forward != nullptr) {
      EXPECT_EQ(rows, 0) << route.method->name()
                         << " is an action: it answers as the method it forwards to";
    } else {
      EXPECT_GT(rows, 0) << route.method->name() << " is a view without a row";
    }
  }
}

TEST(AuthzMatrix, CellsAreWhatAServiceCanAnswer) {
  for (const Row& row : MatrixRows()) {
    for (Caller caller : kAllCallers) {
      // Every service authenticates every call: without a token nothing passes, save the one
      // public read (the certificate check a QR code on paper opens), which passes for all but
      // the grid system's integration client: its token is verified, and the role may call
      // nothing but ReportGridTask.
      if (row.Key() == "volunteer.VerifyCertificate") {
        const bool integration =
            caller == Caller::kIntegrationIn || caller == Caller::kIntegrationOut;
        EXPECT_EQ(row.Expected(caller), integration ? Outcome::kDenied : Outcome::kAllowed)
            << row.Key() << ", " << CallerName(caller);
        continue;
      }
      EXPECT_EQ(row.Expected(caller) == Outcome::kUnauthenticated, caller == Caller::kNoToken)
          << row.Key() << ", " << CallerName(caller);
    }
    for (const Hole& hole : row.holes) {
      EXPECT_GE(hole.number, 1) << row.Key();
      EXPECT_LE(hole.number, 10) << row.Key();
      EXPECT_NE(hole.becomes, row.Cell(hole.caller)) << row.Key() << ": a hole changes the answer";
      EXPECT_NE(hole.caller, Caller::kNoToken) << row.Key();
    }
  }
}

// The first line where `shown` differs from `printed`, both ways; "" when they are equal.
std::string FirstDifference(const std::string& shown, const std::string& printed) {
  std::istringstream a(shown), b(printed);
  std::string line_a, line_b;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, line_a));
    bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a && !more_b) return "";
    if (more_a != more_b || line_a != line_b) {
      return "line " + std::to_string(line) +
             " of the table:\n  document: " + (more_a ? line_a : "(nothing)") +
             "\n  matrix:   " + (more_b ? line_b : "(nothing)");
    }
  }
}

TEST(AuthzMatrix, TheDocumentShowsTheTablesPrintedFromTheMatrix) {
  const std::string path = std::string(TONGXIN_SOURCE_DIR) + "/docs/architecture.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream read;
  read << in.rdbuf();
  const std::string document = read.str();
  std::string error;
  WithGeneratedTables(document, &error);
  ASSERT_TRUE(error.empty()) << error;
  for (const char* service : kServices) {
    const std::string begin = std::string("<!-- authz:") + service + " -->";
    size_t start = document.find(begin) + begin.size();
    std::string shown = document.substr(start, document.find("<!-- /authz -->", start) - start);
    EXPECT_EQ(FirstDifference(shown, "\n" + MarkdownTable(service)), "")
        << "docs/architecture.md's " << service
        << " table differs from tests/authz/authz_matrix.cc: run "
           "build/bin/authz-matrix-markdown --write docs/architecture.md";
  }
}

}  // namespace
}  // namespace tongxin::authz
