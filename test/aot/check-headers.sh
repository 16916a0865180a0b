#!/usr/bin/env bash
# aot.header: every header resinc wrote for test/aot's kernels compiles as
# C99 and as C++17 with -Wall -Wextra -Werror -pedantic, alone and all in
# one translation unit (include guards and distinct names).
#   check-headers.sh CC CXX HEADER...
set -u
cc=$1 cxx=$2
shift 2
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
all="$work/all.c"
: >"$all"
for header in "$@"; do
  printf '#include "%s"\n#include "%s"\n' "$header" "$header" >>"$all"
  printf '#include "%s"\nint main(void) { return 0; }\n' "$header" >"$work/one.c"
  if ! "$cc" -std=c99 -Wall -Wextra -Werror -pedantic -fsyntax-only "$work/one.c"; then
    echo "FAIL: $header as C99"
    status=1
  fi
  if ! "$cxx" -std=c++17 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ "$work/one.c"; then
    echo "FAIL: $header as C++17"
    status=1
  fi
done
echo 'int main(void) { return 0; }' >>"$all"
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -fsyntax-only "$all" || { echo "FAIL: all headers together as C99"; status=1; }
"$cxx" -std=c++17 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ "$all" ||
  { echo "FAIL: all headers together as C++17"; status=1; }
echo "aot.header: $# headers checked as C99 and C++17, status $status"
exit $status
