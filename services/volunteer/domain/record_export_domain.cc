// The national service-record export (see record_export_domain.h).
#include "services/volunteer/domain/record_export_domain.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"

namespace tongxin::volunteer {
namespace {

std::string CallerKey(const Principal& caller) {
  return std::string(RoleName(caller.role)) + ":" + caller.subject;
}

}  // namespace

RecordExportDomain::RecordExportDomain(RecordExportRepository& exports,
                                       const PersonalDataCipher& cipher, const Clock& clock,
                                       RecordExportOptions options)
    : exports_(exports),
      cipher_(cipher),
      clock_(clock),
      options_(options),
      // A key of its own, derived from the data key by its keyed hash: every replica has it,
      // and no blind index or sealed value is ever a token's MAC.
      token_key_(cipher.BlindIndex("service_record_export_page_token", "key-v1")) {}

absl::StatusOr<ExportPage> RecordExportDomain::Export(Tx& tx, const Principal& caller,
                                                      const ExportRequest& in) {
  // The paging arguments first, as every list does: a bad page_size or a token that is not one
  // is named whatever the other fields hold.
  TX_ASSIGN_OR_RETURN(int page_size, ExportPageSize(in.page_size));
  std::optional<ExportCursor> cursor;
  if (!in.page_token.empty()) {
    TX_ASSIGN_OR_RETURN(cursor, OpenExportCursor(in.page_token, token_key_));
  }
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", in.region_id));
  TX_RETURN_IF_ERROR(CheckExportPeriod(in.period_start, in.period_end));
  // Checked on every page: an admin whose scope changed meanwhile gets no further page.
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.region_id));
  const Time now = clock_.Now();
  const std::string caller_key = CallerKey(caller);
  ServiceRecordExport export_row;
  ExportKey after;
  if (!cursor) {
    export_row.caller = caller.subject;
    export_row.caller_role = std::string(RoleName(caller.role));
    export_row.region_id = in.region_id;
    export_row.period_start = in.period_start;
    export_row.period_end = in.period_end;
    export_row.start_time = now;
    export_row = exports_.Start(
        tx, export_row,
        std::chrono::duration_cast<std::chrono::microseconds>(options_.settle).count());
    // Refused before any row is read or revealed; the caller's transaction rolls back, so
    // nothing of this export is kept.
    if (export_row.rows_total > options_.max_rows) {
      return absl::FailedPreconditionError(
          absl::StrCat("period: more than ", options_.max_rows,
                       " service records in this region and period; export a shorter period "
                       "(e.g. one month at a time)"));
    }
  } else {
    TX_RETURN_IF_ERROR(CheckExportCursor(*cursor, caller_key, in.region_id, in.period_start,
                                         in.period_end, ToEpochMicros(now)));
    TX_ASSIGN_OR_RETURN(export_row, exports_.Resume(tx, cursor->export_id));
    if (export_row.snapshot_purged) {
      return absl::FailedPreconditionError(
          "page_token: this export is over and forgotten; start the export again");
    }
    after = cursor->after;
  }
  ExportPage page;
  page.records = exports_.Records(tx, export_row, after, page_size + 1);
  const bool more = static_cast<int>(page.records.size()) > page_size;
  if (more) page.records.resize(page_size);
  std::vector<std::string> volunteer_ids, community_ids;
  std::set<std::string> revealed;
  for (ExportedRecord& record : page.records) {
    TX_ASSIGN_OR_RETURN(record.id_number, cipher_.Decrypt(record.id_number_sealed));
    record.id_number_sealed.clear();
    if (revealed.insert(record.volunteer_id).second) {
      volunteer_ids.push_back(record.volunteer_id);
      community_ids.push_back(record.community_id);
    }
  }
  TX_ASSIGN_OR_RETURN(page.export_row, exports_.CountPage(tx, export_row.export_id,
                                                          static_cast<int>(page.records.size()),
                                                          /*last=*/!more, now));
  IdNumberLookup reveal;
  reveal.caller = caller.subject;
  reveal.caller_role = std::string(RoleName(caller.role));
  reveal.caller_scope = caller.scope;
  reveal.lookup_time = now;
  exports_.LogReveals(tx, reveal, volunteer_ids, community_ids);
  if (more) {
    ExportCursor next;
    next.export_id = page.export_row.export_id;
    next.caller = caller_key;
    next.region_id = page.export_row.region_id;
    next.period_start = page.export_row.period_start;
    next.period_end = page.export_row.period_end;
    next.as_of_micros = ToEpochMicros(page.export_row.as_of);
    next.expires_micros = ToEpochMicros(now + kExportPageTokenLifetime);
    next.after = ExportKey{page.records.back().service_date, page.records.back().record_id};
    page.next_page_token = SignExportCursor(next, token_key_);
  }
  return page;
}

int RecordExportDomain::PurgeSnapshots(Tx& tx, Time now) {
  return exports_.PurgeSnapshots(tx, now - kExportPageTokenLifetime - kExportPurgeMargin,
                                 kExportPurgeBatch);
}

absl::StatusOr<Page<ServiceRecordExport>> RecordExportDomain::List(Tx& tx, const Principal& caller,
                                                                   const std::string& region_id,
                                                                   const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", region_id));
  TX_RETURN_IF_ERROR(CheckNumericPageKey(page));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  return exports_.List(tx, region_id, page);
}

}  // namespace tongxin::volunteer
