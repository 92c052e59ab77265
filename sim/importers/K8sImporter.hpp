#pragma once
/** @file
 *  @brief `msim import k8s`: a scenario from Kubernetes manifests and an optional profile.
 *
 *  Deployments and StatefulSets become services (replicas, CPU and memory requests, readiness
 *  probe, termination grace period); Services decide the balancer (kube-proxy: random) and which
 *  services receive outside traffic; HorizontalPodAutoscalers become `autoscaler: { kind: hpa }`
 *  blocks, behavior included; PodDisruptionBudgets become `disruptionBudget` blocks. The
 *  profile, a fragment of a scenario, adds what manifests do not say (service times, call graph,
 *  workload) and is laid over the result. See docs/importers.md.
 */
#include <string>
#include <vector>

namespace msim::importers {

struct NamedText {
  std::string name;  // shown in messages (a file path)
  std::string text;
};

struct K8sImportResult {
  std::string yaml;  // the scenario, with a header comment; empty when there are problems
  std::vector<std::string> notes;  // what was read, skipped or defaulted
  std::vector<std::string> problems;  // "FILE:LINE:COLUMN: document N (Kind 'name'): field: message"
};

/** Imports from texts; `profile.text` empty means no profile. `output_name` names the scenario in messages. */
K8sImportResult import_k8s(const std::vector<NamedText>& manifests, const NamedText& profile, const std::string& output_name);

/** Reads the files, then imports; a file that cannot be read is a problem. */
K8sImportResult import_k8s_files(const std::vector<std::string>& manifest_paths, const std::string& profile_path,
                                 const std::string& output_name);

}  // namespace msim::importers
