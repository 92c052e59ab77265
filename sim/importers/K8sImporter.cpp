#include "scenario/InputFile.hpp"
#include "importers/Importer.hpp"
#include "importers/K8sImporter.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "importers/K8sManifest.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::importers {
namespace {

// Defaults for what manifests do not say (docs/importers.md lists them).
constexpr const char* kDefaultEndpoint = "GET /";
constexpr const char* kDefaultWork = "exponential(10ms)";
constexpr int kDefaultWorkers = 16;
constexpr const char* kDefaultRate = "100/s";

bool is_dns_label(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  const auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  return std::all_of(s.begin(), s.end(), ok) && s.front() != '-' && s.back() != '-';
}

std::string format_cpu(double cores) {
  const auto milli = std::llround(cores * 1000);
  return milli % 1000 == 0 ? std::to_string(milli / 1000) : fmt::format("{}m", milli);
}

std::string format_memory(double bytes) {
  const auto b = std::llround(bytes);
  for (const auto& [unit, size] : {std::pair{"Gi", 1LL << 30}, std::pair{"Mi", 1LL << 20}, std::pair{"Ki", 1LL << 10}})
    if (b % size == 0) return fmt::format("{}{}", b / size, unit);
  return std::to_string(b);
}

bool selects(const std::map<std::string, std::string>& selector, const std::map<std::string, std::string>& labels) {
  if (selector.empty()) return false;
  return std::all_of(selector.begin(), selector.end(), [&](const auto& kv) {
    const auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
}

// Lays `src` over `dst`: mappings are merged key by key, anything else is replaced.
void merge(YAML::Node dst, const YAML::Node& src) {
  for (const auto& kv : src) {
    const auto key = kv.first.Scalar();
    if (dst[key] && dst[key].IsMap() && kv.second.IsMap()) merge(dst[key], kv.second);
    else dst[key] = YAML::Clone(kv.second);
  }
}

// Short mappings and lists of plain values are written on one line, as people write scenarios.
void set_styles(YAML::Node node) {
  if (!node.IsMap() && !node.IsSequence()) return;
  bool leaf = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    YAML::Node child = node.IsMap() ? it->second : *it;
    set_styles(child);
    if (!child.IsScalar() && !(child.IsMap() && child.Style() == YAML::EmitterStyle::Flow && node.IsSequence())) leaf = false;
  }
  node.SetStyle(leaf && node.size() <= 6 ? YAML::EmitterStyle::Flow : YAML::EmitterStyle::Block);
}

YAML::Node rules_node(const K8sScalingRules& rules) {
  YAML::Node n(YAML::NodeType::Map);
  if (rules.stabilization_window_s) n["stabilizationWindowSeconds"] = *rules.stabilization_window_s;
  if (rules.select_policy) n["selectPolicy"] = *rules.select_policy;
  for (const auto& p : rules.policies) {
    YAML::Node policy(YAML::NodeType::Map);
    policy["type"] = p.type;
    policy["value"] = p.value;
    policy["periodSeconds"] = p.period_s;
    n["policies"].push_back(policy);
  }
  return n;
}

class Importer {
public:
  Importer(K8sManifestSet set, YAML::Node profile, std::string output_name)
      : set_(std::move(set)), profile_(std::move(profile)), output_name_(std::move(output_name)), notes_(set_.notes) {}

  K8sImportResult run();

private:
  void check_names();
  void match_services();
  YAML::Node autoscaler_for(const K8sWorkload& w, long long& replicas);
  YAML::Node service_node(const K8sWorkload& w);
  YAML::Node default_workload(const YAML::Node& services);
  std::string header() const;
  void note(std::string text) { notes_.push_back(std::move(text)); }
  YAML::Node profile_service(const std::string& name) const {
    return profile_["services"] && profile_["services"].IsMap() ? profile_["services"][name] : YAML::Node(YAML::NodeType::Undefined);
  }

  K8sManifestSet set_;
  YAML::Node profile_;
  std::string output_name_;
  std::vector<std::string> notes_, problems_, pdb_lines_;
  std::map<std::string, std::vector<std::string>> exposed_by_;  // workload -> the LoadBalancer/NodePort Services that select it
  std::set<std::string> balanced_;  // workloads behind some Service
};

void Importer::check_names() {
  std::map<std::string, std::string> seen;
  for (const auto& w : set_.workloads) {
    if (!is_dns_label(w.name))
      problems_.push_back(fmt::format("{}: metadata.name: '{}' cannot name an msim service: use a DNS label (lowercase letters, digits and '-', at most 63)",
                                      w.where, w.name));
    if (const auto [it, fresh] = seen.emplace(w.name, w.where); !fresh)
      problems_.push_back(fmt::format("{}: metadata.name: '{}' is defined twice (first at {})", w.where, w.name, it->second));
  }
}

void Importer::match_services() {
  for (const auto& s : set_.services) {
    std::vector<std::string> targets;
    for (const auto& w : set_.workloads)
      if (selects(s.selector, w.labels)) targets.push_back(w.name);
    if (targets.empty()) {
      note(fmt::format("{}: selects no Deployment or StatefulSet of these manifests, ignored", s.where));
      continue;
    }
    const bool external = s.type == "LoadBalancer" || s.type == "NodePort";
    for (const auto& t : targets) {
      balanced_.insert(t);
      if (external) exposed_by_[t].push_back(s.name);
    }
    note(fmt::format("Service '{}' ({}) selects {}: balancer random (kube-proxy picks a ready pod at random){}", s.name, s.type,
                     fmt::join(targets, ", "), external ? "; receives outside traffic" : ""));
  }
}

YAML::Node Importer::autoscaler_for(const K8sWorkload& w, long long& replicas) {
  const K8sHpa* hpa = nullptr;
  for (const auto& h : set_.hpas) {
    if (h.target_name != w.name || h.target_kind != w.kind) continue;
    if (hpa) {
      note(fmt::format("{}: a second HPA for {} '{}' (Kubernetes would fight over it), ignored", h.where, w.kind, w.name));
      continue;
    }
    hpa = &h;
  }
  if (!hpa) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node metrics(YAML::NodeType::Sequence);
  for (const auto& m : hpa->metrics) {
    YAML::Node metric(YAML::NodeType::Map);
    if (m.type == K8sHpaMetric::Type::CPU_UTILIZATION) {
      metric["resource"] = "cpu";
      metric["averageUtilization"] = std::llround(m.value);
    } else if (m.type == K8sHpaMetric::Type::CPU_AVERAGE_VALUE) {
      if (!w.cpu) {
        note(fmt::format("{}: a CPU averageValue target needs the pods' CPU request, and {} has none: metric skipped", m.where, w.name));
        continue;
      }
      const auto percent = std::max(1LL, std::llround(m.value / *w.cpu * 100));
      metric["resource"] = "cpu";
      metric["averageUtilization"] = percent;
      note(fmt::format("{}: CPU averageValue {} per pod = {} % of the {} request", m.where, format_cpu(m.value), percent, format_cpu(*w.cpu)));
    } else {
      metric["pods"] = m.pods_metric;
      metric["averageValue"] = m.value;
    }
    metrics.push_back(metric);
  }
  if (hpa->metrics_written > 0 && metrics.size() == 0) {
    note(fmt::format("{}: none of its metrics is modelled, so the HPA is not imported: {} keeps {} replicas", hpa->where, w.name, replicas));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  if (hpa->metrics_written == 0) note(fmt::format("{}: no metrics: Kubernetes' default, CPU at 80 % of the request", hpa->where));
  if (!w.cpu && std::any_of(hpa->metrics.begin(), hpa->metrics.end(), [](const auto& m) { return m.type == K8sHpaMetric::Type::CPU_UTILIZATION; }))
    note(fmt::format("{}: scales on CPU utilization, but {} has no CPU request: msim uses its default request (1 CPU) as the denominator",
                     hpa->where, w.name));
  const auto clamped = std::clamp(replicas, hpa->min_replicas, hpa->max_replicas);
  if (clamped != replicas) {
    note(fmt::format("{}: replicas {} lie outside [{}, {}]: starting from {}, as the HPA would at once", hpa->where, replicas, hpa->min_replicas,
                     hpa->max_replicas, clamped));
    replicas = clamped;
  }
  YAML::Node a(YAML::NodeType::Map);
  a["kind"] = "hpa";
  a["minReplicas"] = hpa->min_replicas;
  a["maxReplicas"] = hpa->max_replicas;
  if (metrics.size() > 0) a["metrics"] = metrics;
  if (hpa->scale_up || hpa->scale_down) {
    YAML::Node behavior(YAML::NodeType::Map);
    if (hpa->scale_up) behavior["scaleUp"] = rules_node(*hpa->scale_up);
    if (hpa->scale_down) behavior["scaleDown"] = rules_node(*hpa->scale_down);
    a["behavior"] = behavior;
  }
  note(fmt::format("HorizontalPodAutoscaler '{}' ({}) scales {}: {} to {} replicas, {} metric(s){}", hpa->name, hpa->api_version, w.name,
                   hpa->min_replicas, hpa->max_replicas, metrics.size(), hpa->scale_up || hpa->scale_down ? ", with behavior" : ""));
  return a;
}

YAML::Node Importer::service_node(const K8sWorkload& w) {
  const auto from_profile = profile_service(w.name);
  YAML::Node s(YAML::NodeType::Map);
  long long replicas = w.replicas;
  if (!w.replicas_given) note(fmt::format("{}: spec.replicas not set: Kubernetes' default, 1", w.where));
  const auto autoscaler = autoscaler_for(w, replicas);
  s["replicas"] = replicas;
  if (!(from_profile && from_profile["workers"])) {
    s["workers"] = kDefaultWorkers;
    note(fmt::format("{}: workers {} (default; give services.{}.workers in the profile)", w.name, kDefaultWorkers, w.name));
  }
  if (w.cpu || w.memory) {
    YAML::Node r(YAML::NodeType::Map);
    if (w.cpu) r["cpu"] = w.cpu_text.empty() ? format_cpu(*w.cpu) : w.cpu_text;
    if (w.memory) r["memory"] = w.memory_text.empty() ? format_memory(*w.memory) : w.memory_text;
    s["resources"] = r;
  } else {
    note(fmt::format("{}: no resources.requests: msim's default request, 1 CPU and 256Mi", w.name));
  }
  if (balanced_.count(w.name)) s["balancer"] = "random";
  if (w.readiness) {
    YAML::Node probe(YAML::NodeType::Map);
    if (w.readiness->period_s) probe["periodSeconds"] = *w.readiness->period_s;
    if (w.readiness->failure_threshold) probe["failureThreshold"] = *w.readiness->failure_threshold;
    if (w.readiness->success_threshold) probe["successThreshold"] = *w.readiness->success_threshold;
    if (w.readiness->initial_delay_s) probe["initialDelaySeconds"] = *w.readiness->initial_delay_s;
    YAML::Node discovery(YAML::NodeType::Map);
    discovery["kind"] = "kubernetes";
    if (probe.size() > 0) discovery["readinessProbe"] = probe;
    s["discovery"] = discovery;
  }
  if (w.termination_grace_s) s["terminationGracePeriod"] = fmt::format("{}s", *w.termination_grace_s);
  if (autoscaler) s["autoscaler"] = autoscaler;
  if (w.kind == "StatefulSet") note(fmt::format("StatefulSet '{}': modelled as a service (stable identities and volumes are not modelled)", w.name));
  if (from_profile) {
    for (const auto& key : {"replicas", "resources", "autoscaler", "discovery", "balancer", "terminationGracePeriod"})
      if (from_profile[key] && s[key]) note(fmt::format("the profile replaces services.{}.{} of the manifests", w.name, key));
    merge(s, from_profile);
  }
  if (!s["endpoints"]) {
    s["endpoints"][kDefaultEndpoint]["work"] = kDefaultWork;
    note(fmt::format("{}: one endpoint '{}' with work {} and no calls (default; give services.{}.endpoints in the profile)", w.name, kDefaultEndpoint,
                     kDefaultWork, w.name));
  }
  return s;
}

YAML::Node Importer::default_workload(const YAML::Node& services) {
  std::vector<std::pair<std::string, std::string>> entries;  // workload name, service
  for (const auto& w : set_.workloads)
    for (const auto& svc : exposed_by_[w.name]) entries.emplace_back("clients-" + svc, w.name);
  if (entries.empty() && !set_.workloads.empty()) {
    entries.emplace_back("clients", set_.workloads.front().name);
    note(fmt::format("no LoadBalancer or NodePort Service: outside traffic goes to {}, the first Deployment", set_.workloads.front().name));
  }
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& [name, service] : entries) {
    const auto endpoint = services[service]["endpoints"].begin()->first.Scalar();
    YAML::Node w(YAML::NodeType::Map);
    w["name"] = name;
    w["rate"] = kDefaultRate;
    w["call"] = service + "." + endpoint;
    list.push_back(w);
    note(fmt::format("workload {}: {} Poisson arrivals to {}.{} (default; give workload in the profile)", name, kDefaultRate, service, endpoint));
  }
  return list;
}

std::string Importer::header() const {
  std::string h = fmt::format("# Imported by `msim import k8s` from {}", fmt::join(set_.files, ", "));
  if (!profile_.IsNull() && profile_.size() > 0) h += " with a profile";
  h += ".\n# Notes of the import (also printed by the command):\n";
  for (const auto& n : notes_) h += "#   - " + n + "\n";
  if (!pdb_lines_.empty()) {
    h += "# PodDisruptionBudgets (each becomes the disruptionBudget of the services it selects):\n";
    for (const auto& p : pdb_lines_) h += "#   - " + p + "\n";
  }
  return h;
}

K8sImportResult Importer::run() {
  K8sImportResult result;
  check_names();
  const bool profile_services = profile_["services"] && profile_["services"].IsMap() && profile_["services"].size() > 0;
  if (set_.workloads.empty() && !profile_services)
    problems_.push_back(fmt::format("{}: no Deployment or StatefulSet found: nothing to simulate", fmt::join(set_.files, ", ")));
  if (!problems_.empty()) {
    result.problems = problems_;
    return result;
  }
  match_services();
  for (const auto& h : set_.hpas) {
    const bool found = std::any_of(set_.workloads.begin(), set_.workloads.end(), [&](const auto& w) { return w.name == h.target_name && w.kind == h.target_kind; });
    if (!found) note(fmt::format("{}: its target {} '{}' is not in these manifests, ignored", h.where, h.target_kind, h.target_name));
  }
  for (const auto& p : set_.pdbs) {
    std::vector<std::string> targets;
    for (const auto& w : set_.workloads)
      if (selects(p.selector, w.labels)) targets.push_back(w.name);
    const auto line = fmt::format("PodDisruptionBudget '{}' ({}{}) selects {}", p.name, p.min_available.empty() ? "" : "minAvailable " + p.min_available,
                                  p.max_unavailable.empty() ? "" : "maxUnavailable " + p.max_unavailable,
                                  targets.empty() ? "nothing" : fmt::format("{}", fmt::join(targets, ", ")));
    pdb_lines_.push_back(line);
    note(line + (targets.empty() ? ": ignored" : ": becomes their disruptionBudget (rollouts and node drains respect it)"));
  }

  YAML::Node root(YAML::NodeType::Map);
  const auto stem = std::filesystem::path(output_name_.empty() ? set_.files.front() : output_name_).stem().string();
  root["name"] = profile_["name"] ? YAML::Clone(profile_["name"]) : YAML::Node(stem);
  if (!profile_["name"]) note(fmt::format("name '{}' (from the file name; give name in the profile)", stem));
  root["description"] = profile_["description"] ? YAML::Clone(profile_["description"])
                                                 : YAML::Node(fmt::format("Imported from {}", fmt::join(set_.files, ", ")));
  for (const auto& kv : profile_)
    if (const auto key = kv.first.Scalar(); key != "name" && key != "description" && key != "services" && key != "workload")
      root[key] = YAML::Clone(kv.second);
  YAML::Node services(YAML::NodeType::Map);
  for (const auto& w : set_.workloads) services[w.name] = service_node(w);
  // A PodDisruptionBudget becomes the disruptionBudget of every workload it selects.
  for (const auto& p : set_.pdbs)
    for (const auto& w : set_.workloads)
      if (selects(p.selector, w.labels)) {
        YAML::Node budget(YAML::NodeType::Map);
        if (!p.min_available.empty()) budget["minAvailable"] = p.min_available;
        if (!p.max_unavailable.empty()) budget["maxUnavailable"] = p.max_unavailable;
        if (budget.size() > 0) services[w.name]["disruptionBudget"] = budget;
      }
  if (profile_services)
    for (const auto& kv : profile_["services"])
      if (!services[kv.first.Scalar()]) {
        services[kv.first.Scalar()] = YAML::Clone(kv.second);
        note(fmt::format("service '{}' comes from the profile only", kv.first.Scalar()));
      }
  root["services"] = services;
  root["workload"] = profile_["workload"] ? YAML::Clone(profile_["workload"]) : default_workload(services);

  set_styles(root);
  root["services"].SetStyle(YAML::EmitterStyle::Block);
  root["workload"].SetStyle(YAML::EmitterStyle::Block);
  YAML::Emitter out;
  out.SetIndent(2);
  out << root;
  result.notes = notes_;
  const std::string yaml = header() + out.c_str() + "\n";
  // The result must be a valid scenario: check it as `msim validate` would.
  const auto base = std::filesystem::path(output_name_).parent_path();
  const auto loaded = scenario::load_scenario_text(yaml, output_name_.empty() ? "<imported scenario>" : output_name_, base.empty() ? "." : base);
  for (const auto& d : loaded.diagnostics) result.problems.push_back("the imported scenario: " + d.format());
  if (result.problems.empty()) result.yaml = yaml;
  return result;
}

std::optional<std::string> read_file(const std::string& path, std::vector<std::string>& problems) {
  auto text = scenario::read_input_file(path);
  if (!text) {
    problems.push_back(fmt::format("{}: cannot read the file: {}", path, text.error));
    return std::nullopt;
  }
  return std::move(*text.value);
}

}  // namespace

K8sImportResult import_k8s(const std::vector<NamedText>& manifests, const NamedText& profile, const std::string& output_name) {
  K8sImportResult result;
  K8sManifestSet set;
  for (const auto& m : manifests) read_k8s_manifests(m.text, m.name, set);
  YAML::Node profile_node(YAML::NodeType::Map);
  if (!profile.text.empty()) {
    try {
      profile_node = YAML::Load(profile.text);
      if (profile_node.IsNull()) profile_node = YAML::Node(YAML::NodeType::Map);
      else if (!profile_node.IsMap())
        set.problems.push_back(fmt::format("{}:{}:{}: a profile is a mapping of scenario keys (services, workload, ...)", profile.name,
                                           profile_node.Mark().line + 1, profile_node.Mark().column + 1));
      else if (profile_node["services"] && !profile_node["services"].IsMap())
        set.problems.push_back(fmt::format("{}:{}:{}: services: expected a mapping of service names to settings", profile.name,
                                           profile_node["services"].Mark().line + 1, profile_node["services"].Mark().column + 1));
      else if (profile_node["services"])
        for (const auto& kv : profile_node["services"])
          if (!kv.second.IsMap())
            set.problems.push_back(fmt::format("{}:{}:{}: services.{}: expected a mapping of the service's settings", profile.name,
                                               kv.second.Mark().line + 1, kv.second.Mark().column + 1, kv.first.Scalar()));
    } catch (const YAML::Exception& e) {
      set.problems.push_back(fmt::format("{}:{}:{}: malformed YAML: {}", profile.name, e.mark.line + 1, e.mark.column + 1, e.msg));
    }
  }
  if (manifests.empty()) set.problems.push_back("no manifest file given");
  if (!set.problems.empty()) {
    result.problems = set.problems;
    result.notes = set.notes;
    return result;
  }
  Importer importer(std::move(set), profile_node, output_name);
  try {
    return importer.run();
  } catch (const YAML::Exception& e) {  // a shape the checks above missed: still a message, never a crash
    result.problems.push_back(fmt::format("{}: cannot combine the manifests and the profile: {}", profile.name.empty() ? output_name : profile.name, e.what()));
    return result;
  }
}

K8sImportResult import_k8s_files(const std::vector<std::string>& manifest_paths, const std::string& profile_path, const std::string& output_name) {
  std::vector<std::string> problems;
  std::vector<NamedText> manifests;
  for (const auto& path : manifest_paths)
    if (auto text = read_file(path, problems)) manifests.push_back({path, std::move(*text)});
  NamedText profile{profile_path, {}};
  if (!profile_path.empty()) {
    if (auto text = read_file(profile_path, problems)) profile.text = text->empty() ? std::string("{}") : std::move(*text);
  }
  if (!problems.empty()) {
    K8sImportResult result;
    result.problems = std::move(problems);
    return result;
  }
  return import_k8s(manifests, profile, output_name);
}

namespace {
ImportOutcome run_k8s(const ImportRequest& request) {
  const std::string& profile = request.options.at("profile");
  auto r = import_k8s_files(request.inputs, profile, request.output);
  return {std::move(r.yaml), std::move(r.notes), std::move(r.problems), profile.empty() ? "no profile: the defaults noted above were used" : ""};
}
}  // namespace

ImporterEntry k8s_importer() {
  return {"k8s", "From Kubernetes manifests (Deployments, Services, HPAs, PDBs) and an optional profile", "MANIFESTS",
          "Kubernetes YAML files (multi-document)", true,
          {{"profile", "FILE", "Scenario fragment adding what manifests do not say: service times, calls, workload", ""}}, run_k8s};
}

}  // namespace msim::importers
