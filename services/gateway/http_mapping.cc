// Statuses, JSON and request binding for the HTTP face.
#include "services/gateway/http_mapping.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace tongxin::gateway {
namespace {

using google::protobuf::FieldDescriptor;

// What protobuf's JSON parser (3.21) lets through, or refuses without naming the field, found on
// the raw body first by nlohmann's strict SAX parser (its own stack, no recursion, no document
// built): a key given twice in one object (two readers of the body could take different ones),
// a trailing comma, NUL in a string (PostgreSQL cannot store it), invalid UTF-8 or a lone
// surrogate, a number beyond any double (1e400), nesting past kMaxJsonDepth. Each names the
// field it is in, as "post.title".
constexpr size_t kMaxJsonDepth = 64;

class JsonScan : public nlohmann::json_sax<nlohmann::json> {
 public:
  absl::Status status() const { return status_; }

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& text) override {
    if (text.find('\0') == std::string::npos) return true;
    return Fail(absl::StrCat(Field(), ": the NUL character (\\u0000) is not allowed"));
  }
  bool start_object(std::size_t) override { return Open(true); }
  bool start_array(std::size_t) override { return Open(false); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& name) override {
    Level& level = levels_.back();
    if (!level.keys.insert(name).second) {
      level.key = name;
      return Fail(absl::StrCat(Field(), ": given more than once"));
    }
    level.key = name;
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& error) override {
    std::string what = error.what();
    if (what.find("UTF-8") != std::string::npos || what.find("surrogate") != std::string::npos) {
      return Fail(absl::StrCat(Field(), ": not UTF-8"));
    }
    if (error.id == 406) return Fail(absl::StrCat(Field(), ": a number out of range"));
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...".
    auto at = what.find("] ");
    return Fail(
        absl::StrCat("body: not JSON: ", at == std::string::npos ? what : what.substr(at + 2)));
  }

 private:
  struct Level {
    bool object;
    std::set<std::string> keys;
    std::string key;  // the last key read in this object
  };
  bool Open(bool object) {
    if (levels_.size() >= kMaxJsonDepth) {
      return Fail(absl::StrCat("body: nested deeper than ", kMaxJsonDepth, " levels"));
    }
    levels_.push_back(Level{object, {}, {}});
    return true;
  }
  bool Close() {
    if (!levels_.empty()) levels_.pop_back();
    return true;
  }
  // Where the parser is: the keys of the open objects, "body" at the top.
  std::string Field() const {
    std::string path;
    for (const Level& level : levels_) {
      if (!level.object || level.key.empty()) continue;
      absl::StrAppend(&path, path.empty() ? "" : ".", level.key);
    }
    return path.empty() ? "body" : path;
  }
  bool Fail(std::string message) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(std::move(message));
    return false;
  }
  std::vector<Level> levels_;
  absl::Status status_;
};

absl::Status ScanJson(const std::string& body) {
  if (body.empty()) return absl::OkStatus();  // an action without a body: {}
  JsonScan scan;
  nlohmann::json::sax_parse(body, &scan, nlohmann::json::input_format_t::json, /*strict=*/true);
  return scan.status();
}

// JSON that does not parse, or names a field the message does not have, is the caller's mistake.
absl::Status FromJson(const std::string& body, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status =
      google::protobuf::util::JsonStringToMessage(body.empty() ? "{}" : body, message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("body: ", std::string(status.message().data(), status.message().size())));
  }
  return absl::OkStatus();
}

// A query parameter's text as the field's value.
absl::Status SetFromText(google::protobuf::Message& message, const FieldDescriptor& field,
                         const std::string& text) {
  const auto* reflection = message.GetReflection();
  auto wrong = [&](const char* what) {
    return absl::InvalidArgumentError(absl::StrCat(field.name(), ": ", what));
  };
  if (field.is_repeated()) return wrong("not a query parameter");
  if (!ValidUtf8(text)) return wrong("not UTF-8");
  if (text.find('\0') != std::string::npos) return wrong("the NUL character is not allowed");
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(&message, &field, text);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return wrong("a whole number");
      reflection->SetInt32(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return wrong("a whole number");
      reflection->SetInt64(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (text != "true" && text != "false") return wrong("true or false");
      reflection->SetBool(&message, &field, text == "true");
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = field.enum_type()->FindValueByName(text);
      if (value == nullptr) return wrong("not one of its names");
      reflection->SetEnum(&message, &field, value);
      return absl::OkStatus();
    }
    default:
      return wrong("not a query parameter");
  }
}

}  // namespace

int HttpStatus(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kFailedPrecondition:
      return 409;  // the request was fine; the resource's state refuses it
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

std::string ErrorJson(const absl::Status& status) {
  nlohmann::json body = {{"code", absl::StatusCodeToString(status.code())},
                         {"message", std::string(status.message())},
                         {"details", nlohmann::json::array()}};
  // A message may quote the caller's bytes (protobuf's JSON parser quotes a bad string, a query
  // parameter's name is echoed): bytes that are not UTF-8 are replaced (U+FFFD), since a strict
  // dump would throw and the caller's mistake would be answered as 500.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

// RFC 3629, as protobuf checks it: besides the byte patterns, no overlong form (C0, C1, E0 80–9F,
// F0 80–8F), no surrogate (ED A0–BF) and nothing above U+10FFFF (F4 90–BF, F5–FF).
bool ValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t length = byte < 0x80                    ? 1
                    : byte >= 0xC2 && byte <= 0xDF ? 2
                    : (byte >> 4) == 0xE           ? 3
                    : byte >= 0xF0 && byte <= 0xF4 ? 4
                                                   : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    // The second byte's range where the first allows less than every continuation.
    auto second = length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) ||
        (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string DecodeUrl(std::string_view text, bool query) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (query && text[i] == '+') {
      decoded += ' ';
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

HttpTarget ParseTarget(std::string_view target) {
  HttpTarget parsed;
  auto mark = target.find('?');
  parsed.path = DecodeUrl(target.substr(0, mark), /*query=*/false);
  if (mark == std::string_view::npos) return parsed;
  std::string_view query = target.substr(mark + 1);
  while (!query.empty()) {
    auto end = query.find('&');
    std::string_view pair = query.substr(0, end);
    if (!pair.empty()) {
      auto equals = pair.find('=');
      std::string_view name = pair.substr(0, equals);
      std::string_view value =
          equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      parsed.query.emplace(DecodeUrl(name, true), DecodeUrl(value, true));
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return parsed;
}

absl::Status BindRequest(const Route& route, const HttpInput& input,
                         google::protobuf::Message& message) {
  if (route.verb == "POST") {
    TX_RETURN_IF_ERROR(ScanJson(input.body));
    TX_RETURN_IF_ERROR(FromJson(input.body, &message));
  } else {
    for (const auto& [name, value] : input.query) {
      const auto* field = message.GetDescriptor()->FindFieldByName(name);
      bool in_path = std::find(route.path_fields.begin(), route.path_fields.end(), name) !=
                     route.path_fields.end();
      if (field == nullptr || in_path) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": no such query parameter"));
      }
      if (input.query.count(name) > 1) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": given more than once"));
      }
      TX_RETURN_IF_ERROR(SetFromText(message, *field, value));
    }
  }
  const auto* reflection = message.GetReflection();
  for (size_t i = 0; i < route.path_fields.size(); ++i) {
    const std::string& name = route.path_fields[i];
    const std::string& value = i < input.path_values.size() ? input.path_values[i] : "";
    if (!ValidUtf8(value)) return absl::InvalidArgumentError(absl::StrCat(name, ": not UTF-8"));
    if (value.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": the NUL character is not allowed"));
    }
    const auto* field = message.GetDescriptor()->FindFieldByName(name);
    std::string given = reflection->GetString(message, field);
    if (!given.empty() && given != value) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": differs from the path"));
    }
    reflection->SetString(&message, field, value);
  }
  return absl::OkStatus();
}

}  // namespace tongxin::gateway
