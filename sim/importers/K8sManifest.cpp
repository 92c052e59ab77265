#include "importers/K8sManifest.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "scenario/Diagnostics.hpp"
#include "scenario/Units.hpp"

namespace msim::importers {
namespace {

const std::vector<std::string> kKinds = {"Deployment", "StatefulSet", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "List"};

// The apiVersions each kind is read from. autoscaling/v2beta2 has the schema of v2.
const std::map<std::string, std::vector<std::string>> kApiVersions = {
    {"Deployment", {"apps/v1"}},
    {"StatefulSet", {"apps/v1"}},
    {"Service", {"v1"}},
    {"HorizontalPodAutoscaler", {"autoscaling/v2", "autoscaling/v2beta2", "autoscaling/v1"}},
    {"PodDisruptionBudget", {"policy/v1", "policy/v1beta1"}},
    {"List", {"v1"}},
};

const std::vector<std::string> kPodsMetrics = {"rps", "in_flight", "queue_length"};

// One document being read: every message names the file, the place, the document and the object.
class DocumentReader {
public:
  DocumentReader(std::string file, std::size_t index, K8sManifestSet& set) : file_(std::move(file)), index_(index), set_(set) {}

  void set_object(const std::string& kind, const std::string& name) {
    object_ = name.empty() ? fmt::format(" ({})", kind) : fmt::format(" ({} '{}')", kind, name);
  }

  std::string where(const YAML::Node& node) const {
    const auto mark = node.Mark();
    if (mark.line < 0) return fmt::format("{}: document {}{}", file_, index_, object_);
    return fmt::format("{}:{}:{}: document {}{}", file_, mark.line + 1, mark.column + 1, index_, object_);
  }
  std::size_t problems() const { return set_.problems.size(); }
  void problem(const YAML::Node& node, const std::string& field, const std::string& message) {
    auto text = fmt::format("{}: {}{}", where(node), field.empty() ? "" : field + ": ", message);
    // A section of the wrong form is met by every lookup below it: report it once.
    if (std::find(set_.problems.begin(), set_.problems.end(), text) == set_.problems.end()) set_.problems.push_back(std::move(text));
  }
  void note(const std::string& message) { set_.notes.push_back(fmt::format("{}: document {}{}: {}", file_, index_, object_, message)); }

  // The child `key` of `map`, or an undefined node (a problem when it is required).
  YAML::Node child(const YAML::Node& map, const std::string& key, const std::string& field, bool required) {
    if (!map.IsMap()) {
      // An absent parent was reported where it was looked up: nothing more to say about its children.
      if (map.IsDefined() && !map.IsNull()) problem(map, field.substr(0, field.rfind('.')), "expected a mapping");
      else if (required && map.IsDefined()) problem(map, field, "missing");
      return YAML::Node(YAML::NodeType::Undefined);
    }
    const YAML::Node c = map[key];
    if (c.IsDefined() && !c.IsNull()) return c;
    if (required) problem(map, field, "missing");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  std::optional<std::string> text(const YAML::Node& node, const std::string& field) {
    if (node.IsScalar()) return node.Scalar();
    if (!node.IsDefined()) return std::nullopt;  // missing: reported where it was looked up
    problem(node, field, "expected a single value");
    return std::nullopt;
  }
  std::optional<long long> integer(const YAML::Node& node, const std::string& field, long long min, long long max) {
    const auto s = text(node, field);
    if (!s) return std::nullopt;
    const auto v = scenario::parse_number(*s);
    if (!v || std::floor(*v) != *v || *v < static_cast<double>(min) || *v > static_cast<double>(max)) {
      problem(node, field, fmt::format("'{}' is not a whole number from {} to {}", *s, min, max));
      return std::nullopt;
    }
    return static_cast<long long>(*v);
  }
  // One of `choices` (case-sensitive, as Kubernetes' enums), with a suggestion when it is not.
  std::optional<std::string> choice(const YAML::Node& node, const std::string& field, const std::vector<std::string>& choices) {
    const auto s = text(node, field);
    if (!s) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *s) != choices.end()) return s;
    problem(node, field, fmt::format("'{}' is not one of {}{}", *s, fmt::join(choices, ", "), [&] {
              const auto close = scenario::closest_match(*s, choices);
              return close.empty() ? std::string() : fmt::format("; did you mean '{}'?", close);
            }()));
    return std::nullopt;
  }
  std::optional<std::map<std::string, std::string>> labels(const YAML::Node& node, const std::string& field) {
    std::map<std::string, std::string> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsMap()) {
      problem(node, field, "expected a mapping of labels to values");
      return std::nullopt;
    }
    for (const auto& kv : node) {
      const auto value = text(kv.second, field + "." + kv.first.Scalar());
      if (!value) return std::nullopt;
      out[kv.first.Scalar()] = *value;
    }
    return out;
  }

private:
  std::string file_;
  std::size_t index_;
  std::string object_;
  K8sManifestSet& set_;
};

std::optional<ProbeTiming> read_probe(DocumentReader& r, const YAML::Node& probe, const std::string& field) {
  if (!probe.IsMap()) {
    r.problem(probe, field, "expected a mapping");
    return std::nullopt;
  }
  ProbeTiming t;
  const auto get = [&](const char* key, long long min, std::optional<long long>& out) {
    if (const auto n = r.child(probe, key, field + "." + key, false); n.IsDefined()) out = r.integer(n, field + "." + key, min, 86400);
  };
  get("periodSeconds", 1, t.period_s);
  get("failureThreshold", 1, t.failure_threshold);
  get("successThreshold", 1, t.success_threshold);
  get("initialDelaySeconds", 0, t.initial_delay_s);
  return t;
}

void read_workload(DocumentReader& r, const YAML::Node& doc, const std::string& kind, const std::string& name, K8sManifestSet& set) {
  K8sWorkload w;
  w.kind = kind;
  w.name = name;
  w.where = r.where(doc);
  const auto spec = r.child(doc, "spec", "spec", true);
  if (!spec.IsDefined()) return;
  if (const auto n = r.child(spec, "replicas", "spec.replicas", false); n.IsDefined()) {
    if (const auto v = r.integer(n, "spec.replicas", 0, 1000000)) {
      w.replicas = *v;
      w.replicas_given = true;
    }
  }
  const auto tmpl = r.child(spec, "template", "spec.template", true);
  if (const auto labels = r.labels(r.child(r.child(tmpl, "metadata", "spec.template.metadata", false), "labels",
                                           "spec.template.metadata.labels", false),
                                   "spec.template.metadata.labels"))
    w.labels = *labels;
  const auto pod = r.child(tmpl, "spec", "spec.template.spec", tmpl.IsDefined());
  if (const auto n = r.child(pod, "terminationGracePeriodSeconds", "spec.template.spec.terminationGracePeriodSeconds", false); n.IsDefined())
    w.termination_grace_s = r.integer(n, "spec.template.spec.terminationGracePeriodSeconds", 0, 86400 * 365);
  const auto containers = r.child(pod, "containers", "spec.template.spec.containers", pod.IsDefined());
  if (containers.IsDefined() && (!containers.IsSequence() || containers.size() == 0)) {
    r.problem(containers, "spec.template.spec.containers", "expected a non-empty list of containers");
    return;
  }
  std::size_t with_cpu = 0, with_memory = 0;
  for (std::size_t i = 0; containers.IsDefined() && i < containers.size(); ++i) {
    const auto c = containers[i];
    const std::string field = fmt::format("spec.template.spec.containers[{}]", i);
    if (!c.IsMap()) {
      r.problem(c, field, "expected a mapping");
      continue;
    }
    ++w.containers;
    const auto requests = r.child(r.child(c, "resources", field + ".resources", false), "requests", field + ".resources.requests", false);
    if (const auto cpu = r.child(requests, "cpu", field + ".resources.requests.cpu", false); cpu.IsDefined()) {
      const auto text = r.text(cpu, field + ".resources.requests.cpu");
      const auto parsed = text ? scenario::parse_cpu(*text) : scenario::Parsed<double>::fail("");
      if (text && !parsed) r.problem(cpu, field + ".resources.requests.cpu", parsed.error);
      if (parsed) {
        w.cpu = w.cpu.value_or(0) + *parsed.value;
        w.cpu_text = *text;
        ++with_cpu;
      }
    }
    if (const auto memory = r.child(requests, "memory", field + ".resources.requests.memory", false); memory.IsDefined()) {
      const auto text = r.text(memory, field + ".resources.requests.memory");
      const auto parsed = text ? scenario::parse_memory(*text) : scenario::Parsed<double>::fail("");
      if (text && !parsed) r.problem(memory, field + ".resources.requests.memory", parsed.error);
      if (parsed) {
        w.memory = w.memory.value_or(0) + *parsed.value;
        w.memory_text = *text;
        ++with_memory;
      }
    }
    if (const auto probe = r.child(c, "readinessProbe", field + ".readinessProbe", false); probe.IsDefined() && !w.readiness)
      w.readiness = read_probe(r, probe, field + ".readinessProbe");
  }
  if (with_cpu > 1) w.cpu_text.clear();  // a sum: formatted from the number
  if (with_memory > 1) w.memory_text.clear();
  set.workloads.push_back(std::move(w));
}

void read_service(DocumentReader& r, const YAML::Node& doc, const std::string& name, K8sManifestSet& set) {
  K8sService s;
  s.name = name;
  s.where = r.where(doc);
  const auto spec = r.child(doc, "spec", "spec", true);
  s.type = "ClusterIP";
  if (const auto type = r.child(spec, "type", "spec.type", false); type.IsDefined())
    if (const auto t = r.text(type, "spec.type")) s.type = *t;
  if (const auto selector = r.labels(r.child(spec, "selector", "spec.selector", false), "spec.selector")) s.selector = *selector;
  set.services.push_back(std::move(s));
}

std::optional<K8sScalingRules> read_rules(DocumentReader& r, const YAML::Node& node, const std::string& field) {
  if (!node.IsMap()) {
    r.problem(node, field, "expected a mapping");
    return std::nullopt;
  }
  K8sScalingRules rules;
  for (const auto& kv : node) {
    const auto key = kv.first.Scalar();
    const auto path = field + "." + key;
    if (key == "stabilizationWindowSeconds") {
      rules.stabilization_window_s = r.integer(kv.second, path, 0, 3600);
    } else if (key == "selectPolicy") {
      rules.select_policy = r.choice(kv.second, path, {"Max", "Min", "Disabled"});
    } else if (key == "policies") {
      if (!kv.second.IsSequence()) {
        r.problem(kv.second, path, "expected a list of policies");
        continue;
      }
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        const auto p = kv.second[i];
        const auto pf = fmt::format("{}[{}]", path, i);
        K8sScalingPolicy policy;
        if (const auto t = r.child(p, "type", pf + ".type", true); t.IsDefined()) policy.type = r.choice(t, pf + ".type", {"Pods", "Percent"}).value_or("");
        if (const auto v = r.child(p, "value", pf + ".value", true); v.IsDefined()) policy.value = r.integer(v, pf + ".value", 1, 100000).value_or(0);
        if (const auto s = r.child(p, "periodSeconds", pf + ".periodSeconds", true); s.IsDefined())
          policy.period_s = r.integer(s, pf + ".periodSeconds", 1, 1800).value_or(0);
        rules.policies.push_back(policy);
      }
    } else {
      r.note(fmt::format("{}: not modelled, ignored", path));
    }
  }
  return rules;
}

void read_hpa_metric(DocumentReader& r, const YAML::Node& m, const std::string& field, K8sHpa& hpa) {
  if (!m.IsMap()) {
    r.problem(m, field, "expected a mapping with type and the metric");
    return;
  }
  const auto type = r.text(r.child(m, "type", field + ".type", true), field + ".type");
  if (!type) return;
  K8sHpaMetric metric;
  metric.where = r.where(m);
  if (*type == "Resource" || *type == "ContainerResource") {
    const std::string section = *type == "Resource" ? "resource" : "containerResource";
    const auto res = r.child(m, section, field + "." + section, true);
    const auto name = r.text(r.child(res, "name", field + "." + section + ".name", true), field + "." + section + ".name");
    const auto target = r.child(res, "target", field + "." + section + ".target", true);
    const auto target_type = r.text(r.child(target, "type", field + "." + section + ".target.type", true), field + "." + section + ".target.type");
    if (!name || !target_type) return;
    if (*name != "cpu") {
      r.note(fmt::format("{}: a {} metric on '{}' is not modelled (msim models CPU use only), skipped", field, *type, *name));
      return;
    }
    if (*target_type == "Utilization") {
      const auto value = r.integer(r.child(target, "averageUtilization", field + "." + section + ".target.averageUtilization", true),
                                   field + "." + section + ".target.averageUtilization", 1, 10000);
      if (!value) return;
      metric.type = K8sHpaMetric::Type::CPU_UTILIZATION;
      metric.value = static_cast<double>(*value);
    } else if (*target_type == "AverageValue") {
      const auto node = r.child(target, "averageValue", field + "." + section + ".target.averageValue", true);
      const auto text = r.text(node, field + "." + section + ".target.averageValue");
      const auto cores = text ? scenario::parse_cpu(*text) : scenario::Parsed<double>::fail("");
      if (!cores) {
        if (text) r.problem(node, field + "." + section + ".target.averageValue", cores.error);
        return;
      }
      metric.type = K8sHpaMetric::Type::CPU_AVERAGE_VALUE;
      metric.value = *cores.value;
    } else {
      r.note(fmt::format("{}: target type '{}' on cpu is not modelled, skipped", field, *target_type));
      return;
    }
  } else if (*type == "Pods") {
    const auto pods = r.child(m, "pods", field + ".pods", true);
    const auto name = r.text(r.child(r.child(pods, "metric", field + ".pods.metric", true), "name", field + ".pods.metric.name", true),
                             field + ".pods.metric.name");
    if (!name) return;
    if (std::find(kPodsMetrics.begin(), kPodsMetrics.end(), *name) == kPodsMetrics.end()) {
      r.note(fmt::format("{}: pods metric '{}' is unknown to msim (it has rps, in_flight, queue_length), skipped", field, *name));
      return;
    }
    const auto node = r.child(r.child(pods, "target", field + ".pods.target", true), "averageValue", field + ".pods.target.averageValue", true);
    const auto text = r.text(node, field + ".pods.target.averageValue");
    const auto value = text ? scenario::parse_cpu(*text) : scenario::Parsed<double>::fail("");  // a quantity: "100", "500m"
    if (!value) {
      if (text) r.problem(node, field + ".pods.target.averageValue", fmt::format("'{}' is not a quantity", *text));
      return;
    }
    metric.type = K8sHpaMetric::Type::PODS;
    metric.pods_metric = *name;
    metric.value = *value.value;
  } else {
    r.note(fmt::format("{}: a metric of type '{}' is not modelled, skipped", field, *type));
    return;
  }
  hpa.metrics.push_back(metric);
}

void read_hpa(DocumentReader& r, const YAML::Node& doc, const std::string& name, const std::string& api_version, K8sManifestSet& set) {
  K8sHpa hpa;
  hpa.name = name;
  hpa.where = r.where(doc);
  hpa.api_version = api_version;
  const auto before = r.problems();
  const auto spec = r.child(doc, "spec", "spec", true);
  const auto ref = r.child(spec, "scaleTargetRef", "spec.scaleTargetRef", spec.IsDefined());
  if (const auto kind = r.child(ref, "kind", "spec.scaleTargetRef.kind", ref.IsDefined()); kind.IsDefined())
    hpa.target_kind = r.text(kind, "spec.scaleTargetRef.kind").value_or("");
  if (const auto target = r.child(ref, "name", "spec.scaleTargetRef.name", ref.IsDefined()); target.IsDefined())
    hpa.target_name = r.text(target, "spec.scaleTargetRef.name").value_or("");
  if (const auto n = r.child(spec, "minReplicas", "spec.minReplicas", false); n.IsDefined())
    hpa.min_replicas = r.integer(n, "spec.minReplicas", 0, 100000).value_or(1);
  if (const auto n = r.child(spec, "maxReplicas", "spec.maxReplicas", spec.IsDefined()); n.IsDefined())
    hpa.max_replicas = r.integer(n, "spec.maxReplicas", 1, 100000).value_or(1);
  if (api_version == "autoscaling/v1") {
    if (const auto n = r.child(spec, "targetCPUUtilizationPercentage", "spec.targetCPUUtilizationPercentage", false); n.IsDefined()) {
      hpa.metrics_written = 1;
      if (const auto v = r.integer(n, "spec.targetCPUUtilizationPercentage", 1, 10000))
        hpa.metrics.push_back({K8sHpaMetric::Type::CPU_UTILIZATION, static_cast<double>(*v), "", r.where(n)});
    }
  } else {
    if (const auto metrics = r.child(spec, "metrics", "spec.metrics", false); metrics.IsDefined()) {
      if (!metrics.IsSequence()) r.problem(metrics, "spec.metrics", "expected a list of metrics");
      for (std::size_t i = 0; metrics.IsSequence() && i < metrics.size(); ++i) {
        ++hpa.metrics_written;
        read_hpa_metric(r, metrics[i], fmt::format("spec.metrics[{}]", i), hpa);
      }
    }
    if (const auto behavior = r.child(spec, "behavior", "spec.behavior", false); behavior.IsDefined()) {
      if (const auto up = r.child(behavior, "scaleUp", "spec.behavior.scaleUp", false); up.IsDefined())
        hpa.scale_up = read_rules(r, up, "spec.behavior.scaleUp");
      if (const auto down = r.child(behavior, "scaleDown", "spec.behavior.scaleDown", false); down.IsDefined())
        hpa.scale_down = read_rules(r, down, "spec.behavior.scaleDown");
    }
  }
  if (r.problems() == before && hpa.min_replicas > hpa.max_replicas)
    r.problem(doc, "spec.minReplicas", fmt::format("{} is above spec.maxReplicas ({})", hpa.min_replicas, hpa.max_replicas));
  set.hpas.push_back(std::move(hpa));
}

void read_pdb(DocumentReader& r, const YAML::Node& doc, const std::string& name, K8sManifestSet& set) {
  K8sPdb pdb;
  pdb.name = name;
  pdb.where = r.where(doc);
  const auto spec = r.child(doc, "spec", "spec", true);
  if (const auto n = r.child(spec, "minAvailable", "spec.minAvailable", false); n.IsDefined()) pdb.min_available = r.text(n, "spec.minAvailable").value_or("");
  if (const auto n = r.child(spec, "maxUnavailable", "spec.maxUnavailable", false); n.IsDefined())
    pdb.max_unavailable = r.text(n, "spec.maxUnavailable").value_or("");
  const auto selector = r.child(spec, "selector", "spec.selector", false);
  if (const auto labels = r.labels(r.child(selector, "matchLabels", "spec.selector.matchLabels", false), "spec.selector.matchLabels"))
    pdb.selector = *labels;
  set.pdbs.push_back(std::move(pdb));
}

void read_document(const YAML::Node& doc, const std::string& file, std::size_t index, K8sManifestSet& set) {
  DocumentReader r(file, index, set);
  if (!doc.IsDefined() || doc.IsNull()) return;  // an empty document (a trailing ---)
  if (!doc.IsMap()) {
    r.problem(doc, "", "expected a Kubernetes object (a mapping with apiVersion, kind, metadata)");
    return;
  }
  const auto kind = r.child(doc, "kind", "kind", true);
  const auto api = r.child(doc, "apiVersion", "apiVersion", true);
  if (!kind.IsDefined() || !api.IsDefined()) return;
  const auto kind_text = r.text(kind, "kind");
  const auto api_text = r.text(api, "apiVersion");
  if (!kind_text || !api_text) return;
  const auto known = kApiVersions.find(*kind_text);
  const auto name_node = r.child(r.child(doc, "metadata", "metadata", known != kApiVersions.end() && *kind_text != "List"), "name", "metadata.name",
                                 known != kApiVersions.end() && *kind_text != "List");
  const std::string name = name_node.IsScalar() ? name_node.Scalar() : "";
  r.set_object(*kind_text, name);
  if (known == kApiVersions.end()) {
    const auto close = scenario::closest_match(*kind_text, kKinds);
    r.note(fmt::format("kind '{}' is not modelled, skipped{}", *kind_text, close.empty() ? "" : fmt::format(" (did you mean '{}'?)", close)));
    return;
  }
  if (std::find(known->second.begin(), known->second.end(), *api_text) == known->second.end()) {
    r.problem(api, "apiVersion", fmt::format("'{}' is not supported for {}; supported: {}", *api_text, *kind_text, fmt::join(known->second, ", ")));
    return;
  }
  if (*kind_text == "List") {
    const auto items = r.child(doc, "items", "items", true);
    if (items.IsDefined() && !items.IsSequence()) r.problem(items, "items", "expected a list of objects");
    for (std::size_t i = 0; items.IsSequence() && i < items.size(); ++i) read_document(items[i], file, index, set);
    return;
  }
  if (name.empty()) return;  // reported above
  if (*kind_text == "Deployment" || *kind_text == "StatefulSet") read_workload(r, doc, *kind_text, name, set);
  else if (*kind_text == "Service") read_service(r, doc, name, set);
  else if (*kind_text == "HorizontalPodAutoscaler") read_hpa(r, doc, name, *api_text, set);
  else if (*kind_text == "PodDisruptionBudget") read_pdb(r, doc, name, set);
}

// The document (1-based) that holds 0-based `line`: separators "---" before it, counted.
std::size_t document_at(const std::string& text, int line) {
  std::size_t docs = 0, current = 0, start = 0;
  bool content = false;
  for (int l = 0; start <= text.size() && l <= line; ++l) {
    const auto end = text.find('\n', start);
    const auto row = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (row.rfind("---", 0) == 0) {
      if (content || docs > 0) ++docs;
      else docs = 1;
      content = false;
    } else if (!row.empty() && row[0] != '#') {
      content = true;
      if (docs == 0) docs = 1;
    }
    current = std::max<std::size_t>(docs, 1);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return current;
}

}  // namespace

void read_k8s_manifests(const std::string& text, const std::string& file, K8sManifestSet& set) {
  set.files.push_back(file);
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    set.problems.push_back(fmt::format("{}:{}:{}: document {}: malformed YAML: {}", file, e.mark.line + 1, e.mark.column + 1,
                                       document_at(text, e.mark.line), e.msg));
    return;
  }
  for (std::size_t i = 0; i < docs.size(); ++i) read_document(docs[i], file, i + 1, set);
}

}  // namespace msim::importers
