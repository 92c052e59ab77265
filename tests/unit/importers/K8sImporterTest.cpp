// msim import k8s: what is read from manifests, what is reported, and that bad input is named
// precisely (file, line, column, document, object, field) and never crashes.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "importers/K8sImporter.hpp"

namespace msim::importers {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

K8sImportResult import_text(const std::string& manifests, const std::string& profile = {}) {
  return import_k8s({{"m.yaml", manifests}}, {"p.yaml", profile}, "out.yaml");
}

bool has_note(const K8sImportResult& r, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

std::string all(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

const std::string kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 2
  template:
    metadata: { labels: { app: api } }
    spec:
      terminationGracePeriodSeconds: 20
      containers:
      - name: api
        resources: { requests: { cpu: 250m, memory: 256Mi } }
        readinessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 5, failureThreshold: 2 }
      - name: sidecar
        resources: { requests: { cpu: 100m, memory: 64Mi } }
)";

TEST(K8sImporter, ArticleExampleBecomesTwoBalancedServicesWithDefaultTraffic) {
  const auto r = import_text(read(std::string(MSIM_SOURCE_DIR) + "/scenarios/article/two-services-k8s/two-services.k8s.yaml"));
  ASSERT_TRUE(r.problems.empty()) << all(r.problems);
  const auto s = YAML::Load(r.yaml);
  for (const std::string name : {"service1", "service2"}) {
    const auto svc = s["services"][name];
    EXPECT_EQ(svc["replicas"].as<int>(), 3) << name;
    EXPECT_EQ(svc["balancer"].as<std::string>(), "random") << name;
    EXPECT_EQ(svc["workers"].as<int>(), 16) << name;  // the documented default
    EXPECT_EQ(svc["endpoints"]["GET /"]["work"].as<std::string>(), "exponential(10ms)") << name;
    EXPECT_FALSE(svc["resources"]) << name << ": the manifests give no requests";
  }
  ASSERT_EQ(s["workload"].size(), 2u);
  EXPECT_EQ(s["workload"][0]["name"].as<std::string>(), "clients-service1");
  EXPECT_EQ(s["workload"][1]["call"].as<std::string>(), "service2.GET /");
  EXPECT_TRUE(has_note(r, "Service 'service1' (LoadBalancer) selects service1"));
  EXPECT_TRUE(has_note(r, "workers 16 (default"));
  EXPECT_TRUE(has_note(r, "100/s Poisson arrivals to service1.GET / (default"));
}

TEST(K8sImporter, DeploymentRequestsProbeAndGracePeriodAreRead) {
  const auto r = import_text(kDeployment);
  ASSERT_TRUE(r.problems.empty()) << all(r.problems);
  const auto api = YAML::Load(r.yaml)["services"]["api"];
  EXPECT_EQ(api["replicas"].as<int>(), 2);
  EXPECT_EQ(api["resources"]["cpu"].as<std::string>(), "350m");  // the pod's containers, summed
  EXPECT_EQ(api["resources"]["memory"].as<std::string>(), "320Mi");
  EXPECT_EQ(api["discovery"]["kind"].as<std::string>(), "kubernetes");
  EXPECT_EQ(api["discovery"]["readinessProbe"]["periodSeconds"].as<int>(), 5);
  EXPECT_EQ(api["discovery"]["readinessProbe"]["failureThreshold"].as<int>(), 2);
  EXPECT_FALSE(api["discovery"]["readinessProbe"]["successThreshold"]) << "unset fields keep Kubernetes' defaults";
  EXPECT_EQ(api["terminationGracePeriod"].as<std::string>(), "20s");
  EXPECT_FALSE(api["balancer"]) << "no Service selects it";
  EXPECT_TRUE(has_note(r, "no LoadBalancer or NodePort Service: outside traffic goes to api"));
}

TEST(K8sImporter, HpaWithBehaviorBecomesAnHpaAutoscaler) {
  const auto r = import_text(kDeployment + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 3
  maxReplicas: 12
  metrics:
  - type: Resource
    resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }
  - type: Resource
    resource: { name: memory, target: { type: Utilization, averageUtilization: 70 } }
  - type: Pods
    pods: { metric: { name: in_flight }, target: { type: AverageValue, averageValue: "8" } }
  behavior:
    scaleUp:
      policies: [ { type: Percent, value: 50, periodSeconds: 60 } ]
    scaleDown:
      stabilizationWindowSeconds: 120
      selectPolicy: Min
      policies: [ { type: Pods, value: 1, periodSeconds: 60 }, { type: Percent, value: 10, periodSeconds: 60 } ]
)");
  ASSERT_TRUE(r.problems.empty()) << all(r.problems);
  const auto api = YAML::Load(r.yaml)["services"]["api"];
  const auto a = api["autoscaler"];
  EXPECT_EQ(a["kind"].as<std::string>(), "hpa");
  EXPECT_EQ(a["minReplicas"].as<int>(), 3);
  EXPECT_EQ(a["maxReplicas"].as<int>(), 12);
  ASSERT_EQ(a["metrics"].size(), 2u) << "memory is not modelled";
  EXPECT_EQ(a["metrics"][0]["averageUtilization"].as<int>(), 60);
  EXPECT_EQ(a["metrics"][1]["pods"].as<std::string>(), "in_flight");
  EXPECT_EQ(a["metrics"][1]["averageValue"].as<double>(), 8.0);
  EXPECT_EQ(a["behavior"]["scaleUp"]["policies"][0]["type"].as<std::string>(), "Percent");
  EXPECT_EQ(a["behavior"]["scaleUp"]["policies"][0]["value"].as<int>(), 50);
  EXPECT_EQ(a["behavior"]["scaleDown"]["stabilizationWindowSeconds"].as<int>(), 120);
  EXPECT_EQ(a["behavior"]["scaleDown"]["selectPolicy"].as<std::string>(), "Min");
  EXPECT_EQ(a["behavior"]["scaleDown"]["policies"].size(), 2u);
  EXPECT_EQ(api["replicas"].as<int>(), 3) << "2 replicas lie below minReplicas";
  EXPECT_TRUE(has_note(r, "spec.metrics[1]: a Resource metric on 'memory' is not modelled"));
  EXPECT_TRUE(has_note(r, "replicas 2 lie outside [3, 12]"));
}

TEST(K8sImporter, AutoscalingV1AndCpuAverageValueAreConverted) {
  const auto v1 = import_text(kDeployment + R"(---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: { name: api }
spec: { scaleTargetRef: { kind: Deployment, name: api }, maxReplicas: 5, targetCPUUtilizationPercentage: 75 }
)");
  ASSERT_TRUE(v1.problems.empty()) << all(v1.problems);
  EXPECT_EQ(YAML::Load(v1.yaml)["services"]["api"]["autoscaler"]["metrics"][0]["averageUtilization"].as<int>(), 75);
  const auto value = import_text(kDeployment + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api }
spec:
  scaleTargetRef: { kind: Deployment, name: api }
  maxReplicas: 5
  metrics: [ { type: Resource, resource: { name: cpu, target: { type: AverageValue, averageValue: 175m } } } ]
)");
  ASSERT_TRUE(value.problems.empty()) << all(value.problems);
  EXPECT_EQ(YAML::Load(value.yaml)["services"]["api"]["autoscaler"]["metrics"][0]["averageUtilization"].as<int>(), 50)
      << "175m of a 350m request";
}

TEST(K8sImporter, PodDisruptionBudgetBecomesTheServicesDisruptionBudget) {
  const auto r = import_text(kDeployment + "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api-pdb }\n"
                                           "spec: { minAvailable: 2, selector: { matchLabels: { app: api } } }\n");
  ASSERT_TRUE(r.problems.empty()) << all(r.problems);
  EXPECT_TRUE(has_note(r, "PodDisruptionBudget 'api-pdb' (minAvailable 2) selects api: becomes their disruptionBudget"));
  EXPECT_EQ(YAML::Load(r.yaml)["services"]["api"]["disruptionBudget"]["minAvailable"].as<int>(), 2);
}

TEST(K8sImporter, UnknownKindsAreListedAndSkipped) {
  const auto r = import_text(kDeployment + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\n"
                                           "---\napiVersion: v1\nkind: Servce\nmetadata: { name: typo }\n---\n");
  ASSERT_TRUE(r.problems.empty()) << all(r.problems);
  EXPECT_TRUE(has_note(r, "m.yaml: document 2 (ConfigMap 'cfg'): kind 'ConfigMap' is not modelled, skipped"));
  EXPECT_TRUE(has_note(r, "document 3 (Servce 'typo'): kind 'Servce' is not modelled, skipped (did you mean 'Service'?)"));
  EXPECT_FALSE(r.yaml.empty());
}

TEST(K8sImporter, MalformedYamlNamesFileLineColumnAndDocument) {
  const auto r = import_text(kDeployment + "---\napiVersion: v1\nkind: Service\nmetadata: { name: [x }\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].rfind("m.yaml:19:22: document 2: malformed YAML:", 0), 0u) << r.problems[0];
  EXPECT_TRUE(r.yaml.empty());
}

TEST(K8sImporter, UnsupportedApiVersionIsAnErrorNamingDocumentAndField) {
  const auto r = import_text(kDeployment + "---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: { name: old }\nspec: {}\n"
                                           "---\napiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: { name: h }\n");
  ASSERT_EQ(r.problems.size(), 2u) << all(r.problems);
  EXPECT_EQ(r.problems[0], "m.yaml:17:13: document 2 (Deployment 'old'): apiVersion: 'extensions/v1beta1' is not supported for Deployment; supported: apps/v1");
  EXPECT_NE(r.problems[1].find("document 3 (HorizontalPodAutoscaler 'h'): apiVersion: 'autoscaling/v2beta1' is not supported"), std::string::npos)
      << r.problems[1];
  EXPECT_TRUE(r.yaml.empty());
}

TEST(K8sImporter, MissingAndBadFieldsAreNamed) {
  const auto r = import_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a }\nspec: { replicas: two, template: { spec: {} } }\n"
                             "---\nkind: Deployment\nmetadata: { name: b }\n"
                             "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: Big.Name }\n"
                             "spec: { template: { spec: { containers: [ { resources: { requests: { cpu: lots } } } ] } } }\n");
  const auto text = all(r.problems);
  EXPECT_NE(text.find("m.yaml:4:19: document 1 (Deployment 'a'): spec.replicas: 'two' is not a whole number"), std::string::npos) << text;
  EXPECT_NE(text.find("document 1 (Deployment 'a'): spec.template.spec.containers: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("document 2: apiVersion: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("document 3 (Deployment 'Big.Name'): spec.template.spec.containers[0].resources.requests.cpu: 'lots'"), std::string::npos)
      << text;
  EXPECT_TRUE(r.yaml.empty());
}

TEST(K8sImporter, BadBehaviorIsReportedAtTheManifest) {
  const auto r = import_text(kDeployment + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api }
spec:
  scaleTargetRef: { kind: Deployment, name: api }
  maxReplicas: 5
  behavior:
    scaleDown: { selectPolicy: max, policies: [ { type: Pod, value: 1, periodSeconds: 3600 } ] }
)");
  const auto text = all(r.problems);
  EXPECT_NE(text.find("m.yaml:24:32: document 2 (HorizontalPodAutoscaler 'api'): spec.behavior.scaleDown.selectPolicy: 'max' is not one of "
                      "Max, Min, Disabled; did you mean 'Max'?"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("spec.behavior.scaleDown.policies[0].type: 'Pod' is not one of Pods, Percent; did you mean 'Pods'?"), std::string::npos) << text;
  EXPECT_NE(text.find("spec.behavior.scaleDown.policies[0].periodSeconds: '3600' is not a whole number from 1 to 1800"), std::string::npos) << text;
}

TEST(K8sImporter, ProfileAddsWhatManifestsDoNotSay) {
  const auto r = import_text(kDeployment, R"Y(name: shop
duration: 30s
services:
  api:
    replicas: 4
    endpoints:
      get: { work: "gamma(shape=2, mean=3ms)", calls: [db.query] }
  db:
    endpoints: { query: { work: 1ms } }
workload:
  - { name: users, rate: 50/s, call: api.get }
)Y");
  ASSERT_TRUE(r.problems.empty()) << all(r.problems);
  const auto s = YAML::Load(r.yaml);
  EXPECT_EQ(s["name"].as<std::string>(), "shop");
  EXPECT_EQ(s["duration"].as<std::string>(), "30s");
  EXPECT_EQ(s["services"]["api"]["replicas"].as<int>(), 4);
  EXPECT_EQ(s["services"]["api"]["resources"]["cpu"].as<std::string>(), "350m") << "kept from the manifest";
  EXPECT_EQ(s["services"]["api"]["endpoints"]["get"]["work"].as<std::string>(), "gamma(shape=2, mean=3ms)");
  EXPECT_FALSE(s["services"]["api"]["endpoints"]["GET /"]) << "no default endpoint when the profile gives endpoints";
  EXPECT_TRUE(s["services"]["db"]);
  EXPECT_EQ(s["workload"][0]["name"].as<std::string>(), "users");
  EXPECT_TRUE(has_note(r, "the profile replaces services.api.replicas of the manifests"));
  EXPECT_TRUE(has_note(r, "service 'db' comes from the profile only"));
}

TEST(K8sImporter, ProblemsOfTheResultingScenarioAreReported) {
  const auto bad_key = import_text(kDeployment, "services: { api: { worker: 4 } }\n");
  ASSERT_EQ(bad_key.problems.size(), 1u) << all(bad_key.problems);
  EXPECT_NE(bad_key.problems[0].find("unknown key 'worker'; did you mean 'workers'?"), std::string::npos) << bad_key.problems[0];
  const auto bad_profile = import_text(kDeployment, "services: [\n");
  ASSERT_EQ(bad_profile.problems.size(), 1u);
  EXPECT_EQ(bad_profile.problems[0].rfind("p.yaml:2:1: malformed YAML", 0), 0u) << bad_profile.problems[0];
  const auto scalar_service = import_text(kDeployment, "services: { api: 5 }\n");
  ASSERT_EQ(scalar_service.problems.size(), 1u) << all(scalar_service.problems);
  EXPECT_EQ(scalar_service.problems[0], "p.yaml:1:18: services.api: expected a mapping of the service's settings");
  const auto nothing = import_text("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n");
  ASSERT_EQ(nothing.problems.size(), 1u);
  EXPECT_NE(nothing.problems[0].find("no Deployment or StatefulSet found"), std::string::npos);
}

TEST(K8sImporter, SectionsOfTheWrongFormAreReportedOnceWithTheirPlace) {
  const std::vector<std::string> shapes = {
      "5",
      "kind: [a]\napiVersion: v1",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: []",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: 5",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {spec: {containers: [5, {resources: 3}]}}}",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {metadata: {labels: [x]}, spec: {containers: [{readinessProbe: 3}]}}}",
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: 3, metrics: 4, behavior: {scaleUp: 3}}",
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 3, metrics: [3, {type: Resource, resource: 4}]}",
      "apiVersion: v1\nkind: List\nitems: [3, {kind: Deployment}]",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: 5, type: [a]}",
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {selector: {matchLabels: 3}}",
  };
  for (const auto& shape : shapes) {
    const auto r = import_text(shape);
    ASSERT_FALSE(r.problems.empty()) << shape;
    for (const auto& p : r.problems) {
      EXPECT_EQ(p.rfind("m.yaml:", 0), 0u) << p;
      EXPECT_NE(p.find(": document 1"), std::string::npos) << p;
      EXPECT_EQ(std::count(r.problems.begin(), r.problems.end(), p), 1) << "reported twice: " << p;
    }
    EXPECT_TRUE(r.yaml.empty());
  }
}

TEST(K8sImporter, MissingFilesAreProblemsNotCrashes) {
  const auto r = import_k8s_files({"/nonexistent/m.yaml"}, "/nonexistent/p.yaml", "out.yaml");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0], "/nonexistent/m.yaml: cannot read the file: no such file");
}

}  // namespace
}  // namespace msim::importers
