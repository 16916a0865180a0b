#!/usr/bin/env bash
# run-version.sh RESINC VERSION LLVM_VERSION COMPLETION [MAN_PAGE]
#
# What `resinc --version` says (resinc's and LLVM's versions, the build
# type, the host's SIMD widths), and the generated bash completion script:
# it parses, lists every subcommand `resinc --help` lists, and completes
# subcommands, flags and flag words when bash runs it. With MAN_PAGE (built
# when help2man is installed), the man page names every subcommand too.
# Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -lt 4 ]; then
  echo "usage: $0 RESINC VERSION LLVM_VERSION COMPLETION [MAN_PAGE]" >&2
  exit 2
fi
resinc=$1 version=$2 llvm=$3 completion=$4 man=${5:-}
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-version

# --version
step
if ! "$resinc" --version >"$work/version" 2>"$work/stderr"; then
  fail "--version exits $?: $(head -n1 "$work/stderr")"
fi
for want in "resinc $version" "LLVM $llvm" "build type: " "host CPU: " "host SIMD widths: "; do
  step
  grep -q -F -- "$want" "$work/version" || fail "--version lacks '$want': $(tr '\n' '|' <"$work/version")"
done
step
[ "$(head -n1 "$work/version")" = "resinc $version" ] ||
  fail "--version's first line is not 'resinc $version' (help2man reads it)"

# The subcommands `resinc --help` lists, from its Subcommands: section.
"$resinc" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' >"$work/subcommands"
step
[ "$(wc -l <"$work/subcommands")" -ge 10 ] || fail "resinc --help lists $(wc -l <"$work/subcommands") subcommands"

# The completion script.
step
[ -s "$completion" ] || fail "no completion script at $completion"
step
bash -n "$completion" 2>"$work/stderr" || fail "the completion script does not parse: $(head -n1 "$work/stderr")"
step
grep -q '^complete -F _resinc resinc$' "$completion" || fail "the completion script registers no completion for resinc"
while read -r sub; do
  step
  grep -q -E "^# Subcommands: (.* )?$sub( |$)" "$completion" ||
    fail "the completion script does not list the subcommand '$sub'"
done <"$work/subcommands"

# complete LINE: what the script offers for the last word of LINE.
complete_line() {
  bash -c '
    . "$1"
    read -r -a COMP_WORDS <<<"$2"
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _resinc
    printf "%s\n" "${COMPREPLY[@]}"' complete "$completion" "$1" 2>&1 | sort | tr '\n' ' '
}
check_completion() {
  step
  local got
  got=$(complete_line "$1")
  [ "$got" = "$2" ] || fail "completing '$1' gives '$got', expected '$2'"
}
check_completion "resinc r" "render run "
check_completion "resinc run x.graph --sam" "--samples "
check_completion "resinc opt x.graph --emit " "graph json resin "
check_completion "resinc run x.graph --math " "fast precise "
check_completion "resinc help ver" "verify "
check_completion "resinc ops sdf_smooth_u" "sdf_smooth_union "
step
complete_line "resinc run x.graph --engine " | grep -q -w "jit-f32x8" ||
  fail "completing --engine does not offer jit-f32x8"

# The man page, when help2man made one.
if [ -n "$man" ]; then
  step
  [ -s "$man" ] || fail "no man page at $man"
  step
  grep -q '^\.TH RESINC "1"' "$man" || fail "the man page has no .TH RESINC \"1\" header"
  # --help-all heads each subcommand's part with its name on a line of its own.
  sed 's/\\-/-/g' "$man" >"$work/man.txt"
  while read -r sub; do
    step
    grep -q -x -F "$sub" "$work/man.txt" || fail "the man page has no part for the subcommand '$sub'"
  done <"$work/subcommands"
  step
  grep -q 'EXIT STATUS' "$man" || fail "the man page has no EXIT STATUS section"
fi

echo "run-version: $total cases, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
