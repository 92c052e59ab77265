#pragma once
/** @file
 *  @brief Reads ordinary Kubernetes YAML (multi-document files) into the plain facts msim can use:
 *  Deployments and StatefulSets, Services, HorizontalPodAutoscalers and PodDisruptionBudgets.
 *
 *  Everything else is listed in `notes` and skipped. Malformed YAML, a missing required field and
 *  an unsupported apiVersion are `problems`, each "FILE:LINE:COLUMN: document N (Kind 'name'):
 *  field: message".
 */
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace msim::importers {

/** A readiness probe's timing (core/v1 Probe); unset fields keep Kubernetes' defaults. */
struct ProbeTiming {
  std::optional<long long> period_s, failure_threshold, success_threshold, initial_delay_s;
};

/** A Deployment or a StatefulSet: what becomes an msim service. */
struct K8sWorkload {
  std::string kind, name, where;
  long long replicas = 1;
  bool replicas_given = false;
  std::optional<double> cpu;  // cores, summed over the pod's containers
  std::optional<double> memory;  // bytes, summed
  std::string cpu_text, memory_text;  // as written, when a single container gives them
  std::size_t containers = 0;
  std::map<std::string, std::string> labels;  // of the pod template
  std::optional<ProbeTiming> readiness;
  std::optional<long long> termination_grace_s;
};

struct K8sService {
  std::string name, where, type;  // type: ClusterIP (default), NodePort, LoadBalancer, ...
  std::map<std::string, std::string> selector;
};

/** One HPA metric msim can model. */
struct K8sHpaMetric {
  enum class Type { CPU_UTILIZATION, CPU_AVERAGE_VALUE, PODS };
  Type type = Type::CPU_UTILIZATION;
  double value = 0;  // percent, cores, or the pods metric's average value
  std::string pods_metric;  // rps, in_flight or queue_length
  std::string where;
};

struct K8sScalingPolicy {
  std::string type;
  long long value = 0, period_s = 0;
};

struct K8sScalingRules {
  std::optional<long long> stabilization_window_s;
  std::optional<std::string> select_policy;
  std::vector<K8sScalingPolicy> policies;
};

struct K8sHpa {
  std::string name, where, api_version;
  std::string target_kind, target_name;
  long long min_replicas = 1, max_replicas = 1;
  std::vector<K8sHpaMetric> metrics;
  std::size_t metrics_written = 0;  // metrics in the manifest, modelled or not
  std::optional<K8sScalingRules> scale_up, scale_down;
};

struct K8sPdb {
  std::string name, where;
  std::string min_available, max_unavailable;  // as written ("2", "50%"), empty when not given
  std::map<std::string, std::string> selector;
};

struct K8sManifestSet {
  std::vector<std::string> files;
  std::vector<K8sWorkload> workloads;
  std::vector<K8sService> services;
  std::vector<K8sHpa> hpas;
  std::vector<K8sPdb> pdbs;
  std::vector<std::string> notes;  // skipped documents and fields, defaults used
  std::vector<std::string> problems;  // the manifests cannot be imported
};

/** Reads every document of one file's text into `set`. Never throws for bad input. */
void read_k8s_manifests(const std::string& text, const std::string& file, K8sManifestSet& set);

}  // namespace msim::importers
