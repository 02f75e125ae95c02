// The "Event types" section of docs/events.md as the tests read it: each `### <type>` with its
// ```json block, and a check of an event's data against that schema.
//
// The checker is hand-written on purpose: it knows only the subset of JSON Schema the section
// uses (type object/string/number/integer/boolean, properties, required, additionalProperties
// false, enum, pattern, minimum, minLength; an object property holds to the same rules as the
// data, recursively) and refuses any other keyword, so a schema can never claim more than the
// test checks. Debian 12 packages no JSON Schema validator for C++
// (nlohmann-json-schema-validator is not in bookworm), and a subset this small is shorter than
// wiring one in.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace tongxin::testing {

// type -> its data schema, from the section "## Event types" of the file at `path` (up to the
// next "## " heading). Empty when the file or the section is missing.
inline std::map<std::string, nlohmann::json> EventSchemas(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, nlohmann::json> schemas;
  std::string line, type, block;
  bool in_section = false, in_block = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      in_section = line == "## Event types";
      continue;
    }
    if (!in_section) continue;
    if (line.rfind("### ", 0) == 0) {
      type = line.substr(4);
    } else if (line == "```json") {
      in_block = true;
      block.clear();
    } else if (in_block && line == "```") {
      in_block = false;
      schemas[type] = nlohmann::json::parse(block);  // throws on a bad block: the test fails
    } else if (in_block) {
      block += line + "\n";
    }
  }
  return schemas;
}

namespace schema_detail {

// UTF-8 to code points, so that a pattern's `.` or `[^*]` is one character (as in JSON Schema),
// not one byte.
inline std::wstring Wide(const std::string& s) {
  std::wstring out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    wchar_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

inline bool Integral(const nlohmann::json& v) {
  return v.is_number_integer() ||
         (v.is_number_float() && v.get<double>() == static_cast<double>(v.get<long long>()));
}

inline std::string ObjectError(const std::string& prefix, const nlohmann::json& schema,
                               const nlohmann::json& data);

// Why `value` breaks `schema` (a property schema), or "".
inline std::string ValueError(const std::string& name, const nlohmann::json& schema,
                              const nlohmann::json& value) {
  if (schema.is_object() && schema.value("type", "") == "object") {
    return ObjectError(name + ".", schema, value);
  }
  static const std::set<std::string> kKnown = {"type", "enum", "pattern", "minimum", "minLength"};
  for (const auto& [keyword, _] : schema.items()) {
    if (!kKnown.count(keyword)) return name + ": the checker does not know `" + keyword + "`";
  }
  const std::string type = schema.value("type", "");
  if (type == "string") {
    if (!value.is_string()) return name + ": not a string";
    const std::string s = value.get<std::string>();
    if (schema.contains("minLength") && Wide(s).size() < schema["minLength"].get<size_t>()) {
      return name + ": shorter than minLength";
    }
    if (schema.contains("pattern") &&
        !std::regex_search(Wide(s), std::wregex(Wide(schema["pattern"].get<std::string>())))) {
      return name + ": \"" + s + "\" does not match " + schema["pattern"].get<std::string>();
    }
  } else if (type == "number" || type == "integer") {
    if (!value.is_number()) return name + ": not a number";
    if (type == "integer" && !Integral(value)) return name + ": not an integer";
    if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
      return name + ": below minimum";
    }
  } else if (type == "boolean") {
    if (!value.is_boolean()) return name + ": not a boolean";
  } else {
    return name + ": the checker does not know type `" + type + "`";
  }
  if (schema.contains("enum")) {
    bool listed = false;
    for (const auto& allowed : schema["enum"]) listed = listed || allowed == value;
    if (!listed) return name + ": " + value.dump() + " is not in enum";
  }
  return "";
}

// Why `data` breaks the object `schema`, or ""; names are given after `prefix` (the path of a
// nested object, "audience.", or "" for the data itself).
inline std::string ObjectError(const std::string& prefix, const nlohmann::json& schema,
                               const nlohmann::json& data) {
  static const std::set<std::string> kKnown = {"type", "properties", "required",
                                               "additionalProperties"};
  const std::string where = prefix.empty() ? "the schema" : prefix.substr(0, prefix.size() - 1);
  for (const auto& [keyword, _] : schema.items()) {
    if (!kKnown.count(keyword)) return where + ": the checker does not know `" + keyword + "`";
  }
  if (schema.value("type", "") != "object") return where + ": not of type object";
  if (schema.value("additionalProperties", true) != false) {
    return where + ": the schema must say additionalProperties: false";
  }
  if (!schema.contains("properties") || !schema["properties"].is_object()) {
    return where + ": the schema has no properties";
  }
  if (!data.is_object()) return (prefix.empty() ? "data" : where) + ": not an object";
  const nlohmann::json& properties = schema["properties"];
  for (const auto& name : schema.value("required", nlohmann::json::array())) {
    if (!data.contains(name.get<std::string>())) {
      return prefix + name.get<std::string>() + ": missing";
    }
  }
  for (const auto& [name, value] : data.items()) {
    if (!properties.contains(name)) return prefix + name + ": not in the schema";
    if (std::string why = ValueError(prefix + name, properties[name], value); !why.empty()) {
      return why;
    }
  }
  return "";
}

}  // namespace schema_detail

// Why `data` breaks the object `schema`, or "" when it holds. The schema itself must keep to the
// subset (else the answer says which keyword is unknown); nested objects are checked alike.
inline std::string SchemaError(const nlohmann::json& schema, const nlohmann::json& data) {
  return schema_detail::ObjectError("", schema, data);
}

}  // namespace tongxin::testing
