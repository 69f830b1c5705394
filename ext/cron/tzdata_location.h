// Where the date library finds the IANA zone rules.
//
// On Linux and the other Unix systems date reads the OS's compiled zoneinfo (USE_OS_TZDB), and
// there is nothing to do. On Windows there is no OS copy: the DLL ships the zone rules of
// Debian's tzdata as text in a folder named tzdata beside vaultlister.dll (docs/install.md,
// "Time zones"), and this points date at it, found from the DLL's own path so it works from any
// current directory and any host program. Nothing is ever downloaded.
#pragma once

namespace vl::cron {

// Idempotent and thread-safe; call before the first zone lookup.
void use_bundled_tzdata();

}  // namespace vl::cron
