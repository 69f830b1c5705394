# CMake toolchain for vaultlister.dll: Debian's mingw-w64 cross compiler, x86_64, posix threads
# (g++-mingw-w64-x86-64-posix; C++11 threads and std::call_once need the posix flavour).
# make dll passes it with -DCMAKE_TOOLCHAIN_FILE; the dependencies it links (a static
# libcrypto, libcsv, the date library's tz.cpp) are built from Debian's source packages by
# scripts/win-deps.sh into build-win/deps and named with -D on the cmake command line.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(VL_MINGW_TRIPLE x86_64-w64-mingw32)

set(CMAKE_C_COMPILER   ${VL_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${VL_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER  ${VL_MINGW_TRIPLE}-windres)

# Headers and libraries come from the mingw sysroot and the paths make dll passes, never from
# the build machine's /usr/include or /usr/lib.
set(CMAKE_FIND_ROOT_PATH /usr/${VL_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
