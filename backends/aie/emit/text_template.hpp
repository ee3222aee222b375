#pragma once
// Generated files written as raw-string templates with @KEY@ fields, so that their own braces and
// make's $(...) need no escaping.
#include <string>

namespace aiem::aie {

inline std::string replace_all(std::string s, const std::string& key, const std::string& value) {
  for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) s.replace(at, key.size(), value);
  return s;
}

}  // namespace aiem::aie
