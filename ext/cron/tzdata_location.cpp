#include "ext/cron/tzdata_location.h"

#ifdef _WIN32
#include <windows.h>

#include <date/tz.h>

#include <mutex>
#include <string>
#include <vector>
#endif

namespace vl::cron {

#ifdef _WIN32
namespace {

// The folder holding this DLL, in the ANSI code page (date opens files with narrow paths);
// empty when it cannot be found or cannot be said in that code page.
std::string library_folder() {
  HMODULE self = nullptr;
  if (!GetModuleHandleExW(
          GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
          reinterpret_cast<LPCWSTR>(&use_bundled_tzdata), &self)) {
    return {};
  }
  std::vector<wchar_t> path(MAX_PATH);
  for (;;) {
    DWORD n = GetModuleFileNameW(self, path.data(), static_cast<DWORD>(path.size()));
    if (n == 0) return {};
    if (n < path.size()) {
      path.resize(n);
      break;
    }
    path.resize(path.size() * 2);
  }
  while (!path.empty() && path.back() != L'\\' && path.back() != L'/') path.pop_back();
  if (path.empty()) return {};
  BOOL lossy = FALSE;
  int bytes = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, path.data(),
                                  static_cast<int>(path.size()), nullptr, 0, nullptr, &lossy);
  if (bytes <= 0 || lossy) return {};
  std::string out(static_cast<size_t>(bytes), '\0');
  WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, path.data(), static_cast<int>(path.size()),
                      out.data(), bytes, nullptr, nullptr);
  return out;
}

}  // namespace

void use_bundled_tzdata() {
  static std::once_flag once;
  std::call_once(once, [] { date::set_install(library_folder() + "tzdata"); });
}
#else
void use_bundled_tzdata() {}
#endif

}  // namespace vl::cron
