// The national service-record export as CSV (see service_record_csv.h).
#include "services/gateway/service_record_csv.h"

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/gateway/gateway.h"

namespace tongxin::gateway {
namespace {

namespace vpb = ::tongxin::volunteer::v1;

std::string_view SourceName(vpb::ServiceSource source) {
  switch (source) {
    case vpb::SERVICE_SOURCE_POST_LOG:
      return "岗位服务";
    case vpb::SERVICE_SOURCE_WISH:
      return "微心愿";
    case vpb::SERVICE_SOURCE_ACTIVITY:
      return "志愿活动";
    case vpb::SERVICE_SOURCE_HONOUR:
      return "荣誉时长";
    default:
      return "";
  }
}

std::string Hours(double hours) {
  // Two decimals at most (the service keeps numeric(5, 2)); no trailing zeros.
  std::string text = absl::StrFormat("%.2f", hours);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool AllOf(std::string_view value, std::string_view allowed) {
  return value.find_first_not_of(allowed) == std::string_view::npos;
}

// The file is held whole before it is sent: no more than this is reserved up front.
constexpr size_t kMaxReserve = size_t{64} << 20;

// One export in progress: the pages fetched so far and the next call.
struct CsvExport : std::enable_shared_from_this<CsvExport> {
  Gateway& gateway;
  Caller caller;
  vpb::ExportServiceRecordsRequest request;
  ServiceRecordCsvOptions options;
  ServiceRecordCsvSlots::Slot slot;  // freed with this export
  std::function<void(absl::StatusOr<std::string>)> done;
  std::chrono::system_clock::time_point file_deadline;
  std::string csv = ServiceRecordCsvHeader();
  vpb::ExportServiceRecordsResponse page;

  CsvExport(Gateway& g, Caller c, vpb::ExportServiceRecordsRequest r, ServiceRecordCsvOptions o,
            ServiceRecordCsvSlots::Slot s, std::function<void(absl::StatusOr<std::string>)> d)
      : gateway(g),
        caller(std::move(c)),
        request(std::move(r)),
        options(o),
        slot(std::move(s)),
        done(std::move(d)),
        file_deadline(std::chrono::system_clock::now() + options.file_timeout) {}

  // Frees the slot first: the caller may ask again as soon as they have the answer.
  void Finish(absl::StatusOr<std::string> result) {
    slot.reset();
    done(std::move(result));
  }

  void Next() {
    const auto now = std::chrono::system_clock::now();
    if (now >= file_deadline) {
      return Finish(absl::DeadlineExceededError(absl::StrCat(
          "period: the file took longer than ",
          std::chrono::duration_cast<std::chrono::seconds>(options.file_timeout).count(),
          " s; export a shorter period")));
    }
    page.Clear();
    request.set_page_size(options.page_size);
    caller.deadline = std::min(now + options.page_timeout, file_deadline);
    auto self = shared_from_this();
    gateway.Call("ExportServiceRecords", caller, request, &page,
                 [self](absl::Status status) { self->Received(std::move(status)); });
  }

  void Received(absl::Status status) {
    if (!status.ok()) return Finish(status);
    const size_t before = csv.size();
    for (const auto& record : page.records()) csv += ServiceRecordCsvLine(record);
    if (request.page_token().empty() && page.records_size() > 0) {
      // The first page tells the export's size: room for all of it at this page's line length
      // (an eighth more for longer lines later), at most kMaxReserve.
      const size_t line = (csv.size() - before) / static_cast<size_t>(page.records_size());
      csv.reserve(std::min(kMaxReserve,
                           csv.size() + line * 9 / 8 *
                                            static_cast<size_t>(std::max(
                                                0, page.total_records() - page.records_size()))));
    }
    if (page.next_page_token().empty()) return Finish(std::move(csv));
    request.set_page_token(page.next_page_token());
    Next();
  }
};

}  // namespace

std::string ServiceRecordCsvHeader() {
  return std::string(kUtf8Bom) +
         "记录编号,志愿者姓名,证件类型,证件号码,服务组织,服务类型,服务日期,服务地点代码,"
         "服务地点,服务内容,服务时长（小时）,是否更正\r\n";
}

std::string ServiceRecordCsvLine(const vpb::ExportedServiceRecord& r) {
  return absl::StrCat(CsvCell(r.record_reference()), ",", CsvCell(r.volunteer_name()), ",",
                      CsvCell("居民身份证"), ",", CsvCell(r.id_number()), ",",
                      CsvCell(r.organiser()), ",", CsvCell(SourceName(r.source())), ",",
                      CsvCell(r.service_date()), ",", CsvCell(r.place_region_id()), ",",
                      CsvCell(r.place_name()), ",", CsvCell(r.description()), ",", Hours(r.hours()),
                      ",", CsvCell(r.corrected() ? "是" : "否"), "\r\n");
}

absl::Status CheckServiceRecordCsvRequest(const vpb::ExportServiceRecordsRequest& request) {
  const std::string& region = request.region_id();
  if ((region.size() != 9 && region.size() != 12) || !AllOf(region, "0123456789")) {
    return absl::InvalidArgumentError(
        "region_id: must be a street (9 digits) or community (12) id");
  }
  for (auto [field, value] : {std::pair{"period_start", &request.period_start()},
                              std::pair{"period_end", &request.period_end()}}) {
    if (value->size() != 10 || (*value)[4] != '-' || (*value)[7] != '-' ||
        !AllOf(*value, "0123456789-")) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": YYYY-MM-DD"));
    }
  }
  return absl::OkStatus();
}

std::string ServiceRecordCsvFilename(const std::string& region_id, const std::string& period_start,
                                     const std::string& period_end) {
  auto digits_and_dashes = [](std::string value) {
    value.erase(
        std::remove_if(
            value.begin(), value.end(),
            [](char c) { return !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-'; }),
        value.end());
    return value;
  };
  return absl::StrCat("service-records-", digits_and_dashes(region_id), "-",
                      digits_and_dashes(period_start), "-", digits_and_dashes(period_end), ".csv");
}

absl::StatusOr<ServiceRecordCsvSlots::Slot> ServiceRecordCsvSlots::Acquire(
    const std::string& caller) {
  std::lock_guard lock(state_->mu);
  if (state_->callers.count(caller) > 0) {
    return absl::ResourceExhaustedError(
        "export: your previous export is still being prepared; wait for it, then try again");
  }
  if (static_cast<int>(state_->callers.size()) >= state_->max) {
    return absl::ResourceExhaustedError(
        "export: other exports are being prepared; try again in a minute");
  }
  state_->callers.insert(caller);
  return Slot(static_cast<void*>(nullptr), [state = state_, caller](void*) {
    std::lock_guard lock(state->mu);
    state->callers.erase(caller);
  });
}

int ServiceRecordCsvSlots::in_use() const {
  std::lock_guard lock(state_->mu);
  return static_cast<int>(state_->callers.size());
}

void ExportServiceRecordsCsv(Gateway& gateway, const Caller& caller,
                             const vpb::ExportServiceRecordsRequest& request,
                             const ServiceRecordCsvOptions& options,
                             ServiceRecordCsvSlots::Slot slot,
                             std::function<void(absl::StatusOr<std::string>)> done) {
  auto export_run = std::make_shared<CsvExport>(gateway, caller, request, options, std::move(slot),
                                                std::move(done));
  export_run->Next();
}

}  // namespace tongxin::gateway
