#pragma once
/** @file
 *  @brief `msim import alibaba`: a scenario from rows of the Alibaba cluster-trace-microservices
 *         call graph (MSCallGraph: traceid, rpcid, um, dm, rt, ...).
 *
 *  Each trace's rpcid tree gives who called whom: a row is a call from its upstream service (um)
 *  to its downstream service (dm), and its parent is the row whose rpcid is its own minus the last
 *  component. Services are the dm names (DNS-safe), endpoints their interfaces; call
 *  probabilities are calls per invocation of the caller; service times are each call's self time
 *  (rt minus its children's, as if they ran in sequence) fitted as lognormal by median and p99;
 *  request types are the calls that start traces, their rate the traces per second seen. See
 *  docs/importers.md.
 */
#include <string>
#include <vector>

#include "importers/K8sImporter.hpp"

namespace msim::importers {

struct AlibabaImportResult {
  std::string yaml;  // empty when there are problems
  std::vector<std::string> notes;
  std::vector<std::string> problems;  // "FILE:LINE: message"
};

AlibabaImportResult import_alibaba(const NamedText& csv, const std::string& output_name);
AlibabaImportResult import_alibaba_file(const std::string& path, const std::string& output_name);

}  // namespace msim::importers
