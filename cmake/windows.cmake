# vaultlister.dll: the Windows build's dependencies (make dll; toolchain cmake/mingw-w64-x86_64.cmake).
#
# scripts/win-deps.sh builds them from Debian's source packages into VL_WIN_DEPS:
#   openssl/  a static libcrypto.a (./Configure mingw64 no-shared) and its headers
#   libcsv/   libcsv.a and csv.h
#   date/     the date library's headers and src/tz.cpp, compiled here
#   include/  sqlite3ext.h and RapidJSON
# The same sources and registration as the .so; only where the dependencies come from differs.
set(VL_WIN_DEPS "${CMAKE_BINARY_DIR}/deps" CACHE PATH "Dependencies built by scripts/win-deps.sh")
if(NOT EXISTS "${VL_WIN_DEPS}/openssl/built.stamp")
  message(FATAL_ERROR "vaultlister: ${VL_WIN_DEPS} has no dependencies: run make dll "
                      "(scripts/win-deps.sh ${VL_WIN_DEPS} builds them)")
endif()

set(OPENSSL_USE_STATIC_LIBS TRUE)
set(OPENSSL_INCLUDE_DIR "${VL_WIN_DEPS}/openssl/include" CACHE PATH "" FORCE)
# FindOpenSSL reads the MinGW library from LIB_EAY.
set(LIB_EAY "${VL_WIN_DEPS}/openssl/lib/libcrypto.a" CACHE FILEPATH "" FORCE)
set(SQLITE3EXT_INCLUDE "${VL_WIN_DEPS}/include" CACHE PATH "" FORCE)
set(RAPIDJSON_INCLUDE "${VL_WIN_DEPS}/include" CACHE PATH "" FORCE)
set(CSV_LIBRARY "${VL_WIN_DEPS}/libcsv/libcsv.a" CACHE FILEPATH "" FORCE)
set(CSV_INCLUDE "${VL_WIN_DEPS}/libcsv" CACHE PATH "" FORCE)

# Third-party headers are system headers, as /usr/include is on Linux: their warnings (RapidJSON's
# std::iterator) are not ours to fail on. gcc treats a directory given both ways as a system one.
include_directories(SYSTEM "${VL_WIN_DEPS}/include" "${VL_WIN_DEPS}/openssl/include"
                    "${VL_WIN_DEPS}/libcsv" "${VL_WIN_DEPS}/date/include")

# date's tz.cpp cannot read compiled zoneinfo on Windows: it parses the IANA text files of the
# tzdata folder shipped beside the DLL (ext/cron/tzdata_location.cpp points it there), and it
# never downloads (HAS_REMOTE_API=0, AUTO_DOWNLOAD=0). Third-party code: warnings are not ours.
add_library(vl_date_tz STATIC "${VL_WIN_DEPS}/date/src/tz.cpp")
target_include_directories(vl_date_tz SYSTEM PUBLIC "${VL_WIN_DEPS}/date/include")
target_compile_definitions(vl_date_tz PUBLIC USE_OS_TZDB=0 HAS_REMOTE_API=0 AUTO_DOWNLOAD=0)
# SHGetKnownFolderPath and CoTaskMemFree (date's default folder, replaced at run time).
target_link_libraries(vl_date_tz PUBLIC shell32 ole32)
add_library(date::date-tz ALIAS vl_date_tz)

# libcrypto's own Windows imports (sockets for its BIO code, CryptoAPI for the system store).
set(VL_WIN_SYSTEM_LIBS ws2_32 crypt32 advapi32 user32 bcrypt)
# The DLL carries the C++ runtime, libgcc and winpthread inside it (a user copies one file),
# stripped: the release DLL is what is shipped.
set(VL_WIN_LINK_OPTIONS -static -static-libgcc -static-libstdc++ -s)
