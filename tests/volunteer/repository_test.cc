// The volunteer service's repositories against a real PostgreSQL: the SQL, the constraints that
// hold the invariants, and keyset pagination.
#include <gtest/gtest.h>

#include "services/common/crypto.h"
#include "services/volunteer/repository/grid_repository.h"
#include "services/volunteer/repository/service_record_repository.h"
#include "services/volunteer/repository/team_repository.h"
#include "services/volunteer/repository/volunteer_repository.h"
#include "tests/support/test_db.h"

namespace tongxin::volunteer {
namespace {

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>("volunteer_repo", "volunteer");
    db_ = database_->Open(4);
    grids_ = std::make_unique<GridRepository>(*db_);
    volunteers_ = std::make_unique<VolunteerRepository>(*db_);
    teams_ = std::make_unique<TeamRepository>(*db_);
    records_ = std::make_unique<ServiceRecordRepository>(*db_);
    ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                  auto street = grids_->InsertStreet(tx, {"411502001", "五星街道", "浉河区", {}});
                  if (!street.ok()) return street.status();
                  for (std::string id : {"411502001001", "411502001002"}) {
                    auto c = grids_->InsertCommunity(tx, {id, "411502001", "社区" + id, {}});
                    if (!c.ok()) return c.status();
                  }
                  return absl::OkStatus();
                }).ok());
  }

  absl::Status Run(const TxWork& work) { return db_->Transact({}, work); }

  NewVolunteer Person(const std::string& id, const std::string& community) {
    NewVolunteer n;
    n.volunteer.volunteer_id = id;
    n.volunteer.name = "志愿者" + id;
    n.volunteer.id_number_masked = "411502********0000";
    n.volunteer.phone_masked = "138****0000";
    n.volunteer.gender = Gender::kFemale;
    n.volunteer.birth_year = 1990;
    n.volunteer.community_id = community;
    n.volunteer.skills = {"medical", "say \"hi\"", "back\\slash"};
    n.volunteer.political_status = PoliticalStatus::kMasses;
    n.volunteer.status = VolunteerStatus::kActive;
    n.id_number_sealed = "sealed-" + id;
    n.id_number_index = "index-" + id;
    n.phone_sealed = "sealed-phone-" + id;
    n.phone_index = "phone-index-" + id;
    return n;
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<GridRepository> grids_;
  std::unique_ptr<VolunteerRepository> volunteers_;
  std::unique_ptr<TeamRepository> teams_;
  std::unique_ptr<ServiceRecordRepository> records_;
};

TEST_F(RepositoryTest, DatabaseRefusesAGridOutsideItsCommunityCode) {
  absl::Status status = Run([&](Tx& tx) {
    return grids_->InsertGrid(tx, {"411502001001001", "411502001002", "错位网格", 0, {}}).status();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(RepositoryTest, VolunteersRoundTripAndAreUniqueByBlindIndex) {
  Volunteer inserted;
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                auto v = volunteers_->Insert(tx, Person("v1", "411502001001"));
                if (v.ok()) inserted = *v;
                return v.status();
              }).ok());
  EXPECT_EQ(inserted.skills, (std::vector<std::string>{"medical", "say \"hi\"", "back\\slash"}));
  EXPECT_EQ(inserted.birth_year, 1990);
  auto duplicate = Person("v2", "411502001001");
  duplicate.id_number_index = "index-v1";
  absl::Status status = Run([&](Tx& tx) { return volunteers_->Insert(tx, duplicate).status(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(status.message(), "id_number: a volunteer with this ID number is registered");
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                auto found = volunteers_->FindByIdNumberIndex(tx, "index-v1");
                EXPECT_TRUE(found.ok() && found->has_value());
                EXPECT_EQ((*found)->volunteer_id, "v1");
                return absl::OkStatus();
              }).ok());
}

TEST_F(RepositoryTest, StatusMovesOnlyFromAllowedStates) {
  ASSERT_TRUE(Run([&](Tx& tx) {
                return volunteers_->Insert(tx, Person("v1", "411502001001")).status();
              }).ok());
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                // Approve moves only from pending; the volunteer is active.
                auto moved = volunteers_->ChangeStatus(tx, "v1", StatusChange::kApprove, "");
                EXPECT_TRUE(moved.ok() && !moved->has_value());
                moved = volunteers_->ChangeStatus(tx, "v1", StatusChange::kSuspend, "r");
                EXPECT_TRUE(moved.ok() && moved->has_value());
                EXPECT_EQ((*moved)->status, VolunteerStatus::kSuspended);
                return absl::OkStatus();
              }).ok());
}

TEST_F(RepositoryTest, KeysetPaginationVisitsEveryVolunteerOnce) {
  for (int i = 0; i < 7; ++i) {
    std::string community = i % 2 ? "411502001001" : "411502001002";
    ASSERT_TRUE(
        Run([&](Tx& tx) {
          return volunteers_->Insert(tx, Person("v" + std::to_string(i), community)).status();
        }).ok());
  }
  VolunteerFilter filter;
  filter.region_id = "411502001";
  PageRequest page{3, ""};
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    Page<Volunteer> result;
    ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                  auto p = volunteers_->List(tx, filter, page);
                  if (p.ok()) result = *p;
                  return p.status();
                }).ok());
    for (const auto& v : result.items) ids.push_back(v.volunteer_id);
    if (result.next_page_token.empty()) break;
    page.after = *DecodePageToken(result.next_page_token);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"v0", "v1", "v2", "v3", "v4", "v5", "v6"}));
  filter.region_id = "411502001001";
  page = {50, ""};
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                auto p = volunteers_->List(tx, filter, page);
                EXPECT_EQ(p->items.size(), 3u);
                return p.status();
              }).ok());
}

TEST_F(RepositoryTest, ServiceRecordRepeatIsANoOpAndCorrectionSupersedesOnce) {
  ASSERT_TRUE(Run([&](Tx& tx) {
                return volunteers_->Insert(tx, Person("v1", "411502001001")).status();
              }).ok());
  ServiceRecord record;
  record.volunteer_id = "v1";
  record.hours = 3;
  record.service_date = "2026-05-01";
  record.organiser = "河南路社区";
  record.organiser_region_id = "411502001001";
  record.source = ServiceSource::kPostLog;
  record.source_ref = "log-1";
  record.recorded_by = "posts";
  ServiceRecord first;
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                auto a = records_->Record(tx, record);
                EXPECT_TRUE(a->inserted);
                first = a->record;
                auto b = records_->Record(tx, record);
                EXPECT_FALSE(b->inserted);
                EXPECT_EQ(b->record.record_id, first.record_id);
                return absl::OkStatus();
              }).ok());
  ServiceRecord correction = first;
  correction.hours = 1;
  correction.corrects_record_id = first.record_id;
  correction.correction_reason = "实际1小时";
  ASSERT_TRUE(Run([&](Tx& tx) { return records_->Correct(tx, correction).status(); }).ok());
  EXPECT_EQ(Run([&](Tx& tx) { return records_->Correct(tx, correction).status(); }).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM service_records"), "2");
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                auto totals = records_->Totals(tx, "v1", "", "");
                EXPECT_DOUBLE_EQ(totals->total_hours, 1);
                return absl::OkStatus();
              }).ok());
  // Hours beyond a day are refused by the database itself.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM pg_constraint WHERE conname = "
                              "'service_records_hours_check'"),
            "1");
}

TEST_F(RepositoryTest, OneOpenMembershipPerVolunteerAndTeam) {
  ASSERT_TRUE(Run([&](Tx& tx) {
                return volunteers_->Insert(tx, Person("v1", "411502001001")).status();
              }).ok());
  Team team;
  ASSERT_TRUE(Run([&](Tx& tx) -> absl::Status {
                auto t = teams_->Insert(tx, {"", "411502001001", "医疗服务队", "", 0, {}});
                if (t.ok()) team = *t;
                return t.status();
              }).ok());
  ASSERT_TRUE(Run([&](Tx& tx) { return teams_->Join(tx, team.team_id, "v1").status(); }).ok());
  EXPECT_EQ(Run([&](Tx& tx) { return teams_->Join(tx, team.team_id, "v1").status(); }).code(),
            absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace tongxin::volunteer
