// The national service-record export as CSV (see service_record_csv.h).
#include "services/gateway/service_record_csv.h"

#include <memory>

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

// One export in progress: the pages fetched so far and the next call.
struct CsvExport : std::enable_shared_from_this<CsvExport> {
  Gateway& gateway;
  Caller caller;
  vpb::ExportServiceRecordsRequest request;
  ServiceRecordCsvOptions options;
  std::function<void(absl::StatusOr<std::string>)> done;
  std::string csv = ServiceRecordCsvHeader();
  int rows = 0;
  vpb::ExportServiceRecordsResponse page;

  CsvExport(Gateway& g, Caller c, vpb::ExportServiceRecordsRequest r, ServiceRecordCsvOptions o,
            std::function<void(absl::StatusOr<std::string>)> d)
      : gateway(g), caller(std::move(c)), request(std::move(r)), options(o), done(std::move(d)) {}

  void Next() {
    page.Clear();
    request.set_page_size(options.page_size);
    caller.deadline = std::chrono::system_clock::now() + options.page_timeout;
    auto self = shared_from_this();
    gateway.Call("ExportServiceRecords", caller, request, &page,
                 [self](absl::Status status) { self->Received(std::move(status)); });
  }

  void Received(absl::Status status) {
    if (!status.ok()) return done(status);
    rows += page.records_size();
    if (rows > options.max_rows) {
      return done(absl::FailedPreconditionError(
          absl::StrCat("period: more than ", options.max_rows,
                       " service records; export a shorter period (e.g. one month at a time)")));
    }
    for (const auto& record : page.records()) csv += ServiceRecordCsvLine(record);
    if (page.next_page_token().empty()) return done(std::move(csv));
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

std::string ServiceRecordCsvFilename(const std::string& region_id, const std::string& period_start,
                                     const std::string& period_end) {
  return absl::StrCat("service-records-", region_id, "-", period_start, "-", period_end, ".csv");
}

void ExportServiceRecordsCsv(Gateway& gateway, const Caller& caller,
                             const vpb::ExportServiceRecordsRequest& request,
                             const ServiceRecordCsvOptions& options,
                             std::function<void(absl::StatusOr<std::string>)> done) {
  auto export_run = std::make_shared<CsvExport>(gateway, caller, request, options, std::move(done));
  export_run->Next();
}

}  // namespace tongxin::gateway
