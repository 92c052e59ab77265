#pragma once
/** @file
 *  @brief Typed, diagnosed access to a YAML tree: every bad value becomes a located message.
 */
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/Params.hpp"
#include "scenario/Diagnostics.hpp"
#include "scenario/DistributionText.hpp"

namespace msim::scenario {

/**
 * @brief Reads values out of YAML nodes, reporting problems as "path: message" at the node.
 * `path` arguments are the dotted key path shown to the user (e.g. "services.cart.workers").
 */
class YamlReader {
public:
  YamlReader(std::string file, std::filesystem::path base_dir, Diagnostics& diagnostics)
      : file_(std::move(file)), base_dir_(std::move(base_dir)), diagnostics_(diagnostics) {}

  SourceLocation where(const YAML::Node& node) const;
  void error(const YAML::Node& node, const std::string& path, const std::string& message);

  bool is_map(const YAML::Node& node, const std::string& path);
  /** Reports keys not in `allowed`, with the closest valid key as a suggestion. */
  void check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& allowed);

  std::optional<std::string> text(const YAML::Node& node, const std::string& path);
  std::optional<long long> integer(const YAML::Node& node, const std::string& path, long long min, long long max);
  std::optional<double> number(const YAML::Node& node, const std::string& path);
  std::optional<double> duration(const YAML::Node& node, const std::string& path);
  std::optional<double> rate(const YAML::Node& node, const std::string& path);
  std::optional<double> fraction(const YAML::Node& node, const std::string& path);
  std::optional<double> cpu(const YAML::Node& node, const std::string& path);
  std::optional<double> memory(const YAML::Node& node, const std::string& path);
  std::optional<core::Distribution> distribution(const YAML::Node& node, const std::string& path, ValueKind kind);
  /** An extension's own parameter, checked as its ParamSpec says, into `params` (under its key). */
  void param(const YAML::Node& node, const std::string& path, const core::ParamSpec& spec, core::Params& params);
  /** Every parameter `specs` declares that the mapping `map` gives (a key "a.b" is b inside the
   *  mapping a); keys neither declared nor in `also` are reported, at every level. */
  void params(const YAML::Node& map, const std::string& path, const std::vector<core::ParamSpec>& specs, core::Params& params,
              const std::vector<std::string>& also = {});
  /** One of `choices`, with a suggestion when it is not. */
  std::optional<std::string> choice(const YAML::Node& node, const std::string& path, const std::vector<std::string>& choices);

  const std::filesystem::path& base_dir() const { return base_dir_; }
  /** How many problems have been reported so far (to keep follow-on errors out). */
  std::size_t error_count() const { return diagnostics_.size(); }

private:
  template <class T>
  std::optional<double> parsed(const YAML::Node& node, const std::string& path, T parse);

  std::string file_;
  std::filesystem::path base_dir_;
  Diagnostics& diagnostics_;
};

/** Joins a dotted path: join("services", "cart") == "services.cart". */
std::string join_path(const std::string& parent, const std::string& key);

}  // namespace msim::scenario
