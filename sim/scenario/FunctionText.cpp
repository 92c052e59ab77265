#include "scenario/FunctionText.hpp"

#include <cctype>

#include <fmt/format.h>

namespace msim::scenario {

Parsed<FunctionText> parse_function_text(std::string_view text) {
  const std::string_view t = trim(text);
  const auto open = t.find('(');
  if (open != std::string_view::npos && t.find(')') == std::string_view::npos)
    return Parsed<FunctionText>::fail(fmt::format(
        "'{}' lacks its ')'; if it sits inside {{ ... }}, YAML ends the value at the first comma: quote the whole value, e.g. \"gamma(shape=2, mean=8ms)\"", t));
  if (open == std::string_view::npos || t.back() != ')')
    return Parsed<FunctionText>::fail(fmt::format("'{}' is not of the form name(arguments)", t));
  FunctionText f;
  f.name = std::string(trim(t.substr(0, open)));
  for (const char c : f.name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return Parsed<FunctionText>::fail(fmt::format("'{}': bad name '{}'", t, f.name));
  std::string_view args = t.substr(open + 1, t.size() - open - 2);
  if (trim(args).empty()) return Parsed<FunctionText>::ok(std::move(f));
  while (true) {
    const auto comma = args.find(',');
    const std::string_view arg = trim(args.substr(0, comma));
    if (arg.empty()) return Parsed<FunctionText>::fail(fmt::format("'{}': empty argument", t));
    const auto eq = arg.find('=');
    if (eq == std::string_view::npos) {
      if (!f.named.empty())
        return Parsed<FunctionText>::fail(fmt::format("'{}': positional argument after a named one", t));
      f.positional.emplace_back(arg);
    } else {
      const std::string key(trim(arg.substr(0, eq)));
      if (f.named.contains(key)) return Parsed<FunctionText>::fail(fmt::format("'{}': '{}' given twice", t, key));
      f.named.emplace(key, std::string(trim(arg.substr(eq + 1))));
    }
    if (comma == std::string_view::npos) break;
    args.remove_prefix(comma + 1);
  }
  return Parsed<FunctionText>::ok(std::move(f));
}

}  // namespace msim::scenario
