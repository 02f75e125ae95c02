// The authorization matrix as data: every RPC of the six services and every view of the gateway,
// each with what ten callers get. authz_matrix_unit_test checks it covers every RPC the
// descriptors declare and that docs/architecture.md shows the tables printed from it;
// authz_matrix_test runs every cell against the real services on PostgreSQL.
//
// A gateway action (a `(forward)` method) is not listed: it answers as the rows of the method it
// forwards to, and both tests derive its rows from the route table.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace tongxin::authz {

// Who calls. "In scope" and "out of scope" are relative to the row's resource, which lies in
// community A (411502001001) of street S (411502001) unless the row says otherwise: the
// community admin in scope holds A, the one out of scope holds community B of the same street;
// the street admin in scope holds S, the one out of scope another street; so do the grid
// system's integration clients (role `integration`) in and out of scope.
enum class Caller {
  kNoToken,
  kSelf,   // the volunteer the call is about (the row's `self` says who that is)
  kOther,  // another volunteer of the same community
  kCommunityAdminIn,
  kCommunityAdminOut,
  kStreetAdminIn,
  kStreetAdminOut,
  kSystem,
  kIntegrationIn,
  kIntegrationOut,
};
inline constexpr int kCallers = 10;
// The callers a row's `cells` name, in order; the integration clients' are `integration`.
inline constexpr int kPeopleAndSystem = 8;
inline constexpr std::array<Caller, kCallers> kAllCallers = {Caller::kNoToken,
                                                             Caller::kSelf,
                                                             Caller::kOther,
                                                             Caller::kCommunityAdminIn,
                                                             Caller::kCommunityAdminOut,
                                                             Caller::kStreetAdminIn,
                                                             Caller::kStreetAdminOut,
                                                             Caller::kSystem,
                                                             Caller::kIntegrationIn,
                                                             Caller::kIntegrationOut};
const char* CallerName(Caller caller);

// What a caller gets.
enum class Outcome {
  kUnauthenticated,  // UNAUTHENTICATED
  kDenied,           // PERMISSION_DENIED
  kHidden,           // NOT_FOUND: the answer an absent resource gets, so nothing is learnt
  kAllowed,          // past authorization: OK, or the domain's own answer (a state, a limit)
};
const char* OutcomeName(Outcome outcome);

// A cell where today's answer is one of issue 11's holes: `today` is what main does now (and what
// the test expects while `fixed` is false), `becomes` what the issue expects. The lead sets
// `fixed` when the fix is merged; the test then expects `becomes`.
struct Hole {
  Caller caller;
  int number;  // the hole's number in issue 11
  Outcome becomes;
  bool fixed;
};

struct Row {
  std::string service;  // volunteer, posts, wishes, points, gateway, posts-outbox …
  std::string method;   // as the service's proto names it
  std::string variant;  // which case of the method ("" when it has one)
  std::string self;     // who "self" is in this row ("" when the call is about no volunteer)
  std::array<Outcome, kPeopleAndSystem> cells;  // in the order of kAllCallers
  std::vector<Hole> holes;
  // For a gateway action: the service method it forwards to ("posts.AdoptPost").
  std::string forwards_to;
  // The grid system's integration client in scope and out of scope: refused everywhere unless a
  // row says otherwise (the role may call ReportGridTask and nothing else). Every cell is run.
  std::array<Outcome, 2> integration = {Outcome::kDenied, Outcome::kDenied};

  // "posts.AdoptPost" or "posts.AdoptPost (for a unit)".
  std::string Key() const;
  // The cell as written, of any caller.
  Outcome Cell(Caller caller) const;
  // What the caller gets now: the cell, or a fixed hole's `becomes`.
  Outcome Expected(Caller caller) const;
  const Hole* HoleOf(Caller caller) const;
};

// The services in the order the document shows them, and each one's gRPC service. A service
// with an outbox also serves tongxin.outbox.v1.OutboxAdminService beside its own, on the same
// port and database: "posts-outbox" is that one of the posts service.
inline constexpr std::array<const char*, 12> kServices = {"volunteer",
                                                          "points",
                                                          "posts",
                                                          "wishes",
                                                          "activities",
                                                          "notifications",
                                                          "gateway",
                                                          "volunteer-outbox",
                                                          "posts-outbox",
                                                          "wishes-outbox",
                                                          "activities-outbox",
                                                          "points-outbox"};
std::string GrpcServiceName(const std::string& service);  // tongxin.posts.v1.PostsService

// The table as written: the five services' RPCs and the gateway's views.
const std::vector<Row>& MatrixRows();

// The table and, for every gateway action of the route table, the rows of the method it forwards
// to under the gateway's method name.
std::vector<Row> MatrixWithGatewayActions();

// The Markdown table of one service ("volunteer" ...), as docs/architecture.md shows it between
// `<!-- authz:<service> -->` and `<!-- /authz -->`.
std::string MarkdownTable(const std::string& service);

// `document` with every marked table replaced by the generated one; `error` names a marker
// without its end or a service without a table.
std::string WithGeneratedTables(const std::string& document, std::string* error);

}  // namespace tongxin::authz
