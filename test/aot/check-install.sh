#!/usr/bin/env bash
# aot.install: the install tree works from a separate CMake project.
# cmake --install puts headers, libresin, resinc and resinConfig.cmake under
# a temporary prefix; examples/cpp-jit is then configured on its own with
# find_package(resin CONFIG), built, and run on graphs/tremolo.graph.
#   check-install.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR CXX MAKE_PROGRAM
set -eu
cmake=$1 build=$2 source=$3 work=$4 cxx=$5 make_program=$6
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
start=$(date +%s.%N)
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log"
for f in include/resin/resin.h include/resin/aot/AheadOfTime.h include/resin/ir/Ops.def \
  lib/libresin.a lib/cmake/resin/resinConfig.cmake lib/cmake/resin/resinConfigVersion.cmake \
  lib/cmake/resin/resinTargets.cmake bin/resinc; do
  [ -e "$prefix/$f" ] || { echo "FAIL: the install tree lacks $f"; exit 1; }
done
# Only the prefix and LLVM's own location: nothing from resin's source or build tree.
"$cmake" -S "$source/examples/cpp-jit" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_MAKE_PROGRAM="$make_program" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" ||
  { cat "$work/configure.log"; echo "FAIL: configure against the install tree"; exit 1; }
if grep -q -e "$source/include" -e "$build/lib/" "$work/build/build.ninja"; then
  echo "FAIL: the example's build uses resin's source or build tree, not the install tree"
  grep -m3 -e "$source/include" -e "$build/lib/" "$work/build/build.ninja"
  exit 1
fi
"$cmake" --build "$work/build" >"$work/build.log" ||
  { cat "$work/build.log"; echo "FAIL: build against the install tree"; exit 1; }
"$work/build/resin_example_cpp_jit" "$source/graphs/tremolo.graph"
# The installed resinc compiles ahead of time too.
"$prefix/bin/resinc" compile "$source/graphs/tremolo.graph" -o "$work/tremolo.o" ||
  { echo "FAIL: installed resinc compile -o"; exit 1; }
echo "aot.install: ok in $(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" "$start" "$(date +%s.%N)") s"
