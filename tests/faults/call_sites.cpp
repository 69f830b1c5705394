// Which of the library's calls to a routine that can fail the api sweeps made
// fail. The source side: every call, in ext/ and functions/, of a routine that
// api.cpp wraps (found by name, comments left out). The binary side: the
// return address of every call that took an injected fault (g_fired_sites),
// turned into file:line by addr2line from the binary's own debug information
// (the innermost inlined frame, so a call inside an inline function counts
// where it is written). A fired call is credited to the nearest call written
// at or up to a few lines above its line (a call whose arguments span lines
// may be attributed to any of them).
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/faults/hooks.h"

namespace vlfault {
namespace {

namespace fs = std::filesystem;

// How many lines a call's arguments may run on after the line it starts on.
constexpr int kStatementLines = 4;

struct SourceCall {
  std::string file;  // relative to the source root
  int line;
  std::string routine;
};

// The calls of wrapped routines in the library's own source.
std::vector<SourceCall> source_calls(const std::string& root) {
  static const std::regex call(
      R"(\bsqlite3_(prepare_v3|prepare_v2|prepare|step|exec|bind_double|bind_int64|bind_int|bind_null|bind_value|)"
      R"(bind_text|bind_blob|bind_pointer|create_function_v2|create_module_v2|declare_vtab|vtab_config|open_v2|)"
      R"(file_control|column_text|column_blob|value_text|value_blob|value_dup|set_auxdata)\s*\()"
      R"(|->\s*(xFindTokenizer|xCreateFunction|xInstCount|xInst|xColumnText|xColumnSize|xTokenize)\s*\()"
      R"(|\bmethods\.(xCreate|xTokenize)\s*\()");
  std::vector<SourceCall> out;
  for (const char* dir : {"ext", "functions"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(root) / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      std::ifstream in(entry.path());
      std::string text;
      bool in_block_comment = false;
      for (int line = 1; std::getline(in, text); ++line) {
        // Comments are prose: leave them out (block comments as whole lines,
        // which is how this code base writes them).
        if (in_block_comment) {
          if (text.find("*/") != std::string::npos) in_block_comment = false;
          continue;
        }
        const size_t first = text.find_first_not_of(" \t");
        if (first != std::string::npos && text.compare(first, 2, "/*") == 0) {
          in_block_comment = text.find("*/", first + 2) == std::string::npos;
          continue;
        }
        const size_t slashes = text.find("//");
        if (slashes != std::string::npos) text.resize(slashes);
        for (std::sregex_iterator m(text.begin(), text.end(), call), end; m != end; ++m) {
          std::string routine = (*m)[1].matched ? "sqlite3_" + (*m)[1].str()
                                : (*m)[2].matched ? (*m)[2].str()
                                                  : (*m)[3].str();
          out.push_back({fs::relative(entry.path(), root).string(), line, routine});
        }
      }
    }
  }
  return out;
}

// file:line (relative to root) of each fired call site, from addr2line.
std::set<std::pair<std::string, int>> fired_lines(const std::string& root, const std::string& scratch) {
  std::set<std::pair<std::string, int>> out;
  std::string exe;
  {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return out;
    exe.assign(buf, static_cast<size_t>(n));
  }
  const std::string addresses = scratch + "/fired-sites.txt";
  {
    std::ofstream f(addresses);
    for (int i = 0; i < g_fired_sites.used; ++i) {
      Dl_info info{};
      if (dladdr(g_fired_sites.site[i], &info) == 0 || info.dli_fbase == nullptr) continue;
      // The return address follows the call: one byte back is inside it.
      auto offset = static_cast<unsigned long>(static_cast<const char*>(g_fired_sites.site[i]) -
                                               static_cast<const char*>(info.dli_fbase)) - 1;
      char hex[32];
      std::snprintf(hex, sizeof hex, "0x%lx\n", offset);
      f << hex;
    }
  }
  const std::string command = "addr2line -a -i -e '" + exe + "' < '" + addresses + "'";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[8192];
  bool innermost = false;  // the next line is the innermost frame of an address
  const std::string prefix = fs::weakly_canonical(root).string() + "/";
  while (std::fgets(buf, sizeof buf, p)) {
    std::string text(buf);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.rfind("0x", 0) == 0) {
      innermost = true;
      continue;
    }
    if (!innermost) continue;
    innermost = false;
    const size_t disc = text.find(" (discriminator");
    if (disc != std::string::npos) text.resize(disc);
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) continue;
    std::string file = text.substr(0, colon);
    const int line = std::atoi(text.c_str() + colon + 1);
    if (file.rfind(prefix, 0) == 0) file = file.substr(prefix.size());
    out.insert({file, line});
  }
  pclose(p);
  return out;
}

}  // namespace

CallSiteReport check_call_sites(const std::string& root, const std::string& scratch) {
  CallSiteReport r;
  const std::vector<SourceCall> calls = source_calls(root);
  const std::set<std::pair<std::string, int>> fired = fired_lines(root, scratch);
  r.in_source = static_cast<long long>(calls.size());
  if (g_fired_sites.used > 0 && (fired.empty() || (fired.size() == 1 && fired.begin()->second == 0))) {
    // addr2line answered "??:0" for everything: no line tables to map with.
    r.missed.push_back("(none could be mapped: build vl_faults with debug information, -g)");
    return r;
  }
  // Each fired line belongs to the nearest call written at or above it.
  std::map<std::string, std::set<int>> call_lines;
  for (const SourceCall& c : calls) call_lines[c.file].insert(c.line);
  std::set<std::pair<std::string, int>> hit;
  for (const auto& [file, line] : fired) {
    auto lines = call_lines.find(file);
    if (lines == call_lines.end()) continue;
    auto at = lines->second.upper_bound(line);
    if (at == lines->second.begin()) continue;
    --at;
    if (line - *at <= kStatementLines) hit.insert({file, *at});
  }
  for (const SourceCall& c : calls) {
    if (hit.count({c.file, c.line})) {
      ++r.failed;
    } else {
      r.missed.push_back(c.file + ":" + std::to_string(c.line) + " " + c.routine);
    }
  }
  return r;
}

}  // namespace vlfault
