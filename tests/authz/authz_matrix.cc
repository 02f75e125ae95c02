// The authorization matrix (see authz_matrix.h). One row per RPC, or per case of an RPC whose
// callers differ by case; the columns are, in order: no token, self, another volunteer, community
// admin in scope, community admin out of scope, street admin in scope, street admin out of scope,
// system. U = UNAUTHENTICATED, D = PERMISSION_DENIED, H = NOT_FOUND (hidden), A = allowed.
// The grid system's integration client (in scope, out of scope) is refused (D, D) in every row
// but where a row's last field says otherwise.
//
// A cell that is one of issue 11's holes says today's answer and carries the hole: the lead sets
// `fixed` (the last field) when the hole's fix is merged, and the test then expects `becomes`.
#include "tests/authz/authz_matrix.h"

namespace tongxin::authz {
namespace {

constexpr Outcome U = Outcome::kUnauthenticated;
constexpr Outcome D = Outcome::kDenied;
constexpr Outcome H = Outcome::kHidden;
constexpr Outcome A = Outcome::kAllowed;

// The call is about no volunteer: "self" is then a volunteer of the community like any other.
constexpr char kNoOne[] = "";

std::vector<Row> Table() {
  return {
      // ---- volunteer: the region hierarchy ----
      {"volunteer", "CreateStreet", "", kNoOne, {U, D, D, D, D, A, D, A}, {}, ""},
      {"volunteer", "GetStreet", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"volunteer", "ListStreets", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"volunteer", "CreateCommunity", "", kNoOne, {U, D, D, D, D, A, D, A}, {}, ""},
      {"volunteer", "GetCommunity", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"volunteer", "ListCommunities", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"volunteer", "CreateGrid", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "GetGrid", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"volunteer", "ListGrids", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      // ---- volunteer: volunteers ----
      // A volunteer registers themself (PENDING); another, already registered, gets
      // ALREADY_EXISTS. An admin registers a resident of their scope in person (ACTIVE).
      {"volunteer",
       "RegisterVolunteer",
       "",
       "an account not yet registered",
       {U, A, A, A, D, A, D, A},
       {},
       ""},
      {"volunteer", "GetVolunteer", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer",
       "FindVolunteerByIdNumber",
       "",
       "the volunteer looked up",
       {U, D, D, A, D, A, D, A},
       // issue 11 hole 4: expected to become NOT_FOUND, the answer for an absent number
       {{Caller::kCommunityAdminOut, 4, H, true}, {Caller::kStreetAdminOut, 4, H, true}},
       ""},
      {"volunteer", "ListVolunteers", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"volunteer",
       "UpdateVolunteer",
       "contact details, skills",
       "the volunteer",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "UpdateVolunteer",
       "name",
       "the volunteer",
       {U, A, D, A, D, A, D, A},
       // issue 11 hole 1: expected to become PERMISSION_DENIED (an admin in scope changes it)
       {{Caller::kSelf, 1, D, true}},
       ""},
      {"volunteer",
       "UpdateVolunteer",
       "political status",
       "the volunteer",
       {U, A, D, A, D, A, D, A},
       // issue 11 hole 1: expected to become PERMISSION_DENIED (an admin in scope changes it)
       {{Caller::kSelf, 1, D, true}},
       ""},
      // Moving from community A to B: an admin must hold both.
      {"volunteer",
       "UpdateVolunteer",
       "home community, to another",
       "the volunteer",
       {U, A, D, D, D, A, D, A},
       // issue 11 hole 1: expected to become PERMISSION_DENIED (an admin in scope moves them)
       {{Caller::kSelf, 1, D, true}},
       ""},
      {"volunteer",
       "ApproveVolunteer",
       "",
       "a pending volunteer",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "SuspendVolunteer",
       "",
       "an active volunteer",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "ReactivateVolunteer",
       "",
       "a suspended volunteer",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "DeregisterVolunteer",
       "",
       "an active volunteer",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "ReportToCommunity",
       "to the home community",
       "a party member",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      // Reporting to community B: an admin must hold the volunteer and the community.
      {"volunteer",
       "ReportToCommunity",
       "to another community",
       "a party member",
       {U, A, D, D, D, A, D, A},
       {},
       ""},
      // A party member's own report waits for the community's admin (issue 11 hole 1).
      {"volunteer",
       "ConfirmReport",
       "",
       "the party member who reported",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "RejectReport",
       "",
       "the party member who reported",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer", "ListCommunityReports", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // A party member's own reports, confirmed or rejected with the reason.
      {"volunteer",
       "ListCommunityReports",
       "one volunteer's",
       "the party member who reported",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer", "ListIdNumberLookups", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // ---- volunteer: teams ----
      {"volunteer", "CreateTeam", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "ListTeams", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"volunteer", "JoinTeam", "", "the volunteer joining", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "LeaveTeam", "", "the member leaving", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "ListTeamMembers", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // ---- volunteer: service records ----
      {"volunteer",
       "RecordService",
       "an activity or honour hours",
       "the volunteer",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "RecordService",
       "a post log or a wish",
       "the volunteer",
       {U, D, D, D, D, D, D, A},
       {},
       ""},
      {"volunteer",
       "CorrectServiceRecord",
       "",
       "the volunteer of the record",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer", "ListServiceRecords", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "GetServiceSummary", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "GetRegionStatistics", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // ---- volunteer: grid tasks reported by the grid system ----
      // Its integration client, for a volunteer in its scope (out of it: as if none), or the
      // system; nobody else.
      {"volunteer",
       "ReportGridTask",
       "",
       "the grid worker",
       {U, D, D, D, D, D, D, A},
       {},
       "",
       {A, H}},
      // Certificates: the volunteer or an admin in scope of their community issues and lists;
      // reading one and revoking (an admin's) are checked against the community that issued it,
      // kept in the certificate (the same community here); verifying is anyone's, without a token
      // (it shows only the paper's masks).
      {"volunteer", "IssueCertificate", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer",
       "GetCertificate",
       "",
       "the volunteer of the certificate",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer",
       "GetCertificatePdf",
       "",
       "the volunteer of the certificate",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer", "ListCertificates", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"volunteer",
       "RevokeCertificate",
       "",
       "the volunteer of the certificate",
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      {"volunteer", "VerifyCertificate", "", kNoOne, {A, A, A, A, A, A, A, A}, {}, ""},
      // The national export: real names and ID numbers in full, for the region's admins.
      {"volunteer", "ExportServiceRecords", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"volunteer", "ListServiceRecordExports", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},

      // ---- points: the ledger ----
      {"points", "Award", "", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      {"points", "Adjust", "", "the volunteer", {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "ReverseTransfer", "", "the volunteer", {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "GetBalance", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"points", "ListTransfers", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"points", "CheckConsistency", "a region", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "CheckConsistency", "the whole ledger", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      {"points", "GetEarningRules", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "UpdateEarningRules", "a region's", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "UpdateEarningRules", "the defaults", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      {"points", "RunExpiry", "", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      // ---- points: the store ----
      {"points", "CreateReward", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "RestockReward", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "SetRewardActive", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "GetReward", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "ListRewards", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points",
       "Redeem",
       "at the home community's store",
       "the volunteer",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      // The store is community A's; the volunteer earns in, and lives in, community B.
      {"points",
       "Redeem",
       "for a volunteer of another community",
       "the volunteer (of community B)",
       {U, A, D, A, D, A, D, A},
       // issue 11 hole 3: expected to become PERMISSION_DENIED (the volunteer is out of scope)
       {{Caller::kCommunityAdminIn, 3, D, true}},
       ""},
      {"points", "CollectOrder", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "CancelOrder", "", "the volunteer who ordered", {U, A, D, A, D, A, D, A}, {}, ""},
      {"points", "ListOrders", "a volunteer's", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"points", "ListOrders", "a store's", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // ---- points: rankings and tiers ----
      {"points", "GetLeaderboard", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "GetTiers", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "UpdateTiers", "", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      // ---- points: commendation rounds ----
      {"points", "CreateRound", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "GetRound", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "ListRounds", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "DecideCandidate", "", "the candidate", {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "PublishRound", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "LodgeObjection", "", "the objector", {U, A, A, A, A, A, A, A}, {}, ""},
      {"points", "ResolveObjection", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "FinalizeRound", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // Any admin reads anyone's commendations (they were published).
      {"points", "ListCommendations", "", "the volunteer", {U, A, D, A, A, A, A, A}, {}, ""},
      {"points", "ExportRound", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points", "GetPointsStatistics", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},

      // ---- posts: catalogue and posts ----
      {"posts", "ListPostTypes", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      // The catalogue is the city's: any street admin adds to it.
      {"posts", "CreatePostType", "", kNoOne, {U, D, D, D, D, A, A, A}, {}, ""},
      {"posts", "CreatePost", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"posts", "GetPost", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"posts", "ListPosts", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"posts", "SetPostOpen", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"posts", "CreateUnit", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"posts", "ListUnits", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      // ---- posts: adoption ----
      {"posts", "AdoptPost", "by a volunteer", "the adopter", {U, A, D, A, D, A, D, A}, {}, ""},
      {"posts", "AdoptPost", "by a unit", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // The post is community A's; the adopter lives in community B.
      {"posts",
       "AdoptPost",
       "for a volunteer of another community",
       "the adopter (of community B)",
       {U, A, D, A, D, A, D, A},
       // issue 11 hole 3: expected to become PERMISSION_DENIED (the volunteer is out of scope)
       {{Caller::kCommunityAdminIn, 3, D, true}},
       ""},
      {"posts", "WithdrawAdoption", "", "the adopter", {U, A, D, A, D, A, D, A}, {}, ""},
      {"posts", "ListAdoptions", "a post's", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // An admin gets only the adoptions in their scope.
      {"posts", "ListAdoptions", "an adopter's", "the adopter", {U, A, D, A, A, A, A, A}, {}, ""},
      // ---- posts: service logs ----
      {"posts", "LogService", "", "the adopter", {U, A, D, A, D, A, D, A}, {}, ""},
      {"posts", "ApproveLog", "", "the adopter", {U, D, D, A, D, A, D, A}, {}, ""},
      {"posts", "RejectLog", "", "the adopter", {U, D, D, A, D, A, D, A}, {}, ""},
      {"posts", "ListLogs", "a region's", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // Admins are told to list by region (INVALID_ARGUMENT).
      {"posts", "ListLogs", "an adopter's", "the adopter", {U, A, D, A, A, A, A, A}, {}, ""},
      {"posts", "GetOverview", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},

      // ---- wishes ----
      // A resident (any volunteer account) submits their own wish, anywhere.
      {"wishes", "SubmitWish", "", "the resident", {U, A, A, A, D, A, D, A}, {}, ""},
      {"wishes", "GetWish", "on the wall", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"wishes",
       "GetWish",
       "submitted, not yet on the wall",
       "the resident who submitted it",
       {U, A, H, A, D, A, D, A},
       {},
       ""},
      {"wishes", "GetWish", "claimed", "the claimer", {U, A, H, A, D, A, D, A}, {}, ""},
      {"wishes", "ReviewWish", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes", "ListWall", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"wishes", "ListWishes", "a region's", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes", "ListAccessLog", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // An admin gets only the wishes in their scope.
      {"wishes", "ListWishes", "a claimer's", "the claimer", {U, A, D, A, A, A, A, A}, {}, ""},
      {"wishes", "ClaimWish", "by a volunteer", "the claimer", {U, A, D, A, D, A, D, A}, {}, ""},
      // The wish is community A's; the claimer lives in community B.
      {"wishes",
       "ClaimWish",
       "for a volunteer of another community",
       "the claimer (of community B)",
       {U, A, D, A, D, A, D, A},
       // issue 11 hole 3: expected to become PERMISSION_DENIED (the volunteer is out of scope)
       {{Caller::kCommunityAdminIn, 3, D, true}},
       ""},
      {"wishes", "ClaimWish", "for a unit", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes", "ReleaseClaim", "", "the claimer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"wishes", "FulfilWish", "", "the claimer", {U, A, D, D, D, D, D, A}, {}, ""},
      {"wishes", "ConfirmWish", "", "the claimer", {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes",
       "WithdrawWish",
       "",
       "the resident who submitted it",
       {U, A, D, A, D, A, D, A},
       {},
       ""},
      {"wishes", "CancelWish", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes", "ReleaseExpiredClaims", "", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      {"wishes", "GetHistory", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes", "GetStatistics", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},

      // ---- activities: an activity of community A ----
      {"activities", "CreateActivity", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "UpdateActivity", "a draft", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "PublishActivity", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "CancelActivity", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "GetActivity", "published", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      // A draft is the organisers' alone: to anyone else it does not exist.
      {"activities", "GetActivity", "a draft", kNoOne, {U, H, H, A, H, A, H, A}, {}, ""},
      {"activities", "ListActivities", "published", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"activities",
       "ListActivities",
       "drafts and cancelled too",
       kNoOne,
       {U, D, D, A, D, A, D, A},
       {},
       ""},
      // A volunteer signs up themself; an admin only a volunteer of their scope.
      {"activities", "SignUp", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"activities", "CancelSignUp", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"activities", "ApproveSignUp", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "RejectSignUp", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "ListRoster", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "ListParticipations", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"activities", "GetCheckinCode", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      // Only a volunteer checks in, themself (another volunteer, not signed up, is refused by
      // the domain: FAILED_PRECONDITION); an organiser corrects times instead.
      {"activities", "CheckIn", "", "the volunteer", {U, A, A, D, D, D, D, D}, {}, ""},
      {"activities", "CheckOut", "", "the volunteer", {U, A, A, D, D, D, D, D}, {}, ""},
      {"activities", "CorrectAttendance", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "ConfirmRoster", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities", "GetVolunteerCredit", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},

      // ---- notifications: events, the inbox, the feed of community A ----
      // The other services' outbox relays publish, as the system.
      {"notifications", "PublishEvent", "", kNoOne, {U, D, D, D, D, D, D, A}, {}, ""},
      // Everyone's own inbox (the caller's subject): nobody reads or marks another's, and
      // another's message is as absent as one that never was.
      {"notifications", "ListMessages", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"notifications", "GetInboxSummary", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"notifications",
       "MarkMessagesRead",
       "a message named",
       "its recipient",
       {U, A, H, H, H, H, H, H},
       {},
       ""},
      {"notifications", "MarkMessagesRead", "all", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      // The feed of community A: admins in scope, the system, and the grid system in scope.
      {"notifications", "ListEvents", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, "", {A, D}},
      // Webhooks of community A and their dead letters: admins in scope (a webhook named by id:
      // out of scope, as if none).
      {"notifications", "CreateWebhook", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"notifications", "ListWebhooks", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"notifications", "DeleteWebhook", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      {"notifications", "ListWebhookDeadLetters", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"notifications", "ReplayWebhookDeliveries", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      // Broadcasts of community A: admins in scope send and read them (one named by id: out of
      // scope, as if none); a volunteer the call-out went to answers it, one it did not go to
      // finds none.
      {"notifications", "SendBroadcast", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"notifications", "GetBroadcast", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      {"notifications", "ListBroadcasts", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"notifications",
       "AnswerCallOut",
       "",
       "a recipient of the call-out",
       {U, A, H, D, D, D, D, D},
       {},
       ""},
      {"notifications", "ListCallOutAnswers", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},

      // ---- gateway: views (its actions answer as the methods they forward to) ----
      {"gateway", "GetDashboard", "", "the volunteer", {U, A, D, A, D, A, D, A}, {}, ""},
      {"gateway", "GetWishWall", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"gateway", "GetPostList", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"gateway", "GetRegionOverview", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"gateway", "GetAdminQueue", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"gateway", "GetActivityList", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},
      {"gateway", "GetActivityCard", "", kNoOne, {U, A, A, A, A, A, A, A}, {}, ""},

      // ---- every service with an outbox: its dead letters (tongxin.outbox.v1) ----
      // The dead letters of community A; a retry needs the event's region in scope.
      {"volunteer-outbox", "ListDeadLetters", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"volunteer-outbox", "RetryDeadLetter", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      // The dead letters of community A; a retry needs the event's region in scope.
      {"posts-outbox", "ListDeadLetters", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"posts-outbox", "RetryDeadLetter", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      // The dead letters of community A; a retry needs the event's region in scope.
      {"wishes-outbox", "ListDeadLetters", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"wishes-outbox", "RetryDeadLetter", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      // The dead letters of community A; a retry needs the event's region in scope.
      {"activities-outbox", "ListDeadLetters", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"activities-outbox", "RetryDeadLetter", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
      // The dead letters of community A; a retry needs the event's region in scope.
      {"points-outbox", "ListDeadLetters", "", kNoOne, {U, D, D, A, D, A, D, A}, {}, ""},
      {"points-outbox", "RetryDeadLetter", "", kNoOne, {U, D, D, A, H, A, H, A}, {}, ""},
  };
}

}  // namespace

const std::vector<Row>& MatrixRows() {
  static const std::vector<Row> rows = Table();
  return rows;
}

}  // namespace tongxin::authz
