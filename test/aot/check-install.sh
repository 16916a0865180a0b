#!/usr/bin/env bash
# aot.install: the install tree works from a separate CMake project.
# cmake --install puts headers, libresin, resinc and resinConfig.cmake under
# a temporary prefix; examples/cpp-jit is then configured on its own with
# find_package(resin CONFIG), built, and run on graphs/tremolo.graph, and
# examples/c-aot is configured on its own (find_program finds the installed
# resinc), built, and run: its output must be the in-tree example's.
#   check-install.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR CXX MAKE_PROGRAM CC
set -eu
cmake=$1 build=$2 source=$3 work=$4 cxx=$5 make_program=$6 cc=$7
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
# The installed resinc compiles ahead of time too: examples/c-aot as a
# project of its own, with no LLVM and no resin package, only bin/resinc.
"$cmake" -S "$source/examples/c-aot" -B "$work/build-c-aot" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_MAKE_PROGRAM="$make_program" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure-c-aot.log" ||
  { cat "$work/configure-c-aot.log"; echo "FAIL: configure c-aot against the install tree"; exit 1; }
# The kernel must come from the installed resinc, not the build tree's.
grep -q -F "$prefix/bin/resinc" "$work/build-c-aot/build.ninja" ||
  { echo "FAIL: c-aot's build does not run $prefix/bin/resinc"; exit 1; }
if grep -q -e "$build/tools/" "$work/build-c-aot/build.ninja"; then
  echo "FAIL: c-aot's build uses resin's build tree, not the install tree"
  grep -m3 -e "$build/tools/" "$work/build-c-aot/build.ninja"
  exit 1
fi
"$cmake" --build "$work/build-c-aot" >"$work/build-c-aot.log" ||
  { cat "$work/build-c-aot.log"; echo "FAIL: build c-aot against the install tree"; exit 1; }
status=0
"$work/build-c-aot/resin_example_c_aot" >"$work/c-aot.out" || status=$?
cat "$work/c-aot.out"
[ "$status" = 0 ] || { echo "FAIL: c-aot built on its own exits $status"; exit 1; }
# Same resinc, same graph, same checks: the same lines as example.c-aot.
in_tree="$build/examples/c-aot/resin_example_c_aot"
"$in_tree" >"$work/c-aot.in-tree.out" || { echo "FAIL: $in_tree exits $?"; exit 1; }
diff "$work/c-aot.in-tree.out" "$work/c-aot.out" ||
  { echo "FAIL: c-aot on its own prints otherwise than the in-tree build"; exit 1; }
echo "aot.install: ok in $(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" "$start" "$(date +%s.%N)") s"
