#pragma once
/** @file
 *  @brief What the engine's registries hold, for front ends (`msim list`, the GUI): each
 *         extension point's entries with their help and parameters. No engine type leaks out.
 */
#include <string>
#include <vector>

namespace msim::api {

struct ExtensionParameter {
  std::string key;  // as written in a scenario, e.g. "choiceCount"
  std::string type;  // "whole number 1..100", "duration > 0"
  std::string fallback;  // the value when absent, e.g. "2", "10s"
  std::string help;
};

struct Extension {
  std::string name;  // as written in a scenario, e.g. "least_request"
  std::string help;
  std::vector<ExtensionParameter> parameters;
};

/** The extension points that can be listed ("balancers", "autoscalers", "discovery", "failures", "distributions", "importers"). */
std::vector<std::string> extension_points();
/** The entries of one point, in registration order; empty for an unknown point. */
std::vector<Extension> extensions(const std::string& point);

}  // namespace msim::api
